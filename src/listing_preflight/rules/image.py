"""Image rules (IMG): presence, readability, format, geometry, background, watermark, sharpness."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ..exprs import shorten
from ..images.background import RING_LEVELS
from ..images.watermark_net import GRID, default_threshold
from ..model import Check, ConfigError, Severity
from ..registry import frame_rule, row_rule

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..engine import RunContext

MAIN = pl.col("field") == "main_image"
IMAGE = shorten(pl.col("image"), 80)
EVIDENCE = pl.struct(pl.col("image"))


def _main_only(cond: pl.Expr) -> pl.Expr:
    """`cond` on main images, null (not applicable) elsewhere and on unreadable images."""
    return pl.when(MAIN & pl.col("img_error").is_null()).then(cond).otherwise(None)


def _readable(cond: pl.Expr) -> pl.Expr:
    return pl.when(pl.col("img_error").is_null()).then(cond).otherwise(None)


@row_rule(
    "IMG001", "main-image-missing", Severity.ERROR, requires=("main_image",), reject_rate=0.99
)
def main_image_missing() -> Check:
    """The product has no main image.

    Why:
        Joom requires a main image for every product; auto-moderation rejects a product
        without one.

    Example:
        main_image=""              -> IMG001
        main_image="photos/p1.jpg" -> ok
    """
    return Check(
        violates=pl.col("main_image").is_null(),
        message=pl.lit("main image is missing; add a 1:1 photo of at least 800x800 on white"),
    )


@row_rule(
    "IMG002",
    "image-unreadable",
    Severity.ERROR,
    scope="image",
    requires=("img_error",),
    reject_rate=0.95,
)
def image_unreadable() -> Check:
    """An image cannot be used: missing file, HTTP error, not an image, corrupt or truncated.

    Why:
        The marketplace downloads every image; a broken link, a hotlink-protected URL or a
        damaged file leaves the listing without that photo (without a main photo it is rejected).

    Example:
        main_image="photos/missing.jpg"                    -> IMG002 (file not found)
        main_image="https://shop.example/p1.jpg" (HTTP 404) -> IMG002
        main_image="photos/p1.jpg" (a readable JPEG)        -> ok
    """
    return Check(
        violates=pl.col("img_error").is_not_null(),
        message=pl.format(
            "image '{}' cannot be used: {}; fix the path or URL, or re-export the file",
            IMAGE,
            pl.col("img_error"),
        ),
        field=pl.col("field"),
        evidence=EVIDENCE,
    )


@dataclass(frozen=True)
class FormatOptions:
    """Options of image-format."""

    allowed: tuple[str, ...] = ("JPEG", "PNG")  # Joom accepts JPEG and PNG uploads


@row_rule(
    "IMG003",
    "image-format",
    Severity.WARNING,
    scope="image",
    requires=("img_format",),
    options=FormatOptions,
    reject_rate=0.5,
)
def image_format(opts: FormatOptions) -> Check:
    """The image is not a JPEG or PNG (by its content, not its file name).

    Why:
        WebP, GIF, BMP, TIFF or HEIC uploads are refused or converted badly; animated GIFs
        lose their animation. The format is read from the file's bytes, so a PNG named
        `.jpg` is fine.

    Example:
        photos/p1.webp (WebP) -> IMG003 (convert it to JPEG)
        photos/p1.jpg (JPEG)  -> ok
    """
    allowed = [a.upper() for a in opts.allowed]
    return Check(
        violates=_readable(~pl.col("img_format").is_in(allowed)),
        message=pl.format(
            "image '{}' is {}{}; save it as {}",
            IMAGE,
            pl.col("img_format"),
            pl.when(pl.col("img_frames") > 1).then(pl.lit(" (animated)")).otherwise(pl.lit("")),
            pl.lit(" or ".join(allowed)),
        ),
        field=pl.col("field"),
        evidence=pl.struct(pl.col("image"), pl.col("img_format").alias("format")),
    )


@dataclass(frozen=True)
class SquareOptions:
    """Options of image-not-square."""

    tolerance: float = 0.02  # |width/height - 1| accepted (a few px of rounding on a resize)


@row_rule(
    "IMG004",
    "image-not-square",
    Severity.ERROR,
    scope="image",
    requires=("img_width", "img_height"),
    options=SquareOptions,
    reject_rate=0.6,
)
def image_not_square(opts: SquareOptions) -> Check:
    """The main image is not 1:1.

    Why:
        Joom shows main images in a square tile and requires 1:1; other ratios are rejected or
        cropped, cutting off the product.

    Example:
        main image 1200x900 -> IMG004 (pad it to 1200x1200 on white)
        main image 1000x1000 -> ok
    """
    ratio = pl.col("img_width") / pl.col("img_height")
    side = pl.max_horizontal("img_width", "img_height")
    return Check(
        violates=_main_only((ratio - 1).abs() > opts.tolerance),
        message=pl.format(
            "main image '{}' is {}x{} (ratio {}), not 1:1; pad it to {}x{} on white",
            IMAGE,
            pl.col("img_width"),
            pl.col("img_height"),
            ratio.round(2),
            side,
            side,
        ),
        value=ratio,
        field="main_image",
        evidence=EVIDENCE,
    )


@dataclass(frozen=True)
class SizeOptions:
    """Options of image-too-small."""

    min_side: int = 800  # Joom: at least 800x800 (DESIGN §6)


@row_rule(
    "IMG005",
    "image-too-small",
    Severity.ERROR,
    scope="image",
    requires=("img_width", "img_height"),
    options=SizeOptions,
    reject_rate=0.7,
)
def image_too_small(opts: SizeOptions) -> Check:
    """The image is smaller than 800x800.

    Why:
        Small images look blurry when zoomed and Joom requires at least 800x800 pixels.

    Example:
        600x600 -> IMG005 (use the original photo, do not upscale)
        1000x1000 -> ok
    """
    short = pl.min_horizontal("img_width", "img_height")
    return Check(
        violates=_readable(short < opts.min_side),
        message=pl.format(
            "image '{}' is {}x{}, below {}x{}; use a larger original photo",
            IMAGE,
            pl.col("img_width"),
            pl.col("img_height"),
            pl.lit(opts.min_side),
            pl.lit(opts.min_side),
        ),
        value=short,
        field=pl.col("field"),
        evidence=EVIDENCE,
    )


@dataclass(frozen=True)
class BackgroundOptions:
    """Options of image-background-not-white."""

    # A border pixel is "white" when its darkest channel is >= level and it has no colour cast.
    # Must be one of background.RING_LEVELS (the shares are precomputed per level). 250 is
    # CIE dE ~1.6 from #FFFFFF (image-techniques.md §1a): "pure white" per the seed rule; on
    # shared/realdata every level from 240 to 253 scored the same (99.3 %).
    level: int = 250
    # Share of the border allowed below the level: JPEG ringing, a shadow or a product that
    # touches the edge (models' legs, a box filling the width: up to 38 % on shared/realdata;
    # grey or coloured backdrops and scenes start at 57 %). benchmarks/eval_images.py.
    max_dark_share: float = 0.4


@row_rule(
    "IMG006",
    "image-background-not-white",
    Severity.ERROR,
    scope="image",
    requires=("img_ring_dark",),
    options=BackgroundOptions,
    reject_rate=0.7,
)
def image_background_not_white(opts: BackgroundOptions) -> Check:
    """The main image's background is not pure white.

    Why:
        Joom (like Amazon) asks for the product on a pure white background in the main
        image; grey, coloured or scene backgrounds and frames are rejected. Soft shadows under
        the product and JPEG noise are tolerated; transparency counts as white.

    Example:
        product on a light-grey studio backdrop -> IMG006
        product on #FFFFFF with a soft shadow    -> ok
    """
    if opts.level not in RING_LEVELS:
        raise ConfigError(
            f"[rules.image-background-not-white] level must be one of {list(RING_LEVELS)}"
        )
    dark = pl.col("img_ring_dark").list.get(RING_LEVELS.index(opts.level), null_on_oob=True)
    return Check(
        violates=_main_only(dark > opts.max_dark_share),
        message=pl.format(
            "main image '{}' background is not white: {}% of the border is darker than {} or tinted; "
            "put the product on pure white (#FFFFFF)",
            IMAGE,
            (dark * 100).round(0).cast(pl.Int64),
            pl.lit(opts.level),
        ),
        value=dark,
        field="main_image",
        evidence=pl.struct(pl.col("image"), pl.col("img_ring_level").alias("border_level")),
    )


@dataclass(frozen=True)
class BlurOptions:
    """Options of image-blurry."""

    # Edge acuity (images/extract.py sharpness): realdata photos score 0.16-0.24 (5-95 %), the
    # same blurred by sigma 2 px 0.06-0.15, by sigma 4 px 0.03-0.08 (benchmarks/eval_images.py).
    min_sharpness: float = 0.13
    # Acuity is measured on the working image, a 1/4-1/8 reduction of a photo of marketplace
    # size. A smaller photo is measured at (nearly) its own pixels, where ordinary softness
    # reads as blur: 8 of 37 outside photos under 800 px fell below min_sharpness, plainly
    # sharp ones among them (benchmarks/README.md, IMG008). They get IMG005 instead.
    min_side: int = 800


@row_rule(
    "IMG008",
    "image-blurry",
    Severity.WARNING,
    scope="image",
    requires=("img_sharpness", "img_width", "img_height"),
    options=BlurOptions,
    reject_rate=0.3,
)
def image_blurry(opts: BlurOptions) -> Check:
    """The image looks blurry (little fine detail on the product).

    Why:
        Blurry photos are rejected by moderation as low quality and convert poorly.

    Example:
        an out-of-focus main photo                  -> IMG008
        a sharp studio photo                        -> ok
        a 600 x 600 photo (blurry or not)           -> ok here; IMG005 asks for a larger one
    """
    return Check(
        violates=_readable(
            (pl.col("img_sharpness") < opts.min_sharpness)
            & (pl.max_horizontal("img_width", "img_height") >= opts.min_side)
        ),
        message=pl.format(
            "image '{}' looks blurry (sharpness {} < {}); retake or use the original file",
            IMAGE,
            pl.col("img_sharpness").round(3),
            pl.lit(opts.min_sharpness),
        ),
        value=pl.col("img_sharpness"),
        field=pl.col("field"),
        evidence=EVIDENCE,
    )


@dataclass(frozen=True)
class ProductSizeOptions:
    """Options of image-product-too-small."""

    # The product's longest extent as a share of the frame; Amazon asks ~85 % fill, so
    # below 0.5 the product is a small object in a big white field.
    min_share: float = 0.5


@row_rule(
    "IMG011",
    "image-product-too-small",
    Severity.WARNING,
    scope="image",
    requires=("img_product_share",),
    options=ProductSizeOptions,
    reject_rate=0.3,
)
def image_product_too_small(opts: ProductSizeOptions) -> Check:
    """The product fills too little of the main image (wide empty margins).

    Why:
        A small product in a large white frame is hard to see in search results; marketplaces
        ask the product to fill most of the frame.

    Example:
        a ring photographed at 30 % of the frame -> IMG011 (crop closer)
        a product filling 80 % of the frame      -> ok
    """
    return Check(
        violates=_main_only(pl.col("img_product_share") < opts.min_share),
        message=pl.format(
            "the product fills only {}% of main image '{}'; crop so it fills at least {}%",
            (pl.col("img_product_share") * 100).round(0).cast(pl.Int64),
            IMAGE,
            pl.lit(round(opts.min_share * 100)),
        ),
        value=pl.col("img_product_share"),
        field="main_image",
        evidence=pl.struct(pl.col("image"), pl.col("img_product_bbox").alias("product_box")),
    )


@dataclass(frozen=True)
class FileSizeOptions:
    """Options of image-file-too-large."""

    max_mb: float = 10.0  # Joom upload limit per image file


@row_rule(
    "IMG012",
    "image-file-too-large",
    Severity.ERROR,
    scope="image",
    requires=("img_bytes",),
    options=FileSizeOptions,
    reject_rate=0.9,
)
def image_file_too_large(opts: FileSizeOptions) -> Check:
    """The image file is larger than 10 MB.

    Why:
        The marketplace refuses image files above its upload limit.

    Example:
        a 14 MB PNG -> IMG012 (save as JPEG quality 85-90)
        a 400 KB JPEG -> ok
    """
    mb = pl.col("img_bytes") / (1024 * 1024)
    return Check(
        violates=mb > opts.max_mb,
        message=pl.format(
            "image '{}' is {} MB, above the {} MB limit; save it as JPEG quality 85-90",
            IMAGE,
            mb.round(1),
            pl.lit(opts.max_mb),
        ),
        value=mb,
        field=pl.col("field"),
        evidence=EVIDENCE,
    )


@dataclass(frozen=True)
class WatermarkOptions:
    """Options of image-watermark."""

    # img_watermark_prob of the shipped network (images/watermark_net.py): the threshold
    # benchmarks/train_watermark.py picked on validation photos (stored in watermark_net.json).
    min_model_score: float = default_threshold()
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
    # Calibration: benchmarks/README.md.
    inner_score: float = 0.3
    inner_share: float = 0.5
    min_common_edges: int = 8
    min_photo_bits: int = 10


def _cell_box(cell: pl.Expr) -> pl.Expr:
    """The [x0, y0, x1, y1] box (0..1) of a watermark-network cell index (row-major)."""
    g = GRID
    x0, y0 = (cell % g) / g, (cell // g) / g
    return pl.concat_list(x0, y0, x0 + 1 / g, y0 + 1 / g)


def _position(cell: pl.Expr) -> pl.Expr:
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

    vertical = third(cell // GRID, "top", "middle", "bottom")
    horizontal = third(cell % GRID, "left", "centre", "right")
    return (
        pl.when((vertical == "middle") & (horizontal == "centre"))
        .then(pl.lit("in the centre"))
        .when(vertical == "middle")
        .then(pl.concat_str(pl.lit("at the "), horizontal, pl.lit(" edge")))
        .when(horizontal == "centre")
        .then(pl.concat_str(pl.lit("at the "), vertical))
        .otherwise(pl.concat_str(pl.lit("at the "), vertical, pl.lit(" "), horizontal))
    )


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
            pl.col("img_cell_edges").list.gather(cells, null_on_oob=True).alias("_edges"),
        )
        .explode("_cell", "_edges")
        .filter(pl.col("_cell").is_not_null())
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
        "img_watermark_cells",
        "img_cell_edges",
        "img_phash",
    ),
    options=WatermarkOptions,
    reject_rate=0.8,
)
def image_watermark(ctx: RunContext, opts: WatermarkOptions) -> pl.LazyFrame:
    """The image carries a watermark, logo stamp or overlay text (not text printed on the product).

    Why:
        Joom rejects photos with shop names, watermarks, logos or promotional text laid over
        them. Text printed on the product itself is fine. A small network shipped with the
        tool (trained on the project's own photos with synthetic marks, product print taught
        as "no mark") scores every part of the frame; the photo is flagged when one part
        reaches `min-model-score`, or when a weaker mark repeats at the same place on many
        of the seller's photos of different products: near the edge, or over the products
        when the same strokes repeat at the same pixels.

    Example:
        "SHOPNAME.COM" in the corner of a white-background photo        -> IMG007
        the same faint logo at the bottom-right of 10 products' photos  -> IMG007
        the same faint shop name across the middle of 10 products       -> IMG007
        a printed label on the product's box                            -> ok
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
    single = images.filter(
        pl.col("img_watermark_prob").fill_null(0) >= opts.min_model_score
    ).select(
        *key,
        "row",
        "source",
        pl.col("img_watermark_prob").cast(pl.Float64).alias("_score"),
        pl.col("img_watermark_cells").list.arg_max().alias("_cell"),
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
                "image '{}' has a mark {} that repeats at the same place on {} of this seller's "
                "photos (a watermark or shop logo); remove it",
                IMAGE,
                _position(pl.col("_cell")),
                pl.col("_n_img"),
            )
        )
        .otherwise(
            pl.format(
                "image '{}' has a watermark, logo or overlay text {} (score {}); upload the "
                "photo without it",
                IMAGE,
                _position(pl.col("_cell")),
                pl.col("_score").round(2),
            )
        )
        .alias("message"),
        pl.col("_score").alias("value"),
        pl.struct(
            pl.col("image"),
            _cell_box(pl.col("_cell")).alias("region"),
            pl.col("_n_img").alias("repeats"),
        )
        .struct.json_encode()
        .alias("evidence"),
    )


@dataclass(frozen=True)
class AnglesOptions:
    """Options of image-too-few-angles."""

    min_images: int = (
        3  # distinct photos per listing (main + extra); Joom recommends several angles
    )


@frame_rule(
    "IMG009",
    "image-too-few-angles",
    Severity.WARNING,
    scope="image",
    requires=("img_digest", "img_phash"),
    options=AnglesOptions,
    reject_rate=0.2,
)
def image_too_few_angles(ctx: RunContext, opts: AnglesOptions) -> pl.LazyFrame:
    """The listing has fewer than 3 distinct product photos.

    Why:
        Listings with one photo convert poorly and moderation asks for several angles;
        the same file listed twice does not count twice.

    Example:
        main_image=a.jpg, extra_images=[a.jpg] -> IMG009 (1 distinct photo)
        main_image=a.jpg, extra_images=[b.jpg, c.jpg] -> ok
    """
    images = ctx.tables.images.lazy().filter(
        pl.col("field").is_in(["main_image", "extra_images"]) & pl.col("img_error").is_null()
    )
    counts = images.group_by("product_sku").agg(
        pl.col("img_phash").n_unique().alias("_n"),
    )
    products = ctx.tables.products.lazy().filter(pl.col("main_image").is_not_null())
    return (
        products.select("product_sku", "row", "source")
        .join(counts, on="product_sku", how="left")
        .with_columns(pl.col("_n").fill_null(0))
        .filter(pl.col("_n") < opts.min_images)
        .select(
            "product_sku",
            "row",
            "source",
            pl.lit("extra_images").alias("field"),
            pl.format(
                "listing has {} distinct photo(s); add at least {} showing different angles",
                pl.col("_n"),
                pl.lit(opts.min_images),
            ).alias("message"),
            pl.col("_n").cast(pl.Float64).alias("value"),
        )
    )


@dataclass(frozen=True)
class VideoOptions:
    """Options of video-too-long."""

    max_seconds: float = 30.0  # Joom product video limit


@frame_rule(
    "IMG013",
    "video-too-long",
    Severity.WARNING,
    scope="product",
    requires=("video",),
    options=VideoOptions,
    reject_rate=0.5,
)
def video_too_long(ctx: RunContext, opts: VideoOptions) -> pl.LazyFrame:
    """The product video is longer than 30 seconds (or cannot be read).

    Why:
        Joom accepts product videos up to 30 s; longer ones are refused at upload.

    Example:
        video="clips/p1.mp4" (45 s) -> IMG013 (cut it to 30 s)
        video="clips/p2.mp4" (20 s) -> ok
    """
    from ..images.pipeline import ImageSettings
    from ..images.video import durations

    products = ctx.tables.products.filter(pl.col("video").is_not_null())
    if products.is_empty():
        return pl.LazyFrame(
            schema={"product_sku": pl.String, "row": pl.Int64, "message": pl.String}
        )
    roots = ctx.tables.images.select("product_sku", "image_root").unique(
        "product_sku", keep="first"
    )
    fallback = str(Path(ctx.config.images).resolve()) if ctx.config.images else None
    # Relative video paths resolve like images: --images, else the catalog file's folder.
    folders = {s: str(Path(s).resolve().parent) for s in products["source"].unique().to_list() if s}
    table = products.join(roots, on="product_sku", how="left").with_columns(
        pl.coalesce(
            "image_root",
            pl.lit(fallback, pl.String),
            pl.col("source").replace_strict(folders, default=None, return_dtype=pl.String),
        ).alias("image_root")
    )
    refs = list(zip(table["video"].to_list(), table["image_root"].to_list()))
    found = durations(refs, ImageSettings.from_config(ctx.config))
    keys = list(found)
    info = pl.DataFrame(
        {
            "video": [k[0] for k in keys],
            "image_root": [k[1] for k in keys],
            "_seconds": [found[k][0] for k in keys],
            "_error": [found[k][1] for k in keys],
        },
        schema={
            "video": pl.String,
            "image_root": pl.String,
            "_seconds": pl.Float64,
            "_error": pl.String,
        },
    )
    return (
        table.lazy()
        .join(info.lazy(), on=["video", "image_root"], how="left", nulls_equal=True)
        .filter((pl.col("_seconds") > opts.max_seconds) | pl.col("_error").is_not_null())
        .select(
            "product_sku",
            "row",
            "source",
            pl.lit("video").alias("field"),
            pl.when(pl.col("_error").is_not_null())
            .then(
                pl.format(
                    "video '{}' cannot be checked: {}",
                    shorten(pl.col("video"), 80),
                    pl.col("_error"),
                )
            )
            .otherwise(
                pl.format(
                    "video '{}' is {} s long, the limit is {} s; cut it",
                    shorten(pl.col("video"), 80),
                    pl.col("_seconds").round(1),
                    pl.lit(opts.max_seconds),
                )
            )
            .alias("message"),
            pl.col("_seconds").alias("value"),
        )
    )
