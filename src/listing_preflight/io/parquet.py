"""Parquet catalogs."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .delimited import _numbered
from .raw import RawCatalog


def _read_parquet(path: Path) -> RawCatalog:
    frame = pl.read_parquet(path)
    names = frame.columns
    frame = frame.with_columns(
        pl.col(c).cast(pl.String) if not isinstance(frame.schema[c], pl.List)
        else pl.col(c).cast(pl.List(pl.String)).list.join("|")
        for c in names
    )
    return RawCatalog(frame=_numbered(frame), headers=names)
