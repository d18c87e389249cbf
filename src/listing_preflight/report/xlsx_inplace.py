"""The XLSX report for an XLSX catalog: the seller's workbook with the findings written into it."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import polars as pl

from ..i18n import translate_message, translator
from ..io.columns import ROW
from ..results import Report
from . import xlsx_rows
from .xlsx_package import (
    PackageError,
    Styles,
    Workbook,
    col_letter,
    comments_parts,
    inline_cell,
    xml_text,
)

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
VERDICT_FILLS = {"reject-likely": "FFC7CE", "review-likely": "FFEB9C", "pass": "C6EFCE"}
MAX_NOTE = 32_000  # characters Excel keeps in a cell or note


def findings_by_row(report: Report, source: str) -> dict[int, list[dict[str, Any]]]:
    """The findings of one catalog file by source row, worst first within a row."""
    out: dict[int, list[dict[str, Any]]] = {}
    if report.findings.is_empty():
        return out
    for rec in report.findings.filter(pl.col("source") == source).to_dicts():
        out.setdefault(rec["row"], []).append(rec)
    for recs in out.values():
        recs.sort(key=lambda x: SEVERITY_RANK.get(x["severity"], 3))
    return out


def verdict_by_row(report: Report, source: str) -> dict[int, str]:
    """Source row -> the verdict of the product the row belongs to."""
    if report.catalog is None:
        return {}
    rows = report.catalog.frame.filter(pl.col("source") == source).select(ROW, "product_sku")
    joined = rows.join(report.products.select("product_sku", "verdict"), on="product_sku", how="left")
    return {r: v for r, v in joined.select(ROW, "verdict").iter_rows() if v}


def finding_text(recs: list[dict[str, Any]], lang: str) -> str:
    """The findings of one row as one cell's text, a line each."""
    return "\n".join(f"{r['code']} {r['severity']}: {translate_message(r['message'] or '', r['code'], lang)}"
                     for r in recs)[:MAX_NOTE]


def patch_workbook(report: Report, source: str, lang: str, column_for: Any) -> bytes:
    """The workbook `source` with the report's findings added; PackageError when it cannot be."""
    _ = translator(lang).gettext
    book = Workbook.read(Path(source).read_bytes())
    sheets = book.sheets()
    if not sheets:
        raise PackageError("the workbook lists no worksheets")
    wanted = report.catalog.sheet if report.catalog is not None else None
    sheet_name, part = next(((n, p) for n, p in sheets if n == wanted), sheets[0])
    xml = book.text(part)
    strings = book.shared_strings()
    mapping = report.catalog.mappings.get(source) if report.catalog is not None else None
    verdicts = verdict_by_row(report, source)
    by_row = findings_by_row(report, source)
    if not verdicts:
        raise PackageError("no rows of this workbook were checked")
    header_row = min(verdicts) - 1
    names = list(mapping.single.values()) + [c for cols in mapping.multi.values() for c in cols] if mapping else []
    shift = xlsx_rows.locate_header(xml, strings, names, header_row) - header_row
    if shift:  # the reader's row numbers start at the first non-empty row of the sheet
        header_row += shift
        verdicts = {r + shift: v for r, v in verdicts.items()}
        by_row = {r + shift: recs for r, recs in by_row.items()}
    header = xlsx_rows.header_cells(xml, header_row, strings) if header_row >= 1 else {}
    styles = Styles(book)
    edits = xlsx_rows.SheetEdits(first_col=xlsx_rows.max_column(xml) + 1)
    labels = {"reject-likely": _("reject likely"), "review-likely": _("review likely"), "pass": _("pass")}
    if header_row >= 1:
        edits.appended[header_row] = [(_("preflight verdict"), None), (_("preflight findings"), None)]
    cells_needed = any(r["field"] in (mapping.multi if mapping else {}) for rs in by_row.values() for r in rs)
    raw_cells = _raw_cells(source, wanted) if cells_needed else {}
    notes: list[tuple[str, str]] = []
    cell_of: dict[tuple[Any, ...], str] = {}  # finding key -> "'Sheet'!K8"
    for row, verdict in verdicts.items():
        recs = by_row.get(row, [])
        edits.appended[row] = [(labels.get(verdict, verdict), styles.with_fill(0, VERDICT_FILLS[verdict])),
                               (finding_text(recs, lang), None)]
        marked: dict[int, list[dict[str, Any]]] = {}
        for rec in recs:
            column = column_for(rec, mapping, list(header), raw_cells.get(row - shift, {}))
            col = header.get(column) if column else None
            col = col or edits.first_col + 1  # no cell of its own: the findings cell
            marked.setdefault(col, []).append(rec)
            cell_of[finding_key(rec)] = f"'{sheet_name}'!{col_letter(col)}{row}"
        for col, recs_here in marked.items():
            if col < edits.first_col:
                edits.restyle.setdefault(row, {})[col] = FILLS.get(recs_here[0]["severity"], FILLS["info"])
                notes.append((f"{col_letter(col)}{row}", finding_text(recs_here, lang)))
    book.put(part, xlsx_rows.apply(xml, edits, styles.with_fill))
    styles.save()
    comments_parts(book, part, notes)  # False: the sheet has notes; the findings column still says it
    taken = {n.lower() for n, _p in sheets}
    name, n = "Findings", 1
    while name.lower() in taken:
        n += 1
        name = f"Findings {n}"
    book.add_sheet(name, findings_sheet(report, source, cell_of, lang))
    return book.write()


def _raw_cells(source: str, sheet: str | None) -> dict[int, dict[str, Any]]:
    """Row -> {column name: value}, for findings whose field spans several columns."""
    from ..io.readers import read_raw

    raw = read_raw(Path(source), sheet=sheet)
    return {values[ROW]: values for values in raw.frame.iter_rows(named=True)}


def finding_key(rec: dict[str, Any]) -> tuple[Any, ...]:
    """What tells one finding from another in the Findings sheet's links."""
    return (rec["source"], rec["row"], rec["code"], rec["variant_sku"], rec["field"], rec["message"])


def findings_sheet(report: Report, source: str | None, cell_of: dict[tuple[Any, ...], str],
                   lang: str) -> str:
    """A worksheet listing every finding, with a link to the cell it marks."""
    columns = ["source", "row", "product_sku", "variant_sku", "code", "name", "severity", "field",
               "message", "cell"]
    rows = ["<row r=\"1\">" + "".join(inline_cell(f"{col_letter(c + 1)}1", h) for c, h in enumerate(columns))
            + "</row>"]
    links = []
    recs = report.findings.to_dicts() if not report.findings.is_empty() else []
    for i, rec in enumerate(recs, start=2):
        cells = []
        for c, key in enumerate(columns[:-1], start=1):
            value = rec.get(key)
            if key == "message":
                value = translate_message(value or "", rec["code"], lang)
            ref = f"{col_letter(c)}{i}"
            if key == "row" and value is not None:
                cells.append(f'<c r="{ref}"><v>{int(value)}</v></c>')
            elif value is not None:
                cells.append(inline_cell(ref, str(value)))
        target = cell_of.get(finding_key(rec))
        if target:
            cells.append(inline_cell(f"J{i}", target.split("!")[1]))
            links.append(f'<hyperlink ref="J{i}" location={quoteattr(target)} display={quoteattr(target.split("!")[1])}/>')
        rows.append(f'<row r="{i}">' + "".join(cells) + "</row>")
    last = max(len(recs) + 1, 1)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<dimension ref="A1:J{last}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            '<cols><col min="1" max="1" width="18" customWidth="1"/><col min="3" max="8" width="14" '
            'customWidth="1"/><col min="9" max="9" width="80" customWidth="1"/></cols>'
            "<sheetData>" + "".join(rows) + "</sheetData>"
            f'<autoFilter ref="A1:J{last}"/>'
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + "</worksheet>")


__all__ = ["patch_workbook", "findings_sheet", "PackageError", "xml_text"]
