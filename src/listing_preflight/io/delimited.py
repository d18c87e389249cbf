"""CSV/TSV exports: encoding, delimiter, header row search, malformed records."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..i18n import _t
from ..model import CatalogError
from .columns import ROW
from .encoding import decode_text
from .raw import RawCatalog


def sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter of a delimited text file: tab for .tsv/.tab, else the commonest on line 1."""
    if suffix in {".tsv", ".tab"}:
        return "\t"
    head = text[:20000]
    first_line = head.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _numbered(frame: pl.DataFrame, first: int = 2) -> pl.DataFrame:
    """Add the `row` column numbered like a spreadsheet (the header is row 1, data starts at 2)."""
    return frame.with_row_index(ROW, offset=first).with_columns(pl.col(ROW).cast(pl.Int64))


# How far down an export may put its header row (ERP templates put a title or instructions
# above it; Amazon-style flat files have two header rows).
HEADER_SEARCH_ROWS = 10


def find_header(rows: list[list[str]], extra_names: Iterable[str] = ()) -> tuple[int, int]:
    """(header row index, first data row index) among the first rows of a sheet or CSV.

    The header is the row naming the most known columns; it stays the first row unless a
    later row names at least two more. Rows right below it that are also mostly known names
    (a second, technical header row) are skipped.
    """
    from .mapping import known_header_keys, row_key

    known = known_header_keys() | {row_key(n) for n in extra_names}

    def score(row: list[str]) -> int:
        return len({row_key(c) for c in row if c and c.strip()} & known)

    scores = [score(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if not scores:
        return 0, 1
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    header = best if scores[best] >= scores[0] + 2 else 0
    data = header + 1
    while data < len(scores) and scores[header] >= 2 and scores[data] * 2 >= scores[header]:
        data += 1
    return header, data


def _unique_headers(names: list[str]) -> tuple[list[str], list[str]]:
    """Make header names unique ('Color', 'Color (2)') and say which were repeated."""
    seen: dict[str, int] = {}
    out, notices = [], []
    for i, name in enumerate(names):
        name = name.strip().lstrip("\ufeff") or f"column {i + 1}"
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            notices.append(
                _t("column {} appears more than once; column {} is read as {}").format(
                    repr(name), i + 1, repr(new))
            )
            out.append(new)
        else:
            seen[name] = 1
            out.append(name)
    return out, notices


def _read_delimited(path: Path, header_names: Iterable[str] = ()) -> RawCatalog:
    data = path.read_bytes()
    text, encoding = decode_text(data, path)
    if not text.strip():
        raise CatalogError(f"{path}: the file has no content (only whitespace)")
    delimiter = sniff_delimiter(text, path.suffix.lower())

    # One streaming pass of the csv module finds the header row and checks record shapes (it
    # understands quoted newlines); polars does the actual parsing, which is much faster.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    top: list[list[str]] = []
    try:
        for fields in reader:
            top.append(fields)
            if len(top) == HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise CatalogError(f"{path}: malformed CSV near the header: {exc}") from None
    if not top:
        raise CatalogError(f"{path}: the file is empty")
    header_at, data_at = find_header(top, header_names)
    header = top[header_at]
    width = len(header)
    bad_rows: list[tuple[int, str]] = []
    record = 0
    try:
        for fields in itertools.chain(top, reader):
            record += 1
            if record > data_at and len(fields) != width and any(f.strip() for f in fields):
                what = (_t("extra values were ignored") if len(fields) > width
                        else _t("missing values are empty"))
                bad_rows.append((record, _t("row {} has {} fields where the header has {}; {}").format(
                    record, len(fields), width, what)))
    except csv.Error as exc:
        raise CatalogError(f"{path}: malformed CSV near record {record + 1}: {exc}") from None

    names, notices = _unique_headers(header)
    if header_at or data_at > header_at + 1:
        notices.append(_t("the header is row {} and the data starts at row {}; the rows above the "
                          "data that are not the header were skipped").format(header_at + 1, data_at + 1))
    frame = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        separator=delimiter,
        has_header=False,
        skip_rows=data_at,
        new_columns=names,
        infer_schema=False,
        truncate_ragged_lines=True,
        quote_char='"',
        raise_if_empty=False,
    )
    # Blank lines are skipped by polars; keep rows numbered like a spreadsheet (header = 1)
    # by dropping all-empty records the same way in the count above.
    frame = frame.filter(~pl.all_horizontal(pl.all().is_null() | (pl.all().str.strip_chars() == "")))
    frame = frame.select(names[: frame.width]) if frame.width > len(names) else frame
    frame = _numbered(frame, first=data_at + 1)
    if _has_blank_records(text):
        frame = _renumber(frame, text, delimiter, data_at)
    return RawCatalog(frame=frame, headers=names, encoding=encoding, bad_rows=bad_rows, notices=notices)


def _has_blank_records(text: str) -> bool:
    return "\n\n" in text or "\r\n\r\n" in text


def _renumber(frame: pl.DataFrame, text: str, delimiter: str, data_at: int) -> pl.DataFrame:
    """Row numbers that skip blank records, so that they match what a spreadsheet shows."""
    numbers = []
    for record, fields in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
        if record > data_at and any(f.strip() for f in fields):
            numbers.append(record)
    if len(numbers) == frame.height:
        return frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))
    return frame
