"""XLSX/XLS/ODS workbooks (calamine via fastexcel)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..i18n import _t
from ..model import CatalogError
from .columns import ROW
from .delimited import HEADER_SEARCH_ROWS, _numbered, _unique_headers, find_header
from .raw import RawCatalog


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
        notices.append(_t("the header is row {} and the data starts at row {}; the rows above the "
                          "data that are not the header were skipped").format(header_at + 1, data_at + 1))
    body = grid.slice(data_at).select(grid.columns[: len(names)])
    body.columns = names
    body = _numbered(body, first=data_at + 1)
    body = body.filter(~pl.all_horizontal(pl.exclude(ROW).is_null() | (pl.exclude(ROW).str.strip_chars() == "")))
    if body.height == 0 and len(sheets) > 1:
        chosen = sheet if sheet is not None else sheets[0]
        raise CatalogError(f"{path}: sheet {chosen!r} has no data rows; choose the sheet with --sheet "
                           f"(sheets: {', '.join(sheets)})")
    return RawCatalog(frame=body, headers=names, notices=notices)
