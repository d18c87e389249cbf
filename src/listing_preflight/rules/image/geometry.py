"""Image rules about geometry: 1:1 ratio, minimum size, product fill, number of angles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from ...i18n import _t
from ...model import Check, Severity
from ...registry import frame_rule, row_rule

if TYPE_CHECKING:

    from ...engine import RunContext
from .common import EVIDENCE, IMAGE, _main_only, _readable


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
            _t("main image '{}' is {}x{} (ratio {}), not 1:1; pad it to {}x{} on white"),
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
            _t("image '{}' is {}x{}, below {}x{}; use a larger original photo"),
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
            _t("the product fills only {}% of main image '{}'; crop so it fills at least {}%"),
            (pl.col("img_product_share") * 100).round(0).cast(pl.Int64),
            IMAGE,
            pl.lit(round(opts.min_share * 100)),
        ),
        value=pl.col("img_product_share"),
        field="main_image",
        evidence=pl.struct(pl.col("image"), pl.col("img_product_bbox").alias("product_box")),
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
        # An image without features and without an error was not fetched (--no-fetch, no
        # network): how many distinct photos the product has is unknown, so it is not judged.
        pl.col("img_phash").is_null().any().alias("_unknown"),
    ).filter(~pl.col("_unknown"))
    products = ctx.tables.products.lazy().filter(pl.col("main_image").is_not_null())
    unknown = images.filter(pl.col("img_phash").is_null()).select("product_sku").unique()
    return (
        products.select("product_sku", "row", "source")
        .join(unknown, on="product_sku", how="anti")
        .join(counts, on="product_sku", how="left")
        .with_columns(pl.col("_n").fill_null(0))
        .filter(pl.col("_n") < opts.min_images)
        .select(
            "product_sku",
            "row",
            "source",
            pl.lit("extra_images").alias("field"),
            pl.format(
                _t("listing has {} distinct photo(s); add at least {} showing different angles"),
                pl.col("_n"),
                pl.lit(opts.min_images),
            ).alias("message"),
            pl.col("_n").cast(pl.Float64).alias("value"),
        )
    )
