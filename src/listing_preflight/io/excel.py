"""XLSX/XLS/ODS workbooks (calamine via fastexcel; openpyxl streaming for sheets with stray far cells).

Before an XLSX sheet is loaded, io/xlsx_scan.py reads its XML for the real extent, merged
ranges and formulas without a saved result: merged cells are read as the merged range's
value (a product title merged over its variant rows), an uncalculated formula is kept as its
formula text and said in a notice, and a stray far-away cell (XFD1048576) is left out instead
of making the engine allocate the whole sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..i18n import _t
from ..model import CatalogError
from .columns import ROW
from .delimited import HEADER_SEARCH_ROWS, _numbered, _unique_headers, find_header
from .raw import RawCatalog
from .xlsx_scan import DENSE_LIMIT, SheetScan, column_letters, first_data_sheet, scan_sheet, sheet_entries


def _read_excel(path: Path, sheet: str | None, header_names: Iterable[str] = ()) -> RawCatalog:
    ooxml = path.suffix.lower() in (".xlsx", ".xlsm")
    notices: list[str] = []
    if sheet is None and ooxml:
        # Not a hidden helper sheet or a chart sheet that happens to come first.
        entries = sheet_entries(path)
        sheet = first_data_sheet(entries)
        if sheet is not None and sheet != entries[0][0]:
            notices.append(_t("read sheet {sheet!r}, the first visible worksheet; choose another "
                              "with --sheet").format(sheet=sheet))
    scan = scan_sheet(path, sheet) if ooxml else None
    offset = (0, 0)
    if scan is not None and _cells(scan.extent()) > DENSE_LIMIT:
        grid, sheets = _read_table_extent(path, sheet, scan, notices)
    else:
        grid, sheets = _read_dense(path, sheet)
        if scan is not None:
            # calamine's grid starts at the first cell with a value, not at A1.
            offset = (scan.first[0] - 1, scan.first[1] - 1)
    if scan is not None and (scan.merges or scan.uncached):
        grid = _patch(grid, scan, offset, notices)
    raw = _table(path, grid, sheets, sheet, header_names, notices, first_row=offset[0])
    raw.sheet = sheet
    return raw


def _cells(extent: tuple[int, int]) -> int:
    return extent[0] * extent[1]


def _read_dense(path: Path, sheet: str | None) -> tuple[pl.DataFrame, list[str]]:
    """The whole sheet as a string grid (calamine)."""
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
    return table.to_polars(), sheets


def _read_table_extent(path: Path, sheet: str | None, scan: SheetScan, notices: list[str]
                       ) -> tuple[pl.DataFrame, list[str]]:
    """Only the table's extent, streamed with openpyxl; cells far outside it are named and left out."""
    import openpyxl

    last_row, last_col = scan.table_extent()
    strays = scan.strays()
    if _cells((last_row, last_col)) > DENSE_LIMIT:
        raise CatalogError(_t("{path}: the sheet's table spans {rows} rows x {cols} columns, too "
                              "large to read; export fewer rows or columns per file").format(
            path=path, rows=last_row, cols=last_col))
    shown = ", ".join(f"{column_letters(c)}{r}" for r, c in strays[:5]) + (" ..." if len(strays) > 5 else "")
    notices.append(_t("{count} cell(s) far outside the table were left out ({cells}); the table "
                      "is A1:{corner}").format(count=len(strays), cells=shown,
                                               corner=f"{column_letters(last_col)}{last_row}"))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise CatalogError(f"{path}: not a readable spreadsheet: {str(exc).splitlines()[0]}") from exc
    try:
        sheets = book.sheetnames
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(
            min_row=1, max_row=last_row, min_col=1, max_col=last_col, values_only=True)]
    finally:
        book.close()
    columns = [f"__UNNAMED__{i}" for i in range(last_col)]
    grid = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    return grid, sheets


def _cell_text(value: object) -> str | None:
    """A cell value as the string calamine would give (integral floats without '.0')."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value)


def _patch(grid: pl.DataFrame, scan: SheetScan, offset: tuple[int, int], notices: list[str]
           ) -> pl.DataFrame:
    """Fill merged ranges with their first cell's value; show uncalculated formulas as formulas."""
    height, width = grid.shape
    r0, c0 = offset
    # Only the columns that change are turned into Python lists.
    changed: dict[int, list[str | None]] = {}

    def column(index: int) -> list[str | None]:
        if index not in changed:
            changed[index] = grid.to_series(index).to_list()
        return changed[index]

    for top, left, bottom, right in scan.merges:
        t, l = top - 1 - r0, left - 1 - c0
        if not (0 <= t < height and 0 <= l < width):
            continue
        value = column(l)[t]
        for c in range(l, min(right - c0, width)):
            values = column(c)
            for r in range(t, min(bottom - r0, height)):
                values[r] = value  # a merged range shows one value in all its cells
    filled = 0
    for (row, col), formula in scan.uncached.items():
        t, l = row - 1 - r0, col - 1 - c0
        if 0 <= t < height and 0 <= l < width:
            column(l)[t] = "=" + formula if formula else "=(shared formula)"
            filled += 1
    if filled:
        (row, col), formula = next(iter(scan.uncached.items()))
        notices.append(_t("{count} formula cell(s) have no saved result (e.g. {cell} '={formula}'): "
                          "the file was written without calculating them; open and save it in "
                          "Excel or WPS, or paste the values").format(
            count=filled, cell=f"{column_letters(col)}{row}", formula=formula))
    if not changed:
        return grid
    return grid.with_columns(pl.Series(grid.columns[i], values, dtype=pl.String)
                             for i, values in changed.items())


def _table(path: Path, grid: pl.DataFrame, sheets: list[str], sheet: str | None,
           header_names: Iterable[str], notices: list[str], first_row: int = 0) -> RawCatalog:
    """Find the header row in the grid and return the data below it (rows numbered as in the sheet)."""
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
    names, renamed = _unique_headers(header)
    notices = [*notices, *renamed]
    if header_at or data_at > header_at + 1:
        notices.append(_t("the header is row {} and the data starts at row {}; the rows above the "
                          "data that are not the header were skipped").format(header_at + 1, data_at + 1))
    body = grid.slice(data_at).select(grid.columns[: len(names)])
    body.columns = names
    body = _numbered(body, first=first_row + data_at + 1)
    body = body.filter(~pl.all_horizontal(pl.exclude(ROW).is_null() | (pl.exclude(ROW).str.strip_chars() == "")))
    if body.height == 0 and len(sheets) > 1:
        chosen = sheet if sheet is not None else sheets[0]
        raise CatalogError(f"{path}: sheet {chosen!r} has no data rows; choose the sheet with --sheet "
                           f"(sheets: {', '.join(sheets)})")
    return RawCatalog(frame=body, headers=names, notices=notices)
