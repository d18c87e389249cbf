"""The XLSX report for inputs that are not one XLSX workbook: a new workbook of their rows.

A sheet per catalog file with its rows and columns as read (strings, as in the file), the
verdict (coloured), the findings and the source row appended; offending cells filled with a
note; then `Findings` and `Products` sheets. xlsxwriter lays out the empty package (sheets,
frozen header, widths, filters); the cells are written here as XML text, because xlsxwriter's
per-cell Python path took 26.7 s for 100,000 rows (benchmarks/bench_reports.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import polars as pl

from ..i18n import translate_message, translator
from ..io.columns import ROW, ColumnMapping
from ..results import Report
from .summary import failed_rules
from .xlsx_inplace import FILLS, SEVERITY_RANK, VERDICT_FILLS, finding_key, findings_sheet
from .xlsx_package import Styles, Workbook, col_letter, comments_parts, inline_cell

MAX_ROWS = 1_048_575  # the sheet's row limit minus the header


def _note(recs: list[dict[str, Any]], lang: str) -> str:
    return "\n".join(f"{x['code']} {x['severity']}: {translate_message(x['message'] or '', x['code'], lang)}"
                     for x in recs)[:32000]


def _num(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def _layout(names: list[str], widths: dict[str, int]) -> Workbook:
    """An empty workbook with these sheets (header frozen, filter, column widths)."""
    import xlsxwriter

    data = io.BytesIO()
    book = xlsxwriter.Workbook(data, {"in_memory": True})
    for name in names:
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        if widths.get(name):
            sheet.set_column(0, widths[name] - 1, 18)
    book.close()
    return Workbook.read(data.getvalue())


def _with_rows(xml: str, rows: list[str], last_col: int, last_row: int) -> str:
    """A worksheet's XML with its sheetData filled and its dimension and filter set."""
    ref = f"A1:{col_letter(max(last_col, 1))}{max(last_row, 1)}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1)
    xml = xml.replace("<sheetData/>", "<sheetData>" + "".join(rows) + "</sheetData>"
                      + f'<autoFilter ref="{ref}"/>', 1)
    return xml


def new_workbook(report: Report, lang: str, sources: list[str],
                 load: Callable[[Report, str], tuple[list[str], pl.DataFrame] | None],
                 column_for: Callable[..., str | None], sheet_name: Callable[[str, set[str]], str]) -> bytes:
    """The report workbook of `sources` (each loaded as (headers, rows frame with `row`))."""
    _ = translator(lang).gettext
    labels = {"reject-likely": _("reject likely"), "review-likely": _("review likely"), "pass": _("pass")}
    verdict_of = dict(report.products.select("product_sku", "verdict").iter_rows())
    loaded, taken = [], set()
    for source in sources:
        got = load(report, source)
        if got is not None:
            loaded.append((source, sheet_name(source, taken), *got))
    names = [n for _s, n, _h, _f in loaded]
    failed = failed_rules(report)  # a rule that failed is never silent, here a sheet of its own
    skipped = dict(report.stats.skipped_rules)  # a rule that did not run (or only in part)
    book = _layout([*names, "Findings", "Products", *(["Failed rules"] if failed else []),
                    *(["Rules not run"] if skipped else [])],
                   {n: len(h) for _s, n, h, _f in loaded})
    parts = dict(book.sheets())
    styles = Styles(book)
    cell_of: dict[tuple[Any, ...], str] = {}
    for source, name, headers, frame in loaded:
        mapping: ColumnMapping | None = report.catalog.mappings.get(source) if report.catalog else None
        width = len(headers)
        letters = [col_letter(c + 1) for c in range(width + 3)]
        product_col = (mapping.single.get("product_sku") or mapping.single.get("variant_sku")) if mapping else None
        variant_col = mapping.single.get("variant_sku") if mapping else None
        body = frame.select(ROW, *[pl.col(h).cast(pl.String) for h in headers]).head(MAX_ROWS)
        # Sheet row of each source row (first record) and of each (row, variant SKU): in JSON
        # Lines every variant of a product shares the product's line number.
        sheet_rows = list(range(2, body.height + 2))
        position: dict[int, int] = {}
        for source_row, r in zip(body[ROW].to_list(), sheet_rows):
            position.setdefault(source_row, r)
        by_variant: dict[tuple[int, str], int] = {}
        if variant_col in headers:
            for source_row, variant, r in zip(body[ROW].to_list(), body[variant_col].to_list(), sheet_rows):
                if variant is not None:
                    by_variant.setdefault((source_row, variant.strip()), r)
        marks: dict[tuple[int, int], list[dict[str, Any]]] = {}
        per_row: dict[int, list[dict[str, Any]]] = {}
        if not report.findings.is_empty():
            for rec in report.findings.filter(pl.col("source") == source).to_dicts():
                r = by_variant.get((rec["row"], rec["variant_sku"])) if rec["variant_sku"] else None
                r = r or position.get(rec["row"])
                if r is None:
                    continue
                column = column_for(rec, mapping, headers, dict(zip(headers, body.row(r - 2)[1:])))
                c = headers.index(column) if column in headers else width + 1  # else: findings cell
                marks.setdefault((r, c), []).append(rec)
                per_row.setdefault(r, []).append(rec)
                cell_of[finding_key(rec)] = f"'{name}'!{letters[c]}{r}"
        for recs in [*marks.values(), *per_row.values()]:
            recs.sort(key=lambda x: SEVERITY_RANK.get(x["severity"], 3))
        fill = {key: styles.with_fill(0, FILLS.get(recs[0]["severity"], FILLS["info"]))
                for key, recs in marks.items()}
        verdict_style = {v: styles.with_fill(0, rgb) for v, rgb in VERDICT_FILLS.items()}
        head = [*headers, _("preflight verdict"), _("preflight findings"), _("source row")]
        rows = ['<row r="1">' + "".join(inline_cell(f"{letters[c]}1", h) for c, h in enumerate(head)) + "</row>"]
        verdicts = {sku: (labels[v], verdict_style[v]) for sku, v in verdict_of.items()}
        notes = {r: _note(recs, lang) for r, recs in per_row.items()}
        rows.append(sheet_xml(body, headers, letters, fill, verdicts, product_col, notes))
        part = parts[name]
        book.put(part, _with_rows(book.text(part), rows, width + 3, body.height + 1))
        comments_parts(book, part, [(f"{letters[c]}{r}", _note(recs, lang))
                                    for (r, c), recs in marks.items() if c < width])
    book.put(parts["Findings"], findings_sheet(report, None, cell_of, lang))
    book.put(parts["Products"], _with_rows(book.text(parts["Products"]), _product_rows(report),
                                           5, report.products.height + 1))
    for sheet, heading, reasons in (("Failed rules", _("error (its findings are missing)"), failed),
                                    ("Rules not run", _("why"), skipped)):
        if reasons:
            rows = [f'<row r="1">{inline_cell("A1", "code")}{inline_cell("B1", heading)}</row>']
            rows += [f'<row r="{r}">{inline_cell(f"A{r}", code)}{inline_cell(f"B{r}", why)}</row>'
                     for r, (code, why) in enumerate(reasons.items(), start=2)]
            book.put(parts[sheet], _with_rows(book.text(parts[sheet]), rows, 2, len(reasons) + 1))
    styles.save()
    return book.write()


def _escaped(expr: pl.Expr) -> pl.Expr:
    """Text made safe as XML element content (characters XML 1.0 cannot hold replaced)."""
    return (expr.str.replace_all(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x{FFFE}\x{FFFF}]", "\ufffd")
            .str.replace_all("&", "&amp;", literal=True).str.replace_all("<", "&lt;", literal=True)
            .str.replace_all(">", "&gt;", literal=True))


def _cell(letter: str, text: pl.Expr, style: pl.Expr | None) -> pl.Expr:
    """One inline-string cell per row ('' for an empty unstyled cell), as a polars expression."""
    ref = pl.concat_str(pl.lit(f'<c r="{letter}'), pl.col("_r").cast(pl.String))
    s = pl.lit("") if style is None else pl.concat_str(pl.lit('" s="'), style.cast(pl.String)).fill_null("")
    full = pl.concat_str(ref, s, pl.lit('" t="inlineStr"><is><t xml:space="preserve">'), _escaped(text),
                         pl.lit("</t></is></c>"))
    empty = pl.lit("") if style is None else pl.when(style.is_not_null()).then(
        pl.concat_str(ref, s, pl.lit('"/>'))).otherwise(pl.lit(""))
    return pl.when(text.is_null() | (text == "")).then(empty).otherwise(full)


def sheet_xml(body: pl.DataFrame, headers: list[str], letters: list[str],
              fill: dict[tuple[int, int], int], verdicts: dict[str, tuple[str, int]],
              product_col: str | None, notes: dict[int, str]) -> str:
    """The data rows of a catalog sheet as XML, built by polars (no Python per cell)."""
    width = len(headers)
    frame = body.with_columns(pl.int_range(2, body.height + 2, dtype=pl.Int64).alias("_r"))
    cells = []
    for c, header in enumerate(headers):
        styled = {r: s for (r, cc), s in fill.items() if cc == c}
        style = pl.col("_r").replace_strict(styled, default=None, return_dtype=pl.Int64) if styled else None
        cells.append(_cell(letters[c], pl.col(header), style))
    if product_col in headers and verdicts:
        sku = pl.col(product_col)
        label = sku.replace_strict({k: v[0] for k, v in verdicts.items()}, default=None, return_dtype=pl.String)
        style = sku.replace_strict({k: v[1] for k, v in verdicts.items()}, default=None, return_dtype=pl.Int64)
        cells.append(_cell(letters[width], label, style))
    if notes:
        note = pl.col("_r").replace_strict(notes, default=None, return_dtype=pl.String)
        cells.append(_cell(letters[width + 1], note, None))
    cells.append(pl.concat_str(pl.lit(f'<c r="{letters[width + 2]}'), pl.col("_r").cast(pl.String),
                               pl.lit('"><v>'), pl.col(ROW).cast(pl.String), pl.lit("</v></c>")))
    row = pl.concat_str(pl.lit('<row r="'), pl.col("_r").cast(pl.String), pl.lit('">'), *cells,
                        pl.lit("</row>"))
    return frame.select(row.str.join("")).item() if frame.height else ""


def _product_rows(report: Report) -> list[str]:
    rows = ['<row r="1">' + "".join(inline_cell(f"{col_letter(c + 1)}1", h) for c, h in enumerate(
        ["product_sku", "source", "row", "verdict", "risk"])) + "</row>"]
    for r, (sku, source, row, verdict, risk) in enumerate(report.products.select(
            "product_sku", "source", "row", "verdict", "risk").head(MAX_ROWS).iter_rows(), start=2):
        rows.append(f'<row r="{r}">{inline_cell(f"A{r}", str(sku))}{inline_cell(f"B{r}", str(source))}'
                    f'{_num(f"C{r}", row) if row is not None else ""}{inline_cell(f"D{r}", verdict)}'
                    f'{_num(f"E{r}", risk)}</row>')
    return rows
