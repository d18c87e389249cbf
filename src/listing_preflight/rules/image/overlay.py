"""Image rule IMG007: watermarks, logo stamps and overlay text (single image and catalog evidence)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from ...i18n import _t
from ...images.overlay_text import LINE_SCORE
from ...images.watermark_net import GRID, default_threshold
from ...images.watermark_zoom import ZOOM_MARK
from ...model import Severity
from ...registry import frame_rule

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...engine import RunContext
from .common import IMAGE
from .overlay_evidence import box_position, hot_box, text_overlays
from .overlay_evidence import cell_box as _cell_box
from .overlay_evidence import position as _position


@dataclass(frozen=True)
class WatermarkOptions:
    """Options of image-watermark."""

    # img_watermark_prob of the shipped network (images/watermark_net.py): the threshold
    # benchmarks/train_watermark.py picked on validation photos (stored in watermark_net.json).
    min_model_score: float = default_threshold()
    # img_watermark_zoom: the network's second look at twice the resolution, on the frame's
    # edge band only (images/watermark_zoom.py), where small type is a mark at this score
    # (chosen on the corpus's tune photos; benchmarks/README.md, "Issue 12, stop 25").
    min_zoom_score: float = ZOOM_MARK
    # A text line laid over the photo (images/overlay_text.py: found by the PP-OCRv4 detector
    # on the photo's flat background, or as small type at an edge) whose detector score reaches
    # `min_text_score` is an overlay too (benchmarks/watermark_eval_real.py chose it).
    min_text_score: float = LINE_SCORE
    # Catalog evidence: a cell near the edge of the frame where the network sees at least
    # `catalog_score` on at least `min_repeats` of one seller's images, from at least
    # `min_products` products and at least `min_share` of the seller's images, is the seller's
    # mark even when too faint for `min_model_score` on any one photo.
    catalog_score: float = 0.2
    min_repeats: int = 4
    min_products: int = 3
    min_share: float = 0.75
    # Inner cells (over the products) count only with stronger proof, since print on similar
    # products also repeats there: the network sees at least `inner_score` at one inner cell on
    # at least `inner_share` of the seller's images (and min_repeats, min_products); at least
    # `min_common_edges` of the cell's 64 fine-edge pixels are set on 3 of 4 of those images
    # (the same strokes at the same pixels). Both near the edge and inside, the photos must
    # differ (median `min_photo_bits` phash bits from their majority hash), so that one layout
    # repeated (a mock-up template, products of one shape shot alike) is not taken for a mark.
    # Calibration: benchmarks/README.md (0.3 until stop 15; the longer-trained network of
    # stop 15 scores faint centre text lower, 0.25 finds it again with no clean seller flagged).
    inner_score: float = 0.25
    inner_share: float = 0.5
    min_common_edges: int = 8
    min_photo_bits: int = 10


# Product print repeats in the middle of similar products; a seller's mark sits near the edges
# (or tiles the frame, which reaches the edges too): only the outer cells count as catalog
# evidence.
_BAND = GRID // 4
_EDGE_CELLS = [
    i
    for i in range(GRID * GRID)
    if min(i // GRID, i % GRID) < _BAND or max(i // GRID, i % GRID) >= GRID - _BAND
]


# Of the images hot at one inner cell, the share that must carry an edge pixel for it to be one
# of the mark's strokes, and the share of those strokes an image must carry to be flagged.
_STROKE_AGREEMENT = 0.75
_STROKE_GAP = 0.5
_MIN_STROKE_COVER = 0.5
# Catalog evidence is gathered per seller and per cell of the network's map.
_GROUP = ["_seller", "_cell"]


def _bits(code: pl.Expr, prefix: str) -> list[pl.Expr]:
    """The 64 bits of a UInt64 code as 0/1 columns named prefix0 .. prefix63."""
    return [((code // pl.lit(1 << k, pl.UInt64)) % 2).alias(f"{prefix}{k}") for k in range(64)]


def _code_of(prefix: str, keep: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """A UInt64 code whose bit k is set where keep(pl.col(prefix + k)) holds."""
    return pl.sum_horizontal(
        keep(pl.col(f"{prefix}{k}")).cast(pl.UInt64) * pl.lit(1 << k, pl.UInt64) for k in range(64)
    )


def _hot_cells(images: pl.LazyFrame, key: list[str], level: float, edge: bool) -> pl.LazyFrame:
    """One row per image and cell at or above `level`: the edge band or the inner cells only
    (a handful per image, not GRID x GRID rows), with the cell's fine-edge code."""
    index = pl.int_range(pl.len())
    where = index.is_in(_EDGE_CELLS)
    cells = pl.col("img_watermark_cells").list.eval(
        index.filter((pl.element() >= round(level * 255)) & (where if edge else ~where))
    )
    return (
        images.select(
            *key,
            "row",
            "source",
            "img_digest",
            "img_phash",
            "_seller",
            cells.alias("_cell"),
            # Only the hot cells' codes, not all GRID x GRID of them on every exploded row.
            # Typed explicitly: on a catalog whose images are all missing polars 1.x infers
            # Null here and `//` on it fails (IMG007 failed on 1.44.2).
            pl.col("img_cell_edges").list.gather(cells, null_on_oob=True).alias("_edges"),
        )
        .explode("_cell", "_edges")
        .filter(pl.col("_cell").is_not_null())
        # Collected (a handful of rows per image) and cast eagerly: polars 1.x gives an empty
        # frame's exploded column the Null type at run time while its schema says UInt64, so
        # a lazy cast is optimised away and `//` fails (IMG007 failed on 1.44.2 on a catalog
        # whose images were all missing).
        .collect()
        .with_columns(pl.col("_edges").cast(pl.UInt64))
        .lazy()
    )


def _repeated(
    hot: pl.LazyFrame, per_seller: pl.LazyFrame, share: float, opts: WatermarkOptions
) -> pl.LazyFrame:
    """The images of every (seller, cell) that is hot on enough of the seller's images of
    enough products, in photos that differ from each other."""
    counted = (
        hot.group_by(_GROUP)
        .agg(
            pl.col("img_digest").n_unique().alias("_n_img"),
            pl.col("product_sku").n_unique().alias("_n_prod"),
        )
        .join(per_seller, on="_seller")
        .filter(
            (pl.col("_n_img") >= opts.min_repeats)
            & (pl.col("_n_prod") >= opts.min_products)
            & (pl.col("_n_img") >= share * pl.col("_n_seller"))
        )
    )
    # Only the images of groups that repeat often enough go on (a few, on most catalogs).
    members = hot.join(counted.select(*_GROUP, "_n_img"), on=_GROUP, how="inner")
    majority = (
        members.group_by(_GROUP)
        .agg(*(bit.mean() for bit in _bits(pl.col("img_phash"), "_h")))
        .select(*_GROUP, _code_of("_h", lambda s: s > 0.5).alias("_majority"))
    )
    # Photos of different products lie far from their majority hash. Copies of one layout do
    # not: a mock-up template with a different print on each product, or products of one
    # shape shot the same way, whose shadow or outline then repeats at the same place.
    from_majority = pl.col("img_phash").xor(pl.col("_majority")).bitwise_count_ones()
    return members.join(majority, on=_GROUP).filter(
        from_majority.median().over(_GROUP) >= opts.min_photo_bits
    )


def _carrying_strokes(members: pl.LazyFrame, min_common: int) -> pl.LazyFrame:
    """The members of each (seller, cell) group that carry the fine edges most of the group
    shares (the same strokes at the same pixels), where at least `min_common` are shared."""
    # A stroke pixel is set on most of the group's images, far more often than the cell's other
    # pixels: in a textured cell (grass, fabric) many pixels are set on any photo, and some on
    # most photos by chance, with no gap between them and the rest.
    shares = [pl.col(f"_e{k}") for k in range(64)]
    rest = [(share < _STROKE_AGREEMENT).cast(pl.Float64) for share in shares]
    background = pl.sum_horizontal(
        share * weight for share, weight in zip(shares, rest, strict=True)
    ) / pl.max_horizontal(pl.sum_horizontal(rest), pl.lit(1.0))

    def is_stroke(share: pl.Expr) -> pl.Expr:
        return (share >= _STROKE_AGREEMENT) & (share - background >= _STROKE_GAP)

    strokes = (
        members.group_by(_GROUP)
        .agg(*(bit.mean() for bit in _bits(pl.col("_edges"), "_e")))
        .select(*_GROUP, _code_of("_e", is_stroke).alias("_strokes"))
        .filter(pl.col("_strokes").bitwise_count_ones() >= min_common)
    )
    cover = (
        pl.col("_edges").and_(pl.col("_strokes")).bitwise_count_ones()
        / pl.col("_strokes").bitwise_count_ones()
    )
    return members.join(strokes, on=_GROUP, how="inner").filter(cover >= _MIN_STROKE_COVER)


@frame_rule(
    "IMG007",
    "image-watermark",
    Severity.ERROR,
    scope="image",
    requires=(
        "img_watermark_prob",
        "img_watermark_zoom",
        "img_watermark_cells",
        "img_cell_edges",
        "img_phash",
        "img_text_boxes",
        "img_text",
    ),
    options=WatermarkOptions,
    reject_rate=0.8,
)
def image_watermark(ctx: RunContext, opts: WatermarkOptions) -> pl.LazyFrame:
    """The image carries a watermark, logo stamp or overlay text (not text printed on the product).

    Why:
        Joom rejects photos with shop names, watermarks, logos or promotional text laid over
        them. Text printed on the product itself is fine. Three kinds of evidence:

        1. A small network shipped with the tool (watermark_net.onnx, trained on the project's
           own photos with synthetic marks and the overlay kinds real photos carry, product
           print taught as "no mark") scores every part of the frame on a 192 px copy; the
           photo is flagged when one part reaches `min-model-score` (0.990, chosen on
           validation photos: at most 2 % of the clean ones flagged). When its hottest part
           in the frame's two outer rings reaches 0.7, it looks again at twice the resolution
           (a window of half the frame around that part, from a ~500 px decode): a part of
           the window within 10 % of the frame's edge at `min-zoom-score` (0.995) is a mark
           too (a corner copyright line or URL is 2-4 px high in the 192 px copy). Parts
           further in do not count this way: zoomed in, the network takes print for a mark.
        2. Small type at full resolution: on candidate photos only (a plain background with
           small separate marks beside the product; without a plain background, a row of
           thin high-contrast strokes within 10 % of an edge where the network part reaches
           0.4; a network part >= 0.95, or >= 0.85 in the frame's two outer rings of parts)
           the PP-OCRv4 text detector (PaddleOCR, Apache-2.0, shipped in the package)
           searches those regions at 800-1000 px (large type only as finely as it needs,
           a network part away from the two outer rings as type >= 4.5 % of the height;
           at most 320 x 320 detector pixels a region).
           A line counts as laid over the photo when the pixels around it have the
           background's colour (80 % of them within 20 levels, their median within 4 of the
           border's, all round or level with the line; captions, colour labels, dimensions,
           a poster's frame), or it is small type (<= 4 % of the height) within 10 % of an
           edge (a copyright line, URL, signature), or the detector is sure of it (>= 0.8)
           where the network part reaches 0.7; never when its centre is inside the product's
           outline (the convex hull of the large parts on the plain background) unless the
           network part there reaches 0.95 (words tiled over the photo). A line on a surface
           of nearly the background's colour but not it (within 20 levels, median more than
           4 off: a white card or label on a white backdrop) is the product's print whatever
           the network says. Flagged when such a line's detector score reaches
           `min-text-score` (0.7).
        3. A weaker mark repeated at the same place on many of the seller's photos of
           different products: near the edge, or over the products when the same strokes
           repeat at the same pixels.
        The evidence region is where the mark is: the text lines' box, every network cell
        near the hottest one (a mark tiled over the photo spans it), or the second look's
        cell.
        Measured on real photos with synthetic overlays: benchmarks/README.md (IMG007).

    Cost:
        The network (1.) and the text search (2.) are about half of the image pass. A run
        with both IMG007 and IMG014 switched off skips them (its features are stored apart in
        the feature store, so a later run with either rule on looks at the photos again).

    Example:
        "SHOPNAME.COM" in the corner of a white-background photo        -> IMG007
        "Red  Blue  Black" written under three colour variants           -> IMG007
        "35 cm" and arrows beside the product                            -> IMG007
        the same faint logo at the bottom-right of 10 products' photos  -> IMG007
        the same faint shop name across the middle of 10 products       -> IMG007
        a printed label on the product's box                            -> ok
        a shop name printed on a white jewellery card on a white backdrop -> ok
        a dense LED array or a leaf print on the product                 -> ok
        one mock-up template with a different design on each product    -> ok
    """
    # Cells and their fine-edge codes come from the same network input: both or neither.
    images = ctx.tables.images.lazy().filter(
        pl.col("img_watermark_cells").is_not_null() & pl.col("img_cell_edges").is_not_null()
    )
    key = ["product_sku", "field", "position", "image"]
    products = ctx.tables.products
    seller = pl.col("store") if "store" in products.columns else pl.lit(None, pl.String)
    sellers = products.lazy().select("product_sku", seller.alias("_seller"))
    # A catalog without a store column is one seller per source file.
    images = images.join(sellers, on="product_sku", how="left").with_columns(
        pl.coalesce("_seller", "source").alias("_seller")
    )
    per_seller = images.group_by("_seller").agg(pl.col("img_digest").n_unique().alias("_n_seller"))
    # A mark is the same strokes at the same pixels of every photo it is stamped on: near the
    # edge, and over the products on stronger network evidence from fewer of the photos.
    repeated_marks = [
        _carrying_strokes(
            _repeated(_hot_cells(images, key, level, edge=edge), per_seller, share, opts),
            opts.min_common_edges,
        )
        for level, share, edge in (
            (opts.catalog_score, opts.min_share, True),
            (opts.inner_score, opts.inner_share, False),
        )
    ]
    by_catalog = (
        pl.concat(repeated_marks, how="diagonal_relaxed")
        .sort("_n_img", "_cell", descending=[True, False])
        .group_by(*key, maintain_order=True)
        .agg(pl.col("row", "source", "_n_img", "_cell").first())
    )
    by_network = images.filter(
        pl.col("img_watermark_prob").fill_null(0) >= opts.min_model_score
    ).select(
        *key,
        "row",
        "source",
        pl.col("img_watermark_prob").cast(pl.Float64).alias("_score"),
        pl.col("img_watermark_cells").list.arg_max().alias("_cell"),
        hot_box(pl.col("img_watermark_cells")).alias("_box"),
        pl.lit(None, pl.String).alias("_text"),
    )
    by_zoom = images.filter(
        pl.col("img_watermark_zoom").list.get(4, null_on_oob=True) >= opts.min_zoom_score
    ).select(
        *key,
        "row",
        "source",
        pl.col("img_watermark_zoom").list.get(4).cast(pl.Float64).alias("_score"),
        pl.col("img_watermark_zoom").list.head(4).cast(pl.List(pl.Float64)).alias("_box"),
        pl.lit(None, pl.String).alias("_text"),
    )
    by_text = text_overlays(ctx.tables.images.lazy(), key, opts.min_text_score)
    # Each image once: the first look's place, else the read text, else the second look's place.
    single = by_network
    for more in (by_text, by_zoom):
        single = pl.concat(
            [single, more.join(single.select(key), on=key, how="anti")], how="diagonal_relaxed"
        )
    # An image found both ways is reported once, with the single-image score and place.
    found = pl.concat(
        [
            single.with_columns(pl.lit(None, pl.UInt32).alias("_n_img")),
            by_catalog.join(single.select(key), on=key, how="anti").with_columns(
                pl.lit(None, pl.Float64).alias("_score")
            ),
        ],
        how="diagonal_relaxed",
    )
    return found.select(
        "product_sku",
        "row",
        "source",
        "field",
        pl.when(pl.col("_score").is_null())
        .then(
            pl.format(
                _t("image '{}' has a mark {} that repeats at the same place on {} of this "
                   "seller's photos (a watermark or shop logo); remove it"),
                IMAGE,
                _position(pl.col("_cell")),
                pl.col("_n_img"),
            )
        )
        # One whole template with the read text and one without: glued pieces cannot translate.
        .when(pl.col("_text").is_not_null() & (pl.col("_text") != ""))
        .then(
            pl.format(
                _t("image '{}' has text laid over the photo {}: '{}' (text score {}); upload "
                   "the photo without it"),
                IMAGE,
                box_position(pl.col("_box")),
                pl.col("_text"),
                pl.col("_score").round(2),
            )
        )
        .when(pl.col("_text").is_not_null())
        .then(
            pl.format(
                _t("image '{}' has text laid over the photo {} (text score {}); upload the "
                   "photo without it"),
                IMAGE,
                box_position(pl.col("_box")),
                pl.col("_score").round(2),
            )
        )
        .otherwise(
            pl.format(
                _t("image '{}' has a watermark, logo or overlay text {} (score {}); upload "
                   "the photo without it"),
                IMAGE,
                box_position(pl.col("_box")),
                pl.col("_score").round(2),
            )
        )
        .alias("message"),
        pl.col("_score").alias("value"),
        pl.struct(
            pl.col("image"),
            pl.coalesce(pl.col("_box"), _cell_box(pl.col("_cell"))).alias("region"),
            pl.col("_n_img").alias("repeats"),
            pl.col("_text").alias("text"),
        )
        .struct.json_encode()
        .alias("evidence"),
    )
