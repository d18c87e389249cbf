"""What the image rules share: which rows are main images, readable images, evidence."""

from __future__ import annotations

import polars as pl

from ...exprs import shorten

MAIN = pl.col("field") == "main_image"
IMAGE = shorten(pl.col("image"), 80)
EVIDENCE = pl.struct(pl.col("image"))


def _main_only(cond: pl.Expr) -> pl.Expr:
    """`cond` on main images, null (not applicable) elsewhere and on unreadable images."""
    return pl.when(MAIN).then(_readable(cond)).otherwise(None)


def _readable(cond: pl.Expr) -> pl.Expr:
    """`cond` on images that were decoded; null on unreadable and on unanalysed ones (--no-fetch)."""
    analysed = pl.col("img_error").is_null() & pl.col("img_width").is_not_null()
    return pl.when(analysed).then(cond).otherwise(None)

