"""Read catalog exports (CSV/TSV in any common encoding, XLSX, Parquet, JSON Lines) as raw string tables."""

from __future__ import annotations

import csv
import itertools
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..model import CatalogError
from .columns import ROW, SOURCE

DELIMITED = {".csv", ".tsv", ".txt", ".tab"}
EXCEL = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
PARQUET = {".parquet", ".pq"}
JSONL = {".jsonl", ".ndjson", ".json"}


@dataclass
class RawCatalog:
    """A catalog as read: string columns in source order plus `row` and `source`."""

    frame: pl.DataFrame
    headers: list[str]
    encoding: str | None = None
    # Malformed records: (row, message). They become CAT005 findings; the rest is checked.
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_raw(path: Path, *, sheet: str | None = None, header_names: Iterable[str] = ()) -> RawCatalog:
    """Read one catalog file by its suffix; raise CatalogError with a one-line reason."""
    if not path.exists():
        raise CatalogError(f"{path}: no such file")
    if path.is_dir():
        raise CatalogError(f"{path}: is a directory, not a catalog file")
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise CatalogError(f"{path}: the file is empty (0 bytes)")
        if suffix in EXCEL:
            raw = _read_excel(path, sheet, header_names)
        elif suffix in PARQUET:
            raw = _read_parquet(path)
        elif suffix in JSONL:
            raw = _read_jsonl(path)
        else:  # CSV/TSV, also for unknown suffixes (ERP exports are often .txt or none)
            raw = _read_delimited(path, header_names)
    except CatalogError:
        raise
    except (OSError, pl.exceptions.PolarsError, ValueError, UnicodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CatalogError(f"{path}: cannot be read as a catalog: {first}") from exc
    if raw.frame.height == 0:
        raise CatalogError(f"{path}: has a header row but no data rows")
    raw.frame = raw.frame.with_columns(pl.lit(str(path)).alias(SOURCE))
    return raw


# ---------------------------------------------------------------------------------- encoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of a CSV export: BOM, then strict UTF-8, then charset detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[: 1 << 20]
    # UTF-16 without BOM: every other byte of ASCII text is NUL.
    if sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Our users are mostly Chinese sellers: a strict GB18030 decode whose non-ASCII characters
    # are nearly all common Chinese characters and punctuation is the right answer even when
    # there are too few of them for statistical detection (which then guesses Korean).
    if _plausible_chinese(sample):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    name = (best.encoding if best else "gb18030").lower().replace("_", "-")
    # GB18030 is a superset of GB2312 and GBK, so it decodes what a narrower guess would reject.
    if name in {"gb2312", "gbk", "hz", "cp936"} or not best:
        return "gb18030"
    return name


def _plausible_chinese(sample: bytes) -> bool:
    try:
        text = sample.decode("gb18030")
    except UnicodeDecodeError:
        # The sample may end inside a multi-byte character.
        try:
            text = sample[:-3].decode("gb18030") if len(sample) > 3 else ""
        except UnicodeDecodeError:
            return False
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return False
    chinese = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                  or "\uff00" <= c <= "\uffef")
    if chinese / len(wide) < 0.9:
        return False
    # Mis-decoded Latin-1 ('d\xe9cor' -> one CJK character between Latin letters) gives isolated
    # ideographs; Chinese words come in runs of two or more.
    isolated = len(re.findall(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?![\u4e00-\u9fff])", text))
    return isolated <= 0.5 * chinese


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes to text with the detected encoding; raise CatalogError when impossible."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path}: cannot decode the text as {encoding} (byte {exc.start}); "
            "save the export as UTF-8 or GBK"
        ) from exc


# ---------------------------------------------------------------------------------- CSV / TSV

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
    from .columns import known_header_keys, normalise_header

    known = known_header_keys() | {normalise_header(n) for n in extra_names}

    def score(row: list[str]) -> int:
        return len({normalise_header(c) for c in row if c and c.strip()} & known)

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
                f"column {name!r} appears more than once; column {i + 1} is read as {new!r}"
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
                what = "extra values were ignored" if len(fields) > width else "missing values are empty"
                bad_rows.append(
                    (record, f"row {record} has {len(fields)} fields where the header has {width}; {what}")
                )
    except csv.Error as exc:
        raise CatalogError(f"{path}: malformed CSV near record {record + 1}: {exc}") from None

    names, notices = _unique_headers(header)
    if header_at or data_at > header_at + 1:
        notices.append(f"the header is row {header_at + 1} and the data starts at row {data_at + 1}; "
                       "the rows above the data that are not the header were skipped")
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


# ---------------------------------------------------------------------------------- XLSX

def _read_excel(path: Path, sheet: str | None, header_names: Iterable[str] = ()) -> RawCatalog:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:  # fastexcel raises its own error types for corrupt files
        raise CatalogError(f"{path}: not a readable spreadsheet: {str(exc).splitlines()[0]}") from exc
    sheets = reader.sheet_names
    if not sheets:
        raise CatalogError(f"{path}: the workbook has no sheets")
    if sheet is not None and sheet not in sheets:
        raise CatalogError(f"{path}: no sheet {sheet!r}; sheets: {', '.join(sheets)}")
    try:
        table = reader.load_sheet(sheet if sheet is not None else 0, header_row=None, dtypes="string")
    except Exception as exc:
        raise CatalogError(f"{path}: sheet cannot be read: {str(exc).splitlines()[0]}") from exc
    grid = table.to_polars()
    if grid.height == 0:
        raise CatalogError(f"{path}: the sheet is empty")
    top = [["" if v is None else str(v) for v in grid.row(i)]
           for i in range(min(HEADER_SEARCH_ROWS, grid.height))]
    header_at, data_at = find_header(top, header_names)
    header = top[header_at]
    # Trailing unnamed, empty columns are formatting leftovers.
    while header and not header[-1].strip() and \
            grid.get_column(grid.columns[len(header) - 1]).slice(data_at).drop_nulls().len() == 0:
        header.pop()
    names, notices = _unique_headers(header)
    if header_at or data_at > header_at + 1:
        notices.append(f"the header is row {header_at + 1} and the data starts at row {data_at + 1}; "
                       "the rows above the data that are not the header were skipped")
    body = grid.slice(data_at).select(grid.columns[: len(names)])
    body.columns = names
    body = _numbered(body, first=data_at + 1)
    body = body.filter(~pl.all_horizontal(pl.exclude(ROW).is_null() | (pl.exclude(ROW).str.strip_chars() == "")))
    if body.height == 0 and len(sheets) > 1:
        chosen = sheet if sheet is not None else sheets[0]
        raise CatalogError(f"{path}: sheet {chosen!r} has no data rows; choose the sheet with --sheet "
                           f"(sheets: {', '.join(sheets)})")
    return RawCatalog(frame=body, headers=names, notices=notices)


# ---------------------------------------------------------------------------------- Parquet

def _read_parquet(path: Path) -> RawCatalog:
    frame = pl.read_parquet(path)
    names = frame.columns
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) if not isinstance(frame.schema[c], pl.List)
        else pl.col(c).cast(pl.List(pl.String)).list.join("|")
        for c in names
    )
    return RawCatalog(frame=_numbered(frame), headers=names)


# ---------------------------------------------------------------------------------- JSON Lines

def _read_jsonl(path: Path) -> RawCatalog:
    """Joom API v3 product objects, one per line (or a JSON array); variants become rows."""
    text, encoding = decode_text(path.read_bytes(), path)
    stripped = text.lstrip()
    records: list[tuple[int, object]] = []
    bad_rows: list[tuple[int, str]] = []
    whole = _whole_json(stripped) if stripped.startswith("{") else None
    if stripped.startswith("[") or whole is not None:
        try:
            items = whole if whole is not None else json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CatalogError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno}") from None
        records = [(i + 1, obj) for i, obj in enumerate(items)]
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                bad_rows.append((number, f"line {number} is not valid JSON ({exc.msg}); it was skipped"))
    rows: list[dict[str, str | None]] = []
    for number, obj in records:
        if isinstance(obj, dict) and isinstance(obj.get("data"), dict):
            obj = obj["data"]  # API responses wrap the product in {"data": ...}
        if not isinstance(obj, dict):
            bad_rows.append((number, f"line {number} is not a JSON object; it was skipped"))
            continue
        product = {k: _scalar(v) for k, v in obj.items() if k != "variants"}
        variants = obj.get("variants") or [{}]
        if not isinstance(variants, list):
            variants = [{}]
        for variant in variants:
            row = {ROW: number, **product}
            if isinstance(variant, dict):
                row.update({f"variants.{k}": _scalar(v) for k, v in variant.items()})
            rows.append(row)
    if not rows:
        if bad_rows:
            raise CatalogError(f"{path}: no readable product objects ({bad_rows[0][1]})")
        raise CatalogError(f"{path}: has no product objects")
    headers = list(dict.fromkeys(k for r in rows for k in r if k != ROW))
    frame = pl.DataFrame(rows, schema={ROW: pl.Int64, **{h: pl.String for h in headers}}, strict=False)
    return RawCatalog(frame=frame, headers=headers, encoding=encoding, bad_rows=bad_rows)


def _whole_json(text: str) -> list[object] | None:
    """Products of a file that is one JSON document (pretty-printed object or API response).

    {"data": [...]}, {"products": [...]} and {"items": [...]} hold a list of products; any other
    object is one product. None when the text is not one JSON document (JSON Lines).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(document, dict):
        for key in ("data", "products", "items"):
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return None


def _scalar(value: object) -> str | None:
    """JSON value as a cell string; lists of strings are joined with '|', objects kept as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict) and set(value) >= {"amount"}:
        return str(value["amount"])  # {"amount": "12.5", "currency": "USD"}
    return json.dumps(value, ensure_ascii=False)
