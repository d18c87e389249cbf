"""The raw table a reader returns, before column mapping."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass
class RawCatalog:
    """A catalog as read: string columns in source order plus `row` and `source`."""

    frame: pl.DataFrame
    headers: list[str]
    encoding: str | None = None
    # Malformed records: (row, message). They become CAT005 findings; the rest is checked.
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sheet: str | None = None  # the workbook sheet read, when the reader chose it


# Excel's own limit (column XFD). A "header" wider than this is not a catalog export but a
# wrong delimiter or a binary file read as text (a 5 MB line of 2.5 million fields hung the run).
MAX_COLUMNS = 16_384


def check_width(path: object, columns: int) -> None:
    """Refuse (CatalogError, exit 3) a table wider than any spreadsheet can hold."""
    from ..i18n import _t
    from ..model import CatalogError

    if columns > MAX_COLUMNS:
        raise CatalogError(_t("{path}: the header has {n} columns, more than a spreadsheet holds "
                              "({limit}); this is not a catalog export (a wrong delimiter?)")
                           .format(path=path, n=f"{columns:,}", limit=f"{MAX_COLUMNS:,}"))
