"""Image rules about the files themselves: presence, readability, format, file size, video."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ...exprs import shorten
from ...i18n import _t
from ...model import Check, Severity
from ...registry import frame_rule, row_rule

if TYPE_CHECKING:

    from ...engine import RunContext
from .common import EVIDENCE, IMAGE, _readable


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
        message=pl.lit(_t("main image is missing; add a 1:1 photo of at least 800x800 on white")),
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
            _t("image '{}' cannot be used: {}; fix the path or URL, or re-export the file"),
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
            _t("image '{}' is {}; save it as {}"),
            IMAGE,
            pl.when(pl.col("img_frames") > 1).then(pl.format(_t("{} (animated)"), pl.col("img_format")))
            .otherwise(pl.col("img_format")),
            pl.lit(" or ".join(allowed)),
        ),
        field=pl.col("field"),
        evidence=pl.struct(pl.col("image"), pl.col("img_format").alias("format")),
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
            _t("image '{}' is {} MB, above the {} MB limit; save it as JPEG quality 85-90"),
            IMAGE,
            mb.round(1),
            pl.lit(opts.max_mb),
        ),
        value=mb,
        field=pl.col("field"),
        evidence=EVIDENCE,
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
    from ...images.pipeline import ImageSettings
    from ...images.video import durations

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
                    _t("video '{}' cannot be checked: {}"),
                    shorten(pl.col("video"), 80),
                    pl.col("_error"),
                )
            )
            .otherwise(
                pl.format(
                    _t("video '{}' is {} s long, the limit is {} s; cut it"),
                    shorten(pl.col("video"), 80),
                    pl.col("_seconds").round(1),
                    pl.lit(opts.max_seconds),
                )
            )
            .alias("message"),
            pl.col("_seconds").alias("value"),
        )
    )
