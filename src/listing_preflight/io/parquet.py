"""Parquet catalogs: every column becomes text; a column that cannot is a notice, not a failure."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..i18n import _t
from .delimited import _numbered
from .raw import RawCatalog


def _read_parquet(path: Path) -> RawCatalog:
    frame = pl.read_parquet(path)
    names = frame.columns
    notices: list[str] = []
    columns = []
    for name in names:
        column, why = _as_text(frame.get_column(name))
        if why:
            notices.append(_t("column {name!r} ({dtype}) {why}")
                           .format(name=name, dtype=frame.schema[name], why=why))
        columns.append(column)
    return RawCatalog(frame=_numbered(pl.DataFrame(columns)), headers=names, notices=notices)


def _as_text(series: pl.Series) -> tuple[pl.Series, str | None]:
    """The column as strings (lists joined with '|', nested values as JSON) and why, if lossy."""
    dtype = series.dtype
    try:
        if dtype == pl.Binary:
            # Text stored as bytes is common; bytes that are not UTF-8 are shown as hex.
            try:
                return series.cast(pl.String), None
            except pl.exceptions.PolarsError:
                values = [None if b is None else _utf8_or_hex(b) for b in series.to_list()]
                return (pl.Series(series.name, values, dtype=pl.String),
                        _t("holds bytes that are not UTF-8 text; they are shown as hex"))
        if isinstance(dtype, pl.List) and not dtype.inner.is_nested():
            return series.cast(pl.List(pl.String)).list.join("|"), None
        if dtype.is_nested():
            # Maps (lists of key/value structs), lists of lists, structs: JSON text.
            # polars encodes structs only: wrap the value as {"v": value} and cut the wrapper.
            wrapped = pl.struct(pl.col("v")).struct.json_encode()
            return series.alias("v").to_frame().select(
                pl.when(pl.col("v").is_null()).then(None)
                .otherwise(wrapped.str.slice(5).str.strip_suffix("}"))
                .alias(series.name)).to_series(), None
        if isinstance(dtype, pl.Duration):
            return series.dt.total_seconds().cast(pl.String), _t("durations are read as seconds")
        return series.cast(pl.String), None
    except pl.exceptions.PolarsError as exc:
        empty = pl.Series(series.name, [None] * series.len(), dtype=pl.String)
        return empty, _t("cannot be read as text ({error}); it was left empty").format(
            error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _utf8_or_hex(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.hex()
