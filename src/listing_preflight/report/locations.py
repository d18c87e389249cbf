"""Where a finding is, for formats that point at files (SARIF, GitHub annotations, JUnit)."""

from __future__ import annotations

import csv
import functools
import io
import os
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

# Formats whose records start on lines an editor can jump to. A spreadsheet or Parquet file
# has rows but no lines; a JSON array's "row" is the item's index, not a line.
DELIMITED = {".csv", ".tsv", ".txt", ".tab", ""}
LINE_PER_RECORD = {".jsonl", ".ndjson"}


def is_file_source(source: str | None) -> bool:
    """True when `source` names a catalog file (not an in-memory source such as '<rows>')."""
    return bool(source) and not (source.startswith("<") and source.endswith(">"))  # type: ignore[union-attr]


def place(rec: dict[str, Any], gettext: Callable[[str], str] | None = None) -> str:
    """A finding's product, variant and field as one label ('P-1 [P-1-red] title')."""
    label = rec["product_sku"] + (f" [{rec['variant_sku']}]" if rec["variant_sku"] else "")
    field = (gettext or _same)(rec["field"]) if rec["field"] else ""
    return label + (f" {field}" if field else "")


def line_of(source: str | None, row: int | None) -> int | None:
    """The line where record `row` of `source` starts, or None when lines mean nothing there.

    Rows are record numbers (header = 1); in a CSV with quoted newlines a record spans several
    lines, so the line is looked up in the file rather than assumed equal to the row.
    """
    if row is None or row < 1 or not is_file_source(source):
        return None
    suffix = PurePath(source).suffix.lower()  # type: ignore[arg-type]
    if suffix in LINE_PER_RECORD:
        return row
    if suffix not in DELIMITED:
        return None
    try:  # cache per file version: the same name may be another file later (library use)
        # os.path, not pathlib: this runs once per finding (pathlib cost ~3 s per 10,000).
        stat = os.stat(source)  # type: ignore[arg-type]
        starts = _record_starts(os.path.abspath(source), stat.st_mtime_ns, stat.st_size)  # type: ignore[arg-type]
    except OSError:
        starts = None
    if starts is None:  # the file is gone or unreadable now: the row is the best guess
        return row
    return starts[row - 1] if row - 1 < len(starts) else row


@functools.lru_cache(maxsize=8)
def _record_starts(source: str, mtime_ns: int, size: int) -> list[int] | None:
    """The first line of every CSV record (index = record number - 1), read with the csv module."""
    from ..io.readers import decode_text, sniff_delimiter
    from ..model import PreflightError

    path = Path(source)
    try:
        text, _ = decode_text(path.read_bytes(), path)
    except (OSError, PreflightError):
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, path.suffix.lower()))
    starts, line = [], 1
    try:
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        return None
    return starts


def artifact_uri(source: str) -> str:
    """A URI for the catalog file: relative paths stay relative (percent-encoded), absolute become file:."""
    path = Path(display_path(source))
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/._-~")


def display_path(source: str) -> str:
    """`source` as a path relative to the working directory when it lies below it.

    CI annotations and editors resolve paths from the checkout, and an absolute path from a
    runner's disk means nothing to a reader elsewhere.
    """
    if not is_file_source(source):
        return source
    return _display_path(source, os.getcwd())


@functools.lru_cache(maxsize=64)
def _display_path(source: str, cwd: str) -> str:
    path = Path(source)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return source


def _same(text: str) -> str:
    return text


def where(source: str | None, row: int | None, gettext: Callable[[str], str] = _same) -> str:
    """`file:line` when the file has lines, else `file (row N)`: what a reader can jump to."""
    if not source:
        return gettext("row {row}").format(row=row)
    line = line_of(source, row)
    shown = display_path(source)
    if line is not None:
        return f"{shown}:{line}"
    return gettext("{path} (row {row})").format(path=shown, row=row)
