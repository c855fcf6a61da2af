"""Matching a file's headers to the fields of an import kind."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from segmint.exceptions import ColumnMappingError
from segmint.i18n import translate
from segmint.ingest.fields import KindSpec

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا"})
_NOISE = re.compile(r"[\s\u200c\u200d_\-./\\()\[\]{}:#'\"`]+")
SKIP = "-"


def fold_header(header: str) -> str:
    """The form headers are compared in: ``'Customer ID'``, ``'customer_id'`` -> ``customerid``."""
    text = unicodedata.normalize("NFKC", header).casefold().translate(_ARABIC_TO_PERSIAN)
    return _NOISE.sub("", text)


@dataclass(frozen=True)
class ColumnMapping:
    """Which file column fills which field, and which columns are left over."""

    fields: dict[str, str]
    extra: list[str]
    skipped: list[str]

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json`` output and the import log."""
        return {"fields": self.fields, "extra": self.extra, "skipped": self.skipped}


def parse_overrides(items: Iterable[str], spec: KindSpec, *, lang: str = "en") -> dict[str, str]:
    """``['Kunden-Nr=customer_id', 'Notes=-']`` -> ``{header: field}``; ``-`` skips a column."""
    overrides: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        target = target.strip()
        if not sep or not header.strip() or (target != SKIP and target not in spec.names):
            raise ColumnMappingError(
                translate(
                    "import.bad_map", lang, item=item, kind=spec.kind, fields=", ".join(spec.names)
                )
            )
        overrides[header.strip()] = target
    return overrides


def map_columns(
    headers: list[str],
    spec: KindSpec,
    *,
    overrides: Mapping[str, str] | None = None,
    source: str = "",
    lang: str = "en",
) -> ColumnMapping:
    """Match ``headers`` to ``spec``'s fields.

    An override wins; then a header equal to the field name; then a synonym. Each
    header fills at most one field, and fields are served in the spec's order.

    Raises
    ------
    ColumnMappingError
        A required field has no column; the message lists the columns there are.
    """
    overrides = dict(overrides or {})
    fields: dict[str, str] = {}
    skipped: list[str] = []
    taken: set[str] = set()
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
        taken.add(header)
        if target == SKIP:
            skipped.append(header)
        else:
            fields[target] = header
    folded = {header: fold_header(header) for header in headers if header not in taken}
    for exact in (True, False):
        for field_spec in spec.fields:
            if field_spec.name in fields:
                continue
            wanted = (
                {fold_header(field_spec.name)}
                if exact
                else {fold_header(name) for name in field_spec.synonyms}
            )
            for header, key in folded.items():
                if header not in taken and key in wanted:
                    fields[field_spec.name] = header
                    taken.add(header)
                    break
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
    ordered = {name: fields[name] for name in spec.names if name in fields}
    extra = [h for h in headers if h not in taken]
    return ColumnMapping(ordered, extra, skipped)
