"""Some rows of the seller's XLSX workbook, as a workbook: --ready/--to-fix files and plan batches.

The workbook is copied with its other sheets, formats, number cells and column widths; in
the catalog sheet the rows above the data (the header) stay, the chosen data rows are kept
in order and renumbered, the others are left out. Cells can be given new text (image paths
rebased to the new folder) and columns appended (the findings of a to-fix row).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import xlsx_rows
from .xlsx_package import PackageError, Workbook, col_index, col_letter, inline_cell

_ROW_R = re.compile(r'(<row\b[^>]*?\br=")(\d+)(")')
_CELL_R = re.compile(r'(<c\b[^>]*?\br="[A-Z]+)(\d+)(")')


def subset(path: Path, sheet: str | None, header_row: int, keep: list[int],
           new_text: dict[int, dict[str, str]] | None = None,
           appended: tuple[str, dict[int, str]] | None = None, names: tuple[str, ...] = ()) -> bytes:
    """The workbook at `path` with only the data rows `keep` (sheet row numbers, in order).

    `new_text`: row -> {column header: text} for cells to rewrite; `appended`: (header, row ->
    text) for a column added after the last one; `names`: the header's column names, to find
    the header row when the sheet's table does not start at its first row. PackageError when the sheet uses what a row
    subset would break (shared formulas); the caller then writes the rows as plain values.
    """
    book = Workbook.read(path.read_bytes())
    sheets = book.sheets()
    if not sheets:
        raise PackageError("the workbook lists no worksheets")
    _name, part = next(((n, p) for n, p in sheets if n == sheet), sheets[0])
    xml = book.text(part)
    if re.search(r'<f\b[^>]*\bt="shared"', xml):
        raise PackageError("the sheet has shared formulas")
    strings = book.shared_strings()
    shift = xlsx_rows.locate_header(xml, strings, list(names), header_row) - header_row
    if shift:  # the reader's row numbers start at the first non-empty row of the sheet
        header_row += shift
        keep = [r + shift for r in keep]
        new_text = {r + shift: t for r, t in (new_text or {}).items()}
        if appended:
            appended = (appended[0], {r + shift: t for r, t in appended[1].items()})
    header = xlsx_rows.header_cells(xml, header_row, strings)
    # 1. rewrite cells and append the column while the rows still have their own numbers
    edits = xlsx_rows.SheetEdits(first_col=xlsx_rows.max_column(xml) + 1)
    if appended:
        title, texts = appended
        edits.appended[header_row] = [(title, None)]
        for row in keep:
            edits.appended[row] = [(texts.get(row, ""), None)]
    xml = xlsx_rows.apply(xml, edits, lambda base, rgb: base)
    if new_text:
        xml = _rewrite_cells(xml, {r: {header[h]: t for h, t in cells.items() if h in header}
                                   for r, cells in new_text.items()})
    # 2. keep the header and the chosen rows, renumbered
    number = {old: header_row + i for i, old in enumerate(keep, start=1)}
    start, inner, end = xlsx_rows._sheet_data(xml)

    def row_sub(m: re.Match[str]) -> str:
        r = re.search(r'\br="(\d+)"', m.group(1))
        n = int(r.group(1)) if r else 0
        if n <= header_row:
            return m.group(0)
        if n not in number:
            return ""
        new = str(number[n])
        text = _ROW_R.sub(lambda x: x.group(1) + new + x.group(3), m.group(0), count=1)
        return _CELL_R.sub(lambda x: x.group(1) + new + x.group(3), text)

    inner = xlsx_rows._ROW.sub(row_sub, inner)  # keep[] is ascending: rows stay in order
    xml = xml[:start] + inner + xml[end:]
    last = header_row + len(keep)
    xml = re.sub(r'(<dimension\b[^>]*\bref="[A-Z]*\d*:[A-Z]+)\d+"', lambda d: f'{d.group(1)}{last}"', xml, count=1)
    xml = re.sub(r'(<autoFilter\b[^>]*\bref="[A-Z]+\d+:[A-Z]+)\d+"', lambda d: f'{d.group(1)}{last}"', xml, count=1)
    # Merged cells and links inside the data would point at other rows now.
    xml = re.sub(r"<mergeCells\b.*?</mergeCells>", lambda m: m.group(0) if _only_header(m.group(0), header_row) else "",
                 xml, flags=re.S)
    xml = re.sub(r"<hyperlinks\b.*?</hyperlinks>", lambda m: m.group(0) if _only_header(m.group(0), header_row) else "",
                 xml, flags=re.S)
    book.put(part, xml)
    _drop_calc_chain(book)
    return book.write()


def _only_header(block: str, header_row: int) -> bool:
    return all(int(n) <= header_row for n in re.findall(r'ref="[A-Z]+(\d+)', block) +
               re.findall(r'ref="[A-Z]+\d+:[A-Z]+(\d+)', block))


def _rewrite_cells(xml: str, cells: dict[int, dict[int, str]]) -> str:
    """Replace the content of some cells by inline text, keeping their style."""
    def cell_sub(m: re.Match[str]) -> str:
        ref = re.search(r'\br="([A-Z]+)(\d+)"', m.group(1))
        if not ref:
            return m.group(0)
        row, letters = int(ref.group(2)), ref.group(1)
        text = cells.get(row, {}).get(col_index(letters))
        if text is None:
            return m.group(0)
        s = re.search(r'\ss="(\d+)"', m.group(1))
        return inline_cell(f"{letters}{row}", text, int(s.group(1)) if s else None)

    return xlsx_rows._CELL.sub(cell_sub, xml)


def _drop_calc_chain(book: Workbook) -> None:
    """Formulas' calculation order names cells that may be gone; Excel rebuilds it when absent."""
    name = "xl/calcChain.xml"
    if name not in book.parts:
        return
    del book.parts[name]
    rels = book.rels_name("xl/workbook.xml")
    book.put(rels, re.sub(r'<Relationship\b[^>]*Target="[^"]*calcChain\.xml"[^>]*/>', "", book.text(rels)))
    types = book.text("[Content_Types].xml")
    book.put("[Content_Types].xml", re.sub(r'<Override\b[^>]*PartName="/xl/calcChain\.xml"[^>]*/>', "", types))


__all__ = ["subset", "PackageError", "col_letter"]
