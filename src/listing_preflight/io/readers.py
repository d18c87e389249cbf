"""Read catalog exports (CSV/TSV in any common encoding, XLSX, Parquet, JSON Lines) as raw string tables."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..model import CatalogError
from .columns import SOURCE
from .delimited import (
    _read_delimited,
    sniff_delimiter,  # noqa: F401  (re-exported)
)
from .encoding import decode_text, detect_encoding  # noqa: F401  (re-exported)
from .excel import _read_excel
from .jsonl import _read_jsonl
from .parquet import _read_parquet
from .raw import RawCatalog, check_width

DELIMITED = {".csv", ".tsv", ".txt", ".tab"}
EXCEL = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
PARQUET = {".parquet", ".pq"}
JSONL = {".jsonl", ".ndjson", ".json"}



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
    check_width(path, len(raw.headers))
    if raw.frame.height == 0:
        raise CatalogError(f"{path}: has a header row but no data rows")
    raw.frame = raw.frame.with_columns(pl.lit(str(path)).alias(SOURCE))
    return raw
