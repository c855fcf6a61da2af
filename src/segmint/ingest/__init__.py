"""Import of real-world files: map columns, check and normalize, store, reject with reasons."""

from __future__ import annotations

from segmint.ingest.fields import KINDS, FieldSpec, KindSpec
from segmint.ingest.importer import ImportOptions, ImportResult, import_file
from segmint.ingest.inference import Inference
from segmint.ingest.log import previous_import, record_import
from segmint.ingest.mapping import ColumnMapping, map_columns
from segmint.ingest.preview import ImportPreview, preview_import

__all__ = [
    "KINDS",
    "ColumnMapping",
    "FieldSpec",
    "ImportOptions",
    "ImportPreview",
    "ImportResult",
    "Inference",
    "KindSpec",
    "import_file",
    "map_columns",
    "preview_import",
    "previous_import",
    "record_import",
]
