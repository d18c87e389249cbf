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
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..i18n import _t, translate_message, translator
from ..results import Report
from ..io.columns import ROW, ColumnMapping
from .locations import is_file_source

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FILLS = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}
FONTS = {"error": "#9C0006", "warning": "#7A5700", "info": "#1F4E79"}
MAX_ROWS = 1_048_575  # the sheet's row limit minus the header
# Columns appended after the catalog's own (the seller's columns keep their places).
TRAILING = ("preflight verdict", "preflight findings", "source row")
VERDICT_FILLS = {"reject-likely": "#FFC7CE", "review-likely": "#FFEB9C", "pass": "#C6EFCE"}


def _note(recs: list[dict[str, Any]], lang: str) -> str:
    """Findings as a note's or a cell's text, a line each."""
    return "\n".join(f"{x['code']} {x['severity']}: {translate_message(x['message'] or '', x['code'], lang)}"
                     for x in recs)[:32000]


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
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False, "in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    marks = {s: book.add_format({"bg_color": FILLS[s], "font_color": FONTS[s], "border": 1,
                                 "border_color": FONTS[s]}) for s in FILLS}
    link = book.add_format({"font_color": "#0563C1", "underline": 1})
    lang = getattr(options, "lang", "en")
    _ = translator(lang).gettext
    verdict_marks = {v: book.add_format({"bg_color": c}) for v, c in VERDICT_FILLS.items()}
    labels = {"reject-likely": _("reject likely"), "review-likely": _("review likely"), "pass": _("pass")}
    findings = report.findings
    verdict_of = dict(report.products.select("product_sku", "verdict").iter_rows())
    sources = list(dict.fromkeys(report.products["source"].to_list())) if report.products.height else []
    taken: set[str] = set()
    cell_of: dict[int, str] = {}  # findings row index -> "'Sheet'!C5"

    indexed = findings.with_row_index("_i") if not findings.is_empty() else None
    for source in sources:
        loaded = _raw_rows(report, source)
        mapping = None
        if loaded is not None and report.catalog is not None:
            mapping = report.catalog.mappings.get(source)
        if loaded is None:
            if report.catalog is None:
                continue
            loaded = _canonical_rows(report, source)
        headers, frame = loaded
        name = _sheet_name(source, taken)
        sheet = book.add_worksheet(name)
        width = len(headers)
        verdict_c, findings_c, row_c = width, width + 1, width + 2  # appended after the seller's
        for c, head in enumerate([*headers, _("preflight verdict"), _("preflight findings"), _("source row")]):
            sheet.write_string(0, c, head, bold)
        sheet.freeze_panes(1, 0)
        product_col = (mapping.single.get("product_sku") or mapping.single.get("variant_sku")) if mapping else None
        variant_col = mapping.single.get("variant_sku") if mapping else None
        # Source row -> sheet row (its first record), and (row, variant SKU) -> sheet row: in
        # JSON Lines all variants of a product share the product's line number.
        position: dict[int, int] = {}
        by_variant: dict[tuple[int, str], int] = {}
        rows = frame.select(ROW, *headers).head(MAX_ROWS)
        cells_of: dict[int, dict[str, Any]] = {}  # sheet row -> {column: value}
        for r, values in enumerate(rows.iter_rows(), start=1):
            source_row = values[0]
            position.setdefault(source_row, r)
            cells = dict(zip(headers, values[1:]))
            cells_of[r] = cells
            if variant_col and cells.get(variant_col) is not None:
                by_variant.setdefault((source_row, str(cells[variant_col]).strip()), r)
            sheet.write_row(r, 0, ["" if v is None else str(v) for v in values[1:]])
            sku = cells.get(product_col) if product_col else None
            if sku is not None and str(sku) in verdict_of:
                verdict = verdict_of[str(sku)]
                sheet.write_string(r, verdict_c, labels[verdict], verdict_marks[verdict])
            sheet.write_number(r, row_c, source_row)
        if frame.height > MAX_ROWS:
            sheet.write_string(0, row_c + 1, f"only the first {MAX_ROWS} rows fit in a sheet")
        sheet.autofilter(0, 0, min(frame.height, MAX_ROWS), row_c)
        sheet.set_column(0, max(width - 1, 0), 18)
        sheet.set_column(findings_c, findings_c, 60)
        if indexed is None:
            continue

        # Collect the messages per cell, then mark each cell once with its worst severity.
        marked: dict[tuple[int, int], list[dict[str, Any]]] = {}
        per_row: dict[int, list[dict[str, Any]]] = {}
        for rec in indexed.filter(pl.col("source") == source).to_dicts():
            r = by_variant.get((rec["row"], rec["variant_sku"])) if rec["variant_sku"] else None
            r = r or position.get(rec["row"])
            if r is None:
                continue
            cells = cells_of[r]
            column = _column_for(rec, mapping, headers, cells)
            c = headers.index(column) if column in headers else findings_c
            marked.setdefault((r, c), []).append(rec)
            per_row.setdefault(r, []).append(rec)
            cell_of[rec["_i"]] = f"'{name}'!{xl_rowcol_to_cell(r, c)}"
        for r, recs in per_row.items():
            recs.sort(key=lambda x: SEVERITY_RANK.get(x["severity"], 3))
            sheet.write_string(r, findings_c, _note(recs, lang))
        for (r, c), recs in marked.items():
            if c == findings_c:
                continue
            recs.sort(key=lambda x: SEVERITY_RANK.get(x["severity"], 3))
            value = cells_of[r].get(headers[c])
            sheet.write_string(r, c, "" if value is None else str(value), marks.get(recs[0]["severity"]))
            sheet.write_comment(r, c, _note(recs, lang), {"x_scale": 3, "y_scale": 2, "author": "listing-preflight"})

    _findings_sheet(book, findings, cell_of, bold, link)
    _products_sheet(book, report, bold)
    if report.stats.failed_rules:
        failed = book.add_worksheet("Failed rules")
        failed.write_string(0, 0, "code", bold)
        failed.write_string(0, 1, "error (the rule's findings are missing)", bold)
        for r, (code, error) in enumerate(report.stats.failed_rules.items(), start=1):
            failed.write_string(r, 0, code)
            failed.write_string(r, 1, error)
        failed.set_column(1, 1, 100)
    book.close()


def _findings_sheet(book: Any, findings: pl.DataFrame, cell_of: dict[int, str], bold: Any, link: Any) -> None:
    sheet = book.add_worksheet("Findings")
    columns = ["source", "row", "product_sku", "variant_sku", "code", "name", "severity", "field",
               "message", "cell"]
    for c, head in enumerate(columns):
        sheet.write_string(0, c, head, bold)
    sheet.freeze_panes(1, 0)
    if not findings.is_empty():
        for r, rec in enumerate(findings.head(MAX_ROWS).to_dicts(), start=1):
            for c, key in enumerate(columns[:-1]):
                value = rec.get(key)
                if key == "row" and value is not None:
                    sheet.write_number(r, c, value)
                elif value is not None:
                    sheet.write_string(r, c, str(value))
            target = cell_of.get(r - 1)
            if target:
                sheet.write_url(r, len(columns) - 1, f"internal:{target}", link,
                                string=target.split("!")[1])
    sheet.autofilter(0, 0, max(min(findings.height, MAX_ROWS), 1), len(columns) - 1)
    sheet.set_column(0, 0, 18)
    sheet.set_column(2, 7, 14)
    sheet.set_column(8, 8, 80)


def _products_sheet(book: Any, report: Report, bold: Any) -> None:
    sheet = book.add_worksheet("Products")
    columns = ["product_sku", "source", "row", "verdict", "risk"]
    for c, head in enumerate(columns):
        sheet.write_string(0, c, head, bold)
    for r, rec in enumerate(report.products.select(columns).head(MAX_ROWS).iter_rows(), start=1):
        sku, source, row, verdict, risk = rec
        sheet.write_string(r, 0, str(sku))
        sheet.write_string(r, 1, str(source))
        sheet.write_number(r, 2, row)
        sheet.write_string(r, 3, verdict)
        sheet.write_number(r, 4, risk)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(min(report.products.height, MAX_ROWS), 1), len(columns) - 1)
    sheet.set_column(0, 1, 18)
