"""Where IMG007's single-image evidence lies: the network's hot cells, the overlay text lines."""

from __future__ import annotations

import polars as pl

from ...i18n import _t
from ...images.watermark_net import GRID


def cell_box(cell: pl.Expr) -> pl.Expr:
    """The [x0, y0, x1, y1] box (0..1) of a watermark-network cell index (row-major)."""
    g = GRID
    x0, y0 = (cell % g) / g, (cell // g) / g
    return pl.concat_list(x0, y0, x0 + 1 / g, y0 + 1 / g)


def position(cell: pl.Expr) -> pl.Expr:
    """Where a watermark-network cell sits, in words ("at the bottom right", "in the centre")."""

    def third(i: pl.Expr, low: str, mid: str, high: str) -> pl.Expr:
        at = (i + 0.5) / GRID
        return (
            pl.when(at < 1 / 3)
            .then(pl.lit(low))
            .when(at > 2 / 3)
            .then(pl.lit(high))
            .otherwise(pl.lit(mid))
        )

    vertical = third(cell // GRID, _t("top"), _t("middle"), _t("bottom"))
    horizontal = third(cell % GRID, _t("left"), _t("centre"), _t("right"))
    return (
        pl.when((vertical == "middle") & (horizontal == "centre"))
        .then(pl.lit(_t("in the centre")))
        .when(vertical == "middle")
        .then(pl.format(_t("at the {} edge"), horizontal))
        .when(horizontal == "centre")
        .then(pl.format(_t("at the {}"), vertical))
        .otherwise(pl.format(_t("at the {} {}"), vertical, horizontal))
    )


# Cells of the network's map at least this share of its hottest cell's score are part of the
# mark: a mark tiled over the photo spans the frame, a corner logo one or two cells.
_HOT_SHARE = 0.8


def hot_box(cells: pl.Expr) -> pl.Expr:
    """[x0, y0, x1, y1] (0..1) around every cell of the map near its hottest cell's score."""
    hot = cells.list.eval(
        pl.int_range(pl.len()).filter(pl.element() >= pl.element().max() * _HOT_SHARE)
    )
    cols, rows = hot.list.eval(pl.element() % GRID), hot.list.eval(pl.element() // GRID)
    return pl.concat_list(
        cols.list.min() / GRID,
        rows.list.min() / GRID,
        (cols.list.max() + 1) / GRID,
        (rows.list.max() + 1) / GRID,
    ).cast(pl.List(pl.Float64))


def box_position(box: pl.Expr) -> pl.Expr:
    """Where a box sits, in words; "across the photo" when it spans most of the frame."""
    x0, y0, x1, y1 = (box.list.get(i) for i in range(4))
    centre = ((y0 + y1) / 2 * GRID).floor().clip(0, GRID - 1) * GRID + (
        (x0 + x1) / 2 * GRID
    ).floor().clip(0, GRID - 1)
    return (
        pl.when((x1 - x0 >= 0.6) & (y1 - y0 >= 0.6))
        .then(pl.lit(_t("across the photo")))
        .otherwise(position(centre.cast(pl.Int64)))
    )


def text_overlays(images: pl.LazyFrame, key: list[str], min_score: float) -> pl.LazyFrame:
    """Images with a text line laid over the photo (overlay flag set, detector score high)."""
    lines = (
        images.filter(pl.col("img_text_boxes").is_not_null())
        .select(*key, "row", "source", "img_text_boxes", "img_text")
        .explode("img_text_boxes", "img_text")
        .filter(
            (pl.col("img_text_boxes").list.get(5, null_on_oob=True) >= 0.5)
            & (pl.col("img_text_boxes").list.get(4, null_on_oob=True) >= min_score)
        )
    )
    return (
        lines.sort(pl.col("img_text").str.len_chars(), descending=True)
        .group_by(*key, maintain_order=True)
        .agg(
            pl.col("row", "source").first(),
            pl.col("img_text_boxes").list.get(4).max().cast(pl.Float64).alias("_score"),
            pl.concat_list(
                *(pl.col("img_text_boxes").list.get(i).min() for i in (0, 1)),
                *(pl.col("img_text_boxes").list.get(i).max() for i in (2, 3)),
            )
            .first()
            .cast(pl.List(pl.Float64))
            .alias("_box"),
            pl.col("img_text").fill_null("").first().alias("_text"),
        )
        .with_columns(pl.lit(None, pl.Int64).alias("_cell"))
    )
