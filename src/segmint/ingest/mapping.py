"""Matching a file's headers to the fields of an import kind.

Matching is ranked, so a loose word never takes a column from a better match: a
header equal to the field's name beats a specific synonym (``InvoiceDate``), which
beats a generic word (``date``, ``total``, ``id``); within a tier, earlier words of the
field's list win, then fields in the kind's order, then headers in file order. The
words live in :mod:`segmint.ingest.synonyms`. Columns no name fits may then be read
by content (:mod:`segmint.ingest.inference`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from segmint.exceptions import ColumnMappingError
from segmint.i18n import translate
from segmint.ingest.fields import FieldSpec, KindSpec
from segmint.ingest.synonyms import CUSTOMER_BY_EMAIL, RECORD_KEY, WORDS

if TYPE_CHECKING:
    from segmint.ingest.inference import Inference

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا"})
_NOISE = re.compile(r"[\s\u200c\u200d_\-./\\()\[\]{}:#'\"`]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
SKIP = "-"
EXACT, SYNONYM, GENERIC, OVERRIDE, INFERRED = "exact", "synonym", "generic", "override", "inferred"

Infer = Callable[[list[str], list[FieldSpec]], "list[Inference]"]


def fold_header(header: str) -> str:
    """The form headers are compared in: ``'Customer ID'``, ``'customer_id'`` -> ``customerid``."""
    text = unicodedata.normalize("NFKC", header).casefold().translate(_ARABIC_TO_PERSIAN)
    return _NOISE.sub("", text)


@dataclass(frozen=True)
class ColumnMapping:
    """Which file column fills which field, how it was matched, and where the rest go.

    ``how`` says per field how its column was found (``override``, ``exact``,
    ``synonym``, ``generic`` or ``inferred``). ``extra`` are the columns no field
    took; ``keeps`` says what the kind does with them (``custom_fields``: stored as
    custom fields named by ``custom``; ``properties``: stored in each event's
    properties; ``ignore``: dropped, so they are ``unused``).
    """

    fields: dict[str, str]
    extra: list[str]
    skipped: list[str]
    how: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)
    keeps: str = "ignore"
    inferences: list[Inference] = field(default_factory=list)

    @property
    def unused(self) -> list[str]:
        """The columns really dropped: skipped, or extra in a kind that keeps no extras."""
        return [*self.skipped, *(self.extra if self.keeps == "ignore" else [])]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` output and the import log."""
        return {
            "fields": self.fields,
            "how": self.how,
            "extra": self.extra,
            "skipped": self.skipped,
            "custom_fields": self.custom,
            "properties": self.extra if self.keeps == "properties" else [],
            "unused": self.unused,
            "inferred": [inference.to_dict() for inference in self.inferences],
        }


@cache
def header_words(kind: str, name: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """Folded (exact names, specific words, generic words) of field ``name`` of ``kind``."""
    from segmint.ingest.fields import KINDS

    spec = KINDS[kind]
    field_spec = spec.field(name)
    words = WORDS.get(name)
    specific = [*(words.specific if words else ()), *field_spec.synonyms]
    generic = list(words.generic if words else ())
    if name == spec.key[0] and field_spec.type == "id":
        generic = [*RECORD_KEY, *generic]
    if name == "customer_id" and "email" not in spec.names:
        specific += CUSTOMER_BY_EMAIL.specific
        generic += CUSTOMER_BY_EMAIL.generic
    return (
        frozenset({fold_header(name)}),
        tuple(dict.fromkeys(fold_header(w) for w in specific)),
        tuple(dict.fromkeys(fold_header(w) for w in generic)),
    )


def _header_keys(header: str) -> list[str]:
    """The header folded, and without a bracketed unit (``Annual Income (k$)`` -> income)."""
    keys = [fold_header(header)]
    bare = fold_header(_BRACKETED.sub("", header))
    if bare and bare not in keys:
        keys.append(bare)
    return keys


def _rank(kind: str, field_name: str, header: str) -> tuple[int, int, int, str] | None:
    """(tier, bracket stripped, word position, how) of the best way ``header`` names the field."""
    exact, specific, generic = header_words(kind, field_name)
    best: tuple[int, int, int, str] | None = None
    for stripped, key in enumerate(_header_keys(header)):
        if key in exact:
            found = (0, stripped, 0, EXACT)
        elif key in specific:
            found = (1, stripped, specific.index(key), SYNONYM)
        elif key in generic:
            found = (2, stripped, generic.index(key), GENERIC)
        else:
            continue
        if best is None or found < best:
            best = found
    return best


def match_headers(
    headers: Sequence[str], spec: KindSpec, *, exclude: Iterable[str] = ()
) -> dict[str, tuple[str, str]]:
    """``{field: (header, how)}`` by name alone, best matches first; never raises."""
    excluded = set(exclude)
    candidates = []
    for field_index, field_spec in enumerate(spec.fields):
        if field_spec.name in excluded:
            continue
        for header_index, header in enumerate(headers):
            rank = _rank(spec.kind, field_spec.name, header)
            if rank is not None:
                tier, stripped, word, how = rank
                order = (tier, stripped, word, field_index, header_index)
                candidates.append((order, field_spec.name, header, how))
    matched: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for _, name, header, how in sorted(candidates):
        if name not in matched and header not in taken:
            matched[name] = (header, how)
            taken.add(header)
    return matched


def parse_overrides(items: Iterable[str], spec: KindSpec, *, lang: str = "en") -> dict[str, str]:
    """``['Kunden-Nr=customer_id', 'Notes=-']`` -> ``{header: field}``; ``-`` skips a column.

    For customers, a name that is no built-in field keeps the column as a custom field
    of that name; other kinds accept only their fields.
    """
    from segmint.ingest.shapes import field_name  # shapes reads values, which folds headers

    overrides: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        target = target.strip()
        known = target == SKIP or target in spec.names
        custom = spec.extra == "custom_fields" and bool(target)
        if not sep or not header.strip() or not (known or custom):
            raise ColumnMappingError(
                translate(
                    "import.bad_map", lang, item=item, kind=spec.kind, fields=", ".join(spec.names)
                )
            )
        overrides[header.strip()] = target if known else field_name(target)
    return overrides


def map_columns(
    headers: list[str],
    spec: KindSpec,
    *,
    overrides: Mapping[str, str] | None = None,
    infer: Infer | None = None,
    source: str = "",
    lang: str = "en",
) -> ColumnMapping:
    """Match ``headers`` to ``spec``'s fields.

    An override wins; then the ranked match by name (:func:`match_headers`); then,
    for the fields still without a column, ``infer`` may read the left-over columns'
    content. Each header fills at most one field. For customers, an override naming
    no built-in field keeps the column as a custom field of that name.

    Raises
    ------
    ColumnMappingError
        A required field has no column; the message lists the columns there are.
    """
    from segmint.ingest.shapes import field_name  # shapes reads values, which folds headers

    overrides = dict(overrides or {})
    fields: dict[str, str] = {}
    how: dict[str, str] = {}
    custom: dict[str, str] = {}
    skipped: list[str] = []
    for header, target in overrides.items():
        if header not in headers:
            raise ColumnMappingError(
                translate(
                    "import.missing_columns",
                    lang,
                    path=source,
                    fields=repr(header),
                    columns=", ".join(headers),
                )
            )
        if target == SKIP:
            skipped.append(header)
        elif target in spec.names:
            fields[target] = header
            how[target] = OVERRIDE
        else:
            custom[header] = target
    left = [h for h in headers if h not in overrides]
    for name, (header, kind) in match_headers(left, spec, exclude=fields).items():
        fields[name] = header
        how[name] = kind
    inferences: list[Inference] = []
    if infer is not None:
        taken = set(fields.values())
        unfilled = [f for f in spec.fields if f.name not in fields]
        inferences = infer([h for h in left if h not in taken], unfilled) if unfilled else []
        for inference in inferences:
            fields[inference.field] = inference.header
            how[inference.field] = INFERRED
    missing = [f.name for f in spec.fields if f.required and f.name not in fields]
    if missing:
        raise ColumnMappingError(
            translate(
                "import.missing_columns",
                lang,
                path=source,
                fields=", ".join(missing),
                columns=", ".join(headers),
            )
        )
    taken = set(fields.values())
    extra = [h for h in headers if h not in taken and h not in skipped]
    if spec.extra == "custom_fields":
        custom = {h: custom.get(h) or field_name(h) for h in extra}
    ordered = {name: fields[name] for name in spec.names if name in fields}
    return ColumnMapping(
        ordered,
        extra,
        skipped,
        how={name: how[name] for name in ordered},
        custom=custom,
        keeps=spec.extra,
        inferences=inferences,
    )
