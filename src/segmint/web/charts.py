"""Charts: a :class:`Chart` is a table plus how to draw it; ``static/charts.js`` draws it.

The server never writes ECharts options by hand. It sends the chart's table and a kind,
and ``charts.js`` turns them into an ECharts option, laid out right to left on Persian
pages (mirrored category axes, value axes on the right, legends and tooltips in RTL).

Kinds and what their ``encode`` names (keys of the table's columns):

==========  ============================================================
``bar``     ``x`` (categories), ``y`` (one key or a list: one series each);
            ``stack=True`` stacks them, ``horizontal=True`` lays bars flat
``line``    ``x``, ``y`` as for ``bar``; ``area=True`` fills under lines
``heatmap`` ``x``, ``y`` (categories), ``value``
``funnel``  ``name``, ``value``
``pie``     ``name``, ``value``
``sankey``  ``source``, ``target``, ``value``
``scatter`` ``x``, ``y`` (numbers), ``name`` (point labels), ``size`` (optional)
==========  ============================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segmint.web.tables import Table

KINDS = frozenset({"bar", "line", "heatmap", "funnel", "pie", "sankey", "scatter"})


@dataclass
class Chart:
    """A chart of ``table``.

    Parameters
    ----------
    table
        The data; also the chart's table view and download.
    kind
        One of :data:`KINDS`.
    encode
        Which columns play which part (see the module's table).
    options
        Kind-specific switches (``stack``, ``horizontal``, ``area``) and ``x_label`` /
        ``y_label`` axis names; ``value_kind`` (``"money"``, ``"share"``) formats values.
    download
        The address the table downloads from, without the extension (``.csv``/``.xlsx``
        are appended); None: no download button.
    """

    table: Table
    kind: str
    encode: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)
    download: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")

    @property
    def name(self) -> str:
        """The chart's name (its table's), used in element ids and file names."""
        return self.table.name

    def spec(self, lang: str) -> dict[str, Any]:
        """What ``charts.js`` reads: the kind, the table, the encoding and the direction."""
        return {
            "kind": self.kind,
            "encode": self.encode,
            "options": self.options,
            "table": self.table.as_json(),
            "lang": lang,
            "rtl": lang == "fa",
        }
