"""Where a finding is, for formats that point at files (SARIF, GitHub annotations, JUnit)."""

from __future__ import annotations

from pathlib import Path, PurePath
from urllib.parse import quote

# Text formats whose record numbers are line numbers an editor can jump to. A spreadsheet or
# Parquet file has rows but no lines, so a line there would point at nothing.
LINE_FORMATS = {".csv", ".tsv", ".txt", ".tab", ".jsonl", ".ndjson", ".json", ""}


def is_file_source(source: str | None) -> bool:
    """True when `source` names a catalog file (not an in-memory source such as '<rows>')."""
    return bool(source) and not (source.startswith("<") and source.endswith(">"))  # type: ignore[union-attr]


def line_of(source: str | None, row: int | None) -> int | None:
    """The line to show for `row` of `source`, or None when a line is not meaningful there."""
    if row is None or row < 1 or not is_file_source(source):
        return None
    return row if PurePath(source).suffix.lower() in LINE_FORMATS else None  # type: ignore[arg-type]


def artifact_uri(source: str) -> str:
    """A URI for the catalog file: relative paths stay relative (percent-encoded), absolute become file:."""
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/._-~")
