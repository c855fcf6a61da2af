"""The BG/NBD likelihood pass over many customers: sums only, in place, on two cores.

Fitting reads every customer's (x, t_x, T) three to six times, and on a million
continuous-time histories (which barely repeat, so compressing them does not help)
those passes are the fit. This module makes one pass cheap:

* it returns the weighted sums the optimizer needs, never per-row gradient arrays;
* rows without repeat purchases need only ``log(alpha + T)`` and ``1 / (alpha + T)``;
* every per-row step writes into buffers allocated once per fit (a fresh 8 MB array
  per NumPy operation costs page faults comparable to the arithmetic);
* above 200,000 rows the rows are split in two halves, one evaluated in a second
  thread (NumPy releases the GIL inside its loops), so a pass uses both cores of a
  laptop.

The values equal ``BetaGeo._loglik`` summed with the weights (a test checks this).
"""

from __future__ import annotations

import threading
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# Below this many rows one thread does the pass (a thread start costs ~0.1 ms).
TWO_THREADS_ABOVE = 200_000
# Number of sums a chunk returns (see RowChunk.sums).
_N_SUMS = 8


class RowChunk:
    """A slice of the customers, split by whether they repeated, with work buffers."""

    def __init__(
        self,
        x: Array,
        t_x: Array,
        T: Array,
        w: Array,
        idx: NDArray[np.intp],
        n_freq: int,
        *,
        plain: bool,
    ) -> None:
        zero = x == 0
        rep = ~zero
        self.T0 = T[zero]
        self.x1, self.t1, self.T1 = x[rep], t_x[rep], T[rep]
        self.idx = idx[rep]
        self.n_freq = n_freq
        self.plain = plain
        # Unit weights (the usual case) are never read: _dot sums the values.
        self.w0: Array = T[:0] if self.plain else w[zero]
        self.w1: Array = T[:0] if self.plain else w[rep]
        self.wx1 = self.x1 if self.plain else self.w1 * self.x1
        self.zero_buf = [np.empty(len(self.T0)) for _ in range(2)]
        self.buf = [np.empty(len(self.x1)) for _ in range(8)]

    def _dot(self, weights: Array, values: Array) -> float:
        """``sum(weights * values)``, or ``sum(values)`` when every weight is 1."""
        if self.plain:
            return float(values.sum())
        # einsum, not BLAS: BLAS threads cost more than they save on 1-D sums.
        return float(np.einsum("i,i->", weights, values))

    def sums(self, r: float, alpha: float, c2: Array, grad: bool) -> tuple[Array, Array | None]:
        """The row sums of one pass.

        With ``L = log(alpha + T)``, ``D = L - log(alpha + t_x)``, ``k = r + x``,
        ``d = c2[x] + k D`` (the log-odds of "dropped out after the last purchase"),
        ``w2 = expit(d)``, ``v2 = w w2``, ``R = 1 / (alpha + T)`` and
        ``S = 1 / (alpha + t_x)``, index 0 for rows without repeat purchases and 1 for
        the others, returns ``[sum w0 L0, sum w1 L1, sum w1 x1 L1, sum w1 softplus(d),
        sum w0 R0, sum v2 D, sum w1 k1 (R1 + w2 (S1 - R1)), sum v2]`` (the last four
        only with ``grad``) and, with ``grad``, ``sum v2`` per distinct frequency.
        """
        out = np.zeros(_N_SUMS)
        z_a, z_l = self.zero_buf
        np.add(self.T0, alpha, out=z_a)
        np.log(z_a, out=z_l)
        out[0] = self._dot(self.w0, z_l)
        a1, l1, b1, dd, k1, d, e, s = self.buf
        np.add(self.T1, alpha, out=a1)
        np.log(a1, out=l1)
        np.add(self.t1, alpha, out=b1)
        np.log(b1, out=dd)
        np.subtract(l1, dd, out=dd)
        np.add(self.x1, r, out=k1)
        np.multiply(k1, dd, out=d)
        np.take(c2, self.idx, out=s)
        d += s
        np.abs(d, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        out[1] = self._dot(self.w1, l1)
        out[2] = float(np.einsum("i,i->", self.wx1, l1))
        # softplus(d) = max(d, 0) + log1p(exp(-|d|)), summed in two parts.
        np.log1p(e, out=s)
        soft = self._dot(self.w1, s)
        np.maximum(d, 0.0, out=s)
        out[3] = soft + self._dot(self.w1, s)
        if not grad:
            return out, None
        np.reciprocal(z_a, out=z_a)
        out[4] = self._dot(self.w0, z_a)
        # w2 = expit(d) = (1 if d > 0 else e) / (1 + e).
        np.copyto(s, e)
        np.copyto(s, 1.0, where=d > 0)
        e += 1.0
        s /= e
        np.reciprocal(a1, out=a1)
        np.reciprocal(b1, out=b1)
        b1 -= a1
        b1 *= s
        b1 += a1
        b1 *= k1
        out[6] = self._dot(self.w1, b1)
        if not self.plain:
            s *= self.w1
        out[5] = float(np.einsum("i,i->", s, dd))
        out[7] = float(s.sum())
        by_freq = np.bincount(self.idx, weights=s, minlength=self.n_freq)
        return out, by_freq.astype(np.float64, copy=False)


class BetaGeoRows:
    """The customers of one fit, ready for repeated likelihood passes."""

    def __init__(self, x: Array, t_x: Array, T: Array, w: Array) -> None:
        ux, idx = _frequencies(x)
        self.ux = ux
        plain = bool(np.all(w == 1.0))
        counts = np.bincount(idx, weights=None if plain else w, minlength=len(ux))
        self.count = counts.astype(np.float64)
        halves = 2 if len(x) > TWO_THREADS_ABOVE else 1
        bounds = np.linspace(0, len(x), halves + 1).astype(int)
        self.chunks = [
            RowChunk(x[lo:hi], t_x[lo:hi], T[lo:hi], w[lo:hi], idx[lo:hi], len(ux), plain=plain)
            for lo, hi in pairwise(bounds)
        ]

    def sums(self, r: float, alpha: float, c2: Array, grad: bool) -> tuple[Array, Array | None]:
        """:meth:`RowChunk.sums` over all rows, the second half in another thread."""
        if len(self.chunks) == 1:
            return self.chunks[0].sums(r, alpha, c2, grad)
        results: list[tuple[Array, Array | None]] = []
        other = threading.Thread(
            target=lambda: results.append(self.chunks[1].sums(r, alpha, c2, grad))
        )
        other.start()
        first = self.chunks[0].sums(r, alpha, c2, grad)
        other.join()
        if not results:
            raise RuntimeError("the second likelihood thread failed")
        second = results[0]
        by_freq = None if first[1] is None or second[1] is None else first[1] + second[1]
        return first[0] + second[0], by_freq


def _frequencies(x: Array) -> tuple[Array, NDArray[np.intp]]:
    """Distinct values of whole-number ``x`` and each row's index among them.

    A counting pass instead of ``np.unique``'s sort while the largest value is moderate.
    """
    top = int(x.max()) if len(x) else 0
    if top > 1_000_000:
        ux, idx = np.unique(x, return_inverse=True)
        return ux, idx
    xi = x.astype(np.intp)
    present = np.flatnonzero(np.bincount(xi, minlength=top + 1))
    if len(present) == top + 1:  # every count from 0 to the largest occurs
        return present.astype(np.float64), xi
    position = np.zeros(top + 1, dtype=np.intp)
    position[present] = np.arange(len(present))
    return present.astype(np.float64), position[xi]
