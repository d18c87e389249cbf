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
