"""XLSX reporter: the seller's own workbook back, with the findings added to it.

An XLSX catalog is edited in place at the XML level (xlsx_package.py): its sheets, sheet
names, column order, number cells, formats and other sheets stay as they were; the checked
sheet gets two appended columns (the product's verdict, coloured, and its findings), a fill
in the colour of the worst severity and a note with the messages on every offending cell,
and the workbook gets a `Findings` sheet that links to those cells. Any other input (CSV,
JSON Lines, Parquet, several catalogs) gets a new workbook of its rows as read, with the
same appended columns, marks and sheets.

The cell of a finding is (its row, the source column its canonical field came from):
`catalog.mappings[source].single[field]`, or for a field built from several columns
(extra images) the column whose cell holds the offending image.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from ..i18n import _t
from ..io.columns import ROW, ColumnMapping
from ..results import Report
from .locations import is_file_source


def _sheet_name(source: str, taken: set[str]) -> str:
    """An Excel-legal, unique sheet name (≤ 31 chars, none of []:*?/\\) from a file name."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in Path(source).stem)[:28] or "Catalog"
    name, n = base, 1
    while name.lower() in taken or name.lower() in {"findings", "products"}:
        n += 1
        name = f"{base[:27]}~{n}"
    taken.add(name.lower())
    return name


def _raw_rows(report: Report, source: str) -> tuple[list[str], pl.DataFrame] | None:
    """The catalog file's rows as read (headers, frame with `row`), or None if unavailable."""
    if not is_file_source(source) or not Path(source).is_file():
        return None
    from ..io.readers import read_raw
    from ..model import PreflightError

    try:
        raw = read_raw(Path(source), sheet=report.catalog.sheet if report.catalog else None)
    except PreflightError:
        return None
    return raw.headers, raw.frame


def _canonical_rows(report: Report, source: str) -> tuple[list[str], pl.DataFrame]:
    """Fallback when the file cannot be re-read: the canonical columns of the checked rows."""
    assert report.catalog is not None
    frame = report.catalog.frame.filter(pl.col("source") == source)
    headers = [c for c in frame.columns if c not in (ROW, "source")]
    frame = frame.with_columns(
        pl.col(c).list.join("|") if isinstance(frame.schema[c], pl.List) else pl.col(c).cast(pl.String)
        for c in headers
    )
    return headers, frame


def _column_for(rec: dict[str, Any], mapping: ColumnMapping | None, headers: list[str],
                cells: dict[str, Any]) -> str | None:
    """The source column a finding points at, or None (then its row's first cell is used)."""
    field = rec["field"]
    if mapping is None:
        return field if field in headers else None
    if field in mapping.single:
        return mapping.single[field]
    if field in mapping.multi:
        columns = mapping.multi[field]
        image = None
        if rec["evidence"]:
            try:
                evidence = json.loads(rec["evidence"])
                image = evidence.get("image") if isinstance(evidence, dict) else None
            except ValueError:
                image = None
        if image:
            for col in columns:
                if image in str(cells.get(col) or ""):
                    return col
        return columns[0]
    return None


def render(report: Report, out: BinaryIO, options: Any) -> None:
    """Write the workbook to a binary stream: the seller's own workbook when it is one."""
    sources = list(dict.fromkeys(report.products["source"].to_list())) if report.products.height else []
    if len(sources) == 1 and Path(sources[0]).suffix.lower() in (".xlsx", ".xlsm") \
            and Path(sources[0]).is_file():
        from .xlsx_inplace import PackageError, patch_workbook

        try:
            out.write(patch_workbook(report, sources[0], getattr(options, "lang", "en"), _column_for))
            return
        except (PackageError, ValueError, KeyError, IndexError, AttributeError) as exc:
            # An unusual package: the report is still written, as a new workbook, and says so.
            sys.stderr.write(f"preflight: note: {sources[0]}: "
                             + _t("the workbook cannot be edited in place ({why}); "
                                  "the XLSX report is a new workbook of its rows").format(why=exc)
                             + "\n")
    rebuild(report, out, options)


def rebuild(report: Report, out: BinaryIO, options: Any) -> None:
    """A new workbook of the catalogs' rows (CSV, JSON Lines, Parquet or several catalogs)."""
    from .xlsx_new import new_workbook

    sources = list(dict.fromkeys(report.products["source"].to_list())) if report.products.height else []
    out.write(new_workbook(report, getattr(options, "lang", "en"), sources, _load, _column_for, _sheet_name))


def _load(report: Report, source: str) -> tuple[list[str], pl.DataFrame] | None:
    """The rows of one catalog file as read, else its checked canonical rows, else None."""
    loaded = _raw_rows(report, source)
    if loaded is None and report.catalog is not None:
        loaded = _canonical_rows(report, source)
    return loaded
