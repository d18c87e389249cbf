"""CSV/TSV exports: encoding, delimiter, header row search, malformed records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from ..i18n import _t
from ..model import CatalogError
from .columns import ROW
from .encoding import decode_text
from .raw import RawCatalog, check_width


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


# Python's csv module refuses fields over 128 KiB by default; a long description is data, not
# an error (the text rules judge its length). The whole file is the real bound.
_FIELD_LIMIT = 2**31 - 1


def _read_delimited(path: Path, header_names: Iterable[str] = ()) -> RawCatalog:
    data = path.read_bytes()
    text, encoding = decode_text(data, path)
    if not text.strip():
        raise CatalogError(f"{path}: the file has no content (only whitespace)")
    delimiter = sniff_delimiter(text, path.suffix.lower())
    csv.field_size_limit(_FIELD_LIMIT)

    # One streaming pass of the csv module finds the header row and checks record shapes (it
    # understands quoted newlines, CR-only line ends and stray quotes); polars does the
    # actual parsing when the file is regular, which is much faster.
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
    check_width(path, max(len(r) for r in top))  # before any per-column work
    header_at, data_at = find_header(top, header_names)
    header = _trim_empty_tail(top[header_at])
    notices: list[str] = []
    if len(header) < len(top[header_at]):
        notices.append(_t("the header ends with {n} empty column(s); they were ignored")
                       .format(n=len(top[header_at]) - len(header)))
    width = len(header)
    bad_rows: list[tuple[int, str]] = []
    record = 0
    data_records = 0
    try:
        for fields in _records(text, delimiter, width, (len(top[header_at]),)):
            record += 1
            # any(fields) is C-fast; a record of only spaces counts here but not in polars'
            # frame, which then disagrees and the record-by-record parse takes over (rare).
            if record <= data_at or not any(fields):
                continue
            data_records += 1
            if len(fields) != width and not _only_empty_extras(fields, width) and any(
                    f.strip() for f in fields):
                what = (_t("extra values were ignored") if len(fields) > width
                        else _t("missing values are empty"))
                bad_rows.append((record, _t("row {row} has {n} fields where the header has "
                                            "{width}; {what}").format(row=record, n=len(fields),
                                                                      width=width, what=what)))
    except csv.Error as exc:
        raise CatalogError(f"{path}: malformed CSV near record {record + 1}: {exc}") from None

    names, more = _unique_headers(header)
    notices += more
    if header_at or data_at > header_at + 1:
        notices.append(_t("the header is row {} and the data starts at row {}; the rows above the "
                          "data that are not the header were skipped").format(header_at + 1, data_at + 1))
    frame = None
    if not bad_rows and width == len(top[header_at]) and not _cr_only(text):
        frame = _polars_frame(text, delimiter, names, data_at, data_records)
    if frame is None:
        # Irregular file (ragged records, a stray quote polars rejects, CR-only lines, an
        # empty header tail): build the table from the csv module's records, each record
        # padded or cut to the header's width, so that every record is kept.
        frame = _records_frame(text, delimiter, names, data_at, (len(top[header_at]),))
    return RawCatalog(frame=frame, headers=names, encoding=encoding, bad_rows=bad_rows, notices=notices)


def _records(text: str, delimiter: str, width: int, widths: tuple[int, ...] = ()
             ) -> Iterator[list[str]]:
    """The file's records; a multi-line record of the wrong width is split back into its lines.

    A stray opening quote (`"12 inch` never closed) makes the csv module read every following
    line into one field. Such a record cannot be right (its width is wrong), so each of its
    physical lines is read as a record of its own: the broken line becomes one bad record
    (CAT005) and the lines after it are kept.
    """
    # The csv module's line splitting (\n, \r, \r\n), so that line_num indexes this list.
    lines = io.StringIO(text, newline="").readlines()
    # Only a file whose quotes are broken somewhere can have swallowed lines; one strict pass
    # in C tells (a quote inside an unquoted field, `12" stand`, is fine even in strict mode).
    careful = not _well_quoted(lines, delimiter)
    reader = csv.reader(lines, delimiter=delimiter)
    before = 0
    for fields in reader:
        after = reader.line_num
        if after - before > 1 and (
                len(fields) not in (width, *widths)
                or careful and not _strictly_quoted(lines[before:after], delimiter)
                or len(fields) != width and _holds_records(lines[before + 1:after], delimiter,
                                                           (width, *widths))):
            # A later stray quote, or the opening quote of a later field, can close the
            # unclosed one and give the merged record the right width by chance; strict
            # parsing of the record tells (a real quoted field ends in `",` or `"` + line end).
            for line in lines[before:after]:
                yield next(csv.reader([line], delimiter=delimiter), [])
        else:
            yield fields
        before = after


def _holds_records(inner: list[str], delimiter: str, widths: tuple[int, ...]) -> bool:
    """True when a line inside a merged record is a whole record on its own (it was swallowed).

    Only asked when the merged record has the header's untrimmed width but not the trimmed
    one (an unclosed quote gained exactly one field), so real multi-line text is not split.
    """
    return any(len(next(csv.reader([line], delimiter=delimiter), [])) in widths for line in inner[:-1])


def _well_quoted(lines: list[str], delimiter: str) -> bool:
    """True when the whole file parses in strict mode (every quoted field closed properly)."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _strictly_quoted(span: list[str], delimiter: str) -> bool:
    """True when the lines of one multi-line record are well-formed CSV (quotes closed properly)."""
    try:
        return len(list(csv.reader(io.StringIO("".join(span), newline=""), delimiter=delimiter,
                                   strict=True))) == 1
    except csv.Error:
        return False


def _trim_empty_tail(header: list[str]) -> list[str]:
    """The header without trailing unnamed columns (Excel's trailing separators)."""
    end = len(header)
    while end > 1 and not header[end - 1].strip():
        end -= 1
    return header[:end]


def _only_empty_extras(fields: list[str], width: int) -> bool:
    return len(fields) > width and not any(f.strip() for f in fields[width:])


def _cr_only(text: str) -> bool:
    """True for old Mac line ends (CR without LF), which polars does not split on."""
    return "\r" in text and "\n" not in text


def _polars_frame(text: str, delimiter: str, names: list[str], data_at: int,
                  expected: int) -> pl.DataFrame | None:
    """The regular file parsed by polars, or None when polars disagrees with the csv module."""
    try:
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
    except pl.exceptions.PolarsError:
        return None
    # Blank lines are skipped by polars; keep rows numbered like a spreadsheet (header = 1)
    # by dropping all-empty records the same way in the count above.
    frame = frame.filter(~pl.all_horizontal(pl.all().is_null() | (pl.all().str.strip_chars() == "")))
    if frame.width != len(names) or frame.height != expected:
        return None  # e.g. a quote polars read differently: trust the record-by-record parse
    frame = _numbered(frame, first=data_at + 1)
    if _has_blank_records(text):
        frame = _renumber(frame, text, delimiter, data_at)
    return frame


def _records_frame(text: str, delimiter: str, names: list[str], data_at: int,
                   widths: tuple[int, ...] = ()) -> pl.DataFrame:
    """The table built record by record with the csv module (irregular files only)."""
    width = len(names)
    numbers: list[int] = []
    cells: list[list[str | None]] = []
    for record, fields in enumerate(_records(text, delimiter, width, widths), 1):
        if record <= data_at or not any(f.strip() for f in fields):
            continue
        numbers.append(record)
        row: list[str | None] = [f if f != "" else None for f in fields[:width]]
        cells.append(row + [None] * (width - len(row)))
    columns = {name: [r[i] for r in cells] for i, name in enumerate(names)}
    frame = pl.DataFrame(columns, schema={n: pl.String for n in names})
    return frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64)).select(ROW, *names)


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
