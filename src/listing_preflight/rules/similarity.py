"""Similarity rules (SIM001-SIM003) and duplicate photos within a listing (IMG010).

All four compare images by the similarity score of similarity/score.py (0.70 separates photos
derived from one another from unrelated ones; calibrated in benchmarks/eval_similarity.py).
Candidates come from an exact multi-index Hamming search over the cached box hashes, never from
comparing every pair; the per-pair work is numpy over arrays of candidate pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ..i18n import _t
from ..images.hashing import SIMILARITY_COLUMNS
from ..model import ConfigError, Severity
from ..registry import frame_rule
from ..similarity import score
from ..similarity.matching import HashArrays, match_references, near_duplicates, pair_similarity

if TYPE_CHECKING:
    from ..engine import RunContext

_IMAGE_FIELDS = ("main_image", "extra_images")
# Products kept per distinct photo when pairing products (see _cross_product_matches).
MAX_OWNERS = 20
_FIELD_NAMES = {"main_image": _t("main image"), "extra_images": _t("extra image"),
                "variant_image": _t("variant image")}


def _validate(threshold: float, code: str) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"{code}: threshold must be between 0 and 1 (a similarity), got {threshold}")


def _hashed_images(ctx: RunContext) -> pl.DataFrame:
    """Image rows with usable hashes, each with `_u`: the index of its distinct hash tuple."""
    cached = ctx.cache.get("similarity_images")
    if cached is not None:
        return cached
    images = ctx.tables.images
    if any(c not in images.columns for c in SIMILARITY_COLUMNS) or images.height == 0:
        frame = pl.DataFrame()
    else:
        usable = images.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in SIMILARITY_COLUMNS))
        distinct = (usable.select(SIMILARITY_COLUMNS).unique(maintain_order=True)
                    .with_row_index("_u").with_columns(pl.col("_u").cast(pl.Int64)))
        frame = usable.join(distinct, on=list(SIMILARITY_COLUMNS), how="left", maintain_order="left")
    ctx.cache["similarity_images"] = frame
    return frame


def _distinct(frame: pl.DataFrame) -> HashArrays:
    """Hash arrays of the distinct hash tuples, position = `_u`."""
    return HashArrays.from_frame(frame.unique("_u").sort("_u"))


def _where(field: pl.Expr, position: pl.Expr) -> pl.Expr:
    """'main image' / 'extra image #2' / 'variant image' for messages."""
    name = field.replace_strict(_FIELD_NAMES, default=field)
    return pl.when(field == "extra_images").then(pl.format("{} #{}", name, position)).otherwise(name)


def _percent(similarity: pl.Expr) -> pl.Expr:
    return (similarity * 100).round(0).cast(pl.Int64)


def _empty() -> pl.LazyFrame:
    return pl.LazyFrame(schema={"product_sku": pl.String, "row": pl.Int64, "message": pl.String})


# ---- SIM001 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BrandMatchOptions:
    """Options of brand-image-match."""

    # Similarity score (not a share of hash bits) at which a photo counts as derived from a
    # reference photo; Joom's seed rule says "over 70 % similar to a brand's official images".
    threshold: float = score.AT_CUTOFF


@frame_rule("SIM001", "brand-image-match", Severity.ERROR, scope="image",
            requires=SIMILARITY_COLUMNS, options=BrandMatchOptions, reject_rate=0.9)
def brand_image_match(ctx: RunContext, opts: BrandMatchOptions) -> pl.LazyFrame | None:
    """An image is derived from a reference image (a brand's official photo) of `--reference`.

    Why:
        Joom rejects products whose photos are more than 70 % similar to a brand's official
        images (image theft / counterfeit signal). "Similar" here is a calibrated score, not a
        share of equal hash bits: resized, recompressed, slightly cropped, re-framed on white,
        mirrored or mildly recoloured copies score high; unrelated packshots on white, colour
        variants and other angles of a product score low. The reference index is built with
        `preflight index build DIR --out INDEX` (one sub-folder per brand).

    How:
        The product box is located and hashed on the working decode (200-320 px), not the
        128 px hash input, so a product filling 35 % of the frame still has ~100 px. Reference
        and catalog images are both also hashed turned by -5, -2.5, +2.5 and +5 degrees (white
        corners), and a catalog image is compared plain, mirrored and turned with every stored
        variant of a reference image, so a copy rotated by up to 5 degrees matches (99 % of
        resized, mirrored, re-framed and rotated copies of real photos at 35-100 % fill, 0.02 %
        false matches: benchmarks/README.md "Similarity, issue 12 §4"). A frame drawn round a
        photo (a line or a band of one colour, not light, ending along each whole side within
        6 % of the short side) is cut off before it is hashed, so a copy with a frame added
        still matches (97 % with a red band 2 % wide, 64 % before: eval_similarity_stress.py).

    Example:
        main image p1.jpg is a mirrored, re-framed copy of nike/air-max.jpg in the index
        -> SIM001 "main image p1.jpg is 94% similar to reference image nike/air-max.jpg (brand nike)"
        a different photo of the same kind of shoe -> ok
    """
    _validate(opts.threshold, "SIM001")
    if not ctx.config.reference:
        settings = ctx.settings.get("SIM001")
        if settings is not None and settings.explicit:
            raise ConfigError("rule SIM001 (brand-image-match) needs a reference index: "
                              "pass --reference INDEX (built with `preflight index build`)")
        return None
    from ..similarity.index import load

    index = load(ctx.config.reference)
    images = _hashed_images(ctx)
    if images.is_empty() or index.images.is_empty():
        return _empty()
    matches = match_references(_distinct(images), index.hashes(), opts.threshold)
    best = (
        matches.sort(["a", "similarity", "b"], descending=[False, True, False])
        .unique("a", keep="first")
        .join(index.images.select(pl.col("ref_id").cast(pl.Int64).alias("b"),
                                  pl.col("path").alias("_ref"), pl.col("label").alias("_label")),
              on="b", how="left")
    )
    return (
        images.lazy().join(best.lazy(), left_on="_u", right_on="a", how="inner")
        .select(
            "product_sku", "variant_sku", "row", "source", "field",
            pl.format(_t("{} {} is {}% similar to reference image {} (brand {}); use your own photos "
                      "of the product instead of the brand's"),
                      _where(pl.col("field"), pl.col("position")), pl.col("image"),
                      _percent(pl.col("similarity")), pl.col("_ref"), pl.col("_label")).alias("message"),
            pl.col("similarity").round(4).alias("value"),
            pl.struct(
                pl.col("image"),
                pl.col("_ref").alias("reference"),
                pl.col("_label").alias("brand"),
                _percent(pl.col("similarity")).alias("similarity_percent"),
            ).struct.json_encode().alias("evidence"),
        )
    )


# ---- SIM002 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReusedImageOptions:
    """Options of image-reused-across-products."""

    threshold: float = score.AT_CUTOFF  # similarity at which two photos are the same photo
    shown: int = 5  # other products named in the message (at most 20); the count says the rest


def _symmetric_pairs(images: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """(a, b, similarity) over distinct hashes, both orders, including every (u, u, 1.0)."""
    pairs = near_duplicates(_distinct(images), threshold)
    distinct = images.select(pl.col("_u").unique())
    return pl.concat([
        pairs,
        pairs.select(pl.col("b").alias("a"), pl.col("a").alias("b"), "similarity"),
        distinct.select(pl.col("_u").alias("a"), pl.col("_u").alias("b"), pl.lit(1.0).alias("similarity")),
    ])


def _cross_product_matches(ctx: RunContext, threshold: float, fields: tuple[str, ...]) -> pl.DataFrame:
    """Image rows matched with images of other products: one row per (image row, other product)."""
    key = ("similarity_cross", threshold, fields)
    if key in ctx.cache:
        return ctx.cache[key]
    images = _hashed_images(ctx)
    if images.is_empty():
        result = pl.DataFrame()
    else:
        mine = images.filter(pl.col("field").is_in(fields))
        pairs = _symmetric_pairs(mine, threshold)
        # Products using each distinct photo, earliest first, at most MAX_OWNERS of them: a
        # placeholder photo shared by thousands of products must not multiply into millions
        # of rows; `_n_b` keeps the true number of products for the message.
        owners = (
            mine.select(pl.col("_u").alias("b"), pl.col("product_sku").alias("_other"),
                        pl.col("row").alias("_other_row"), pl.col("image").alias("_other_image"),
                        pl.col("field").alias("_other_field"))
            .sort("_other_row")
            .unique(["b", "_other"], keep="first", maintain_order=True)
            .with_columns(pl.len().over("b").alias("_n_b"))
            .filter(pl.int_range(pl.len()).over("b") < MAX_OWNERS)
        )
        result = (
            mine.join(pairs, left_on="_u", right_on="a", how="inner")
            .join(owners, on="b", how="inner")
            # A shared extra image on both sides (a size chart, a brand banner) is normal; the
            # main photo of one product showing up in another product is what counts.
            .filter((pl.col("_other") != pl.col("product_sku"))
                    & ((pl.col("field") != "extra_images") | (pl.col("_other_field") != "extra_images")))
            .sort("similarity", "_other_row", descending=[True, False])
            .unique(["product_sku", "row", "field", "position", "image", "_other"], keep="first",
                    maintain_order=True)
        )
    ctx.cache[key] = result
    return result


@frame_rule("SIM002", "image-reused-across-products", Severity.ERROR, scope="image",
            requires=SIMILARITY_COLUMNS, options=ReusedImageOptions, reject_rate=0.7)
def image_reused_across_products(ctx: RunContext, opts: ReusedImageOptions) -> pl.LazyFrame:
    """The same (or a near-identical) photo is used by different products.

    Why:
        Joom treats photos shared between products as duplication (or as taken from another
        listing); each product needs its own photos. The same file, a resized or recompressed
        copy, a mirrored copy or one re-framed on white all count. A main (or variant) photo
        must be involved: the same extra image in many listings (a size chart, a brand
        banner) is not flagged.

    How:
        Product boxes are compared (located and hashed on the working decode, so small
        products keep their detail), plain and mirrored; each photo also stores its box turned
        by -5, -2.5, +2.5 and +5 degrees, and one photo's turned box meeting the other's box
        counts, so a copy rotated by up to 5 degrees is found. A photo pasted on a canvas is
        boxed down to its product and also stores its own rectangle; one photo's box or
        turned box meeting the other's rectangle counts, so the same photo pasted at another
        size, or turned, is found. A photo that fills the canvas on one axis is boxed between
        the two plain bars beside it, as it is when pasted smaller. When the whole frames agree
        within half the box cutoffs (phash <= 4 bits, phash + dhash <= 8 at the 70 % point:
        similarity/score.py FRAME_*), the photos are the same photo re-saved, whatever their
        boxes say. The mean product colour still has to agree, so the same template in another
        colour stays apart (98.3 % of resized, mirrored, re-framed and rotated copies of real
        photos at 35-100 % fill found, at least 95 % of each kind at each fill, 0.04 % false
        matches: benchmarks/README.md "Issue 12, stop 21"). A frame drawn round a photo is cut
        off before it is hashed, as for SIM001.

    Example:
        P1 main image a.jpg and P2 extra image b.jpg (a.jpg resized) -> SIM002 on P1 and P2
        P1 and P2 with different photos -> ok
    """
    _validate(opts.threshold, "SIM002")
    matches = _cross_product_matches(ctx, opts.threshold, _IMAGE_FIELDS + ("variant_image",))
    if matches.is_empty():
        return _empty()
    per_image = matches.group_by(
        ["product_sku", "variant_sku", "row", "source", "field", "position", "image"], maintain_order=True
    ).agg(
        pl.col("_other").head(opts.shown).alias("_others"),
        # other products: those listed, or more when a photo has more users than were paired
        pl.max_horizontal(pl.len(), (pl.col("_n_b") - (pl.col("b") == pl.col("_u"))).max()).alias("_count"),
        pl.col("similarity").max().alias("_best"),
        pl.col("_other_image").first().alias("_other_image"),
    )
    return per_image.lazy().select(
        "product_sku", "variant_sku", "row", "source", "field",
        pl.format(_t("{} {} is also used by {} other product(s): {}{} ({}% similar); each product "
                  "needs its own photos"),
                  _where(pl.col("field"), pl.col("position")), pl.col("image"), pl.col("_count"),
                  pl.col("_others").list.join(", "),
                  pl.when(pl.col("_count") > opts.shown).then(pl.lit(", ...")).otherwise(pl.lit("")),
                  _percent(pl.col("_best"))).alias("message"),
        pl.col("_best").round(4).alias("value"),
        pl.struct(pl.col("image"), pl.col("_others").alias("products"),
                  pl.col("_other_image").alias("matched_image"),
                  _percent(pl.col("_best")).alias("similarity_percent")).struct.json_encode().alias("evidence"),
    )


# ---- SIM003 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuplicateProductOptions:
    """Options of duplicate-product."""

    image_threshold: float = score.AT_CUTOFF  # photo similarity (score) of the two products
    title_threshold: float = 90.0  # rapidfuzz token_sort_ratio of the titles, 0-100


@frame_rule("SIM003", "duplicate-product", Severity.ERROR, scope="image",
            requires=("title", *SIMILARITY_COLUMNS), options=DuplicateProductOptions, reject_rate=0.9)
def duplicate_product(ctx: RunContext, opts: DuplicateProductOptions) -> pl.LazyFrame:
    """Two products are near-duplicates: near-identical titles and the same photo.

    Why:
        Joom rejects a product that duplicates another one (and a product rejected as a
        duplicate can never be resubmitted). Listing the same item twice - e.g. once per colour
        instead of one product with colour variants - is the usual cause. Both the titles
        (rapidfuzz token_sort_ratio >= 90) and a main or extra photo (similarity >= 0.70)
        must match; the finding is on the later product and names the earlier one.

    Example:
        P2 "Women Summer Dress Red" with P1's photo, P1 "Women Summer Dress Red" -> SIM003 on P2
        P2 "Women Summer Dress Blue" with its own blue photo -> ok (a colour variant)
    """
    _validate(opts.image_threshold, "SIM003")
    from rapidfuzz import fuzz, process, utils

    matches = _cross_product_matches(ctx, opts.image_threshold, _IMAGE_FIELDS)
    if matches.is_empty():
        return _empty()
    products = ctx.tables.products.select("product_sku", "row", "source", "title")
    pairs = (
        matches.group_by("product_sku", "_other")
        .agg(pl.col("similarity").max().alias("_image_similarity"))
        .join(products, on="product_sku", how="inner")
        .join(products.select(pl.col("product_sku").alias("_other"), pl.col("row").alias("_other_row"),
                              pl.col("title").alias("_other_title")), on="_other", how="inner")
        .filter(pl.col("title").is_not_null() & pl.col("_other_title").is_not_null()
                & (pl.col("row") > pl.col("_other_row")))   # the later product gets the finding
    )
    if pairs.is_empty():
        return _empty()
    titles = process.cpdist(pairs.get_column("title").to_list(), pairs.get_column("_other_title").to_list(),
                            scorer=fuzz.token_sort_ratio, processor=utils.default_process, workers=1)
    pairs = pairs.with_columns(pl.Series("_title_similarity", np.asarray(titles, dtype=np.float64)))
    return (
        pairs.lazy().filter(pl.col("_title_similarity") >= opts.title_threshold)
        .sort("_image_similarity", "_title_similarity", descending=True)
        .unique("product_sku", keep="first", maintain_order=True)
        .select(
            "product_sku", "row", "source", pl.lit("title").alias("field"),
            pl.format(_t("product duplicates product {} (row {}): titles {}% and photos {}% similar; "
                      "list it once (use variants for colours/sizes) or make title and photos distinct"),
                      pl.col("_other"), pl.col("_other_row"), pl.col("_title_similarity").round(0).cast(pl.Int64),
                      _percent(pl.col("_image_similarity"))).alias("message"),
            pl.col("_image_similarity").round(4).alias("value"),
            pl.struct(pl.col("_other").alias("duplicate_of"), pl.col("_other_title").alias("other_title"),
                      pl.col("_title_similarity").round(1).alias("title_similarity"),
                      _percent(pl.col("_image_similarity")).alias("image_similarity_percent"),
                      ).struct.json_encode().alias("evidence"),
        )
    )


# ---- IMG010 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DuplicateInListingOptions:
    """Options of image-duplicate-within-listing."""

    threshold: float = score.AT_CUTOFF  # similarity at which two photos are the same photo


@frame_rule("IMG010", "image-duplicate-within-listing", Severity.WARNING, scope="image",
            requires=SIMILARITY_COLUMNS, options=DuplicateInListingOptions, reject_rate=0.2)
def image_duplicate_within_listing(ctx: RunContext, opts: DuplicateInListingOptions) -> pl.LazyFrame:
    """An extra image repeats the main image (or an earlier extra image) of the same listing.

    Why:
        Extra images are for other angles, details and packaging; a repeated photo (even
        resized, cropped a little or mirrored) adds nothing and moderation reads it as
        padding. Colour variants of the product are different photos and do not count.

    Example:
        main_image=a.jpg, extra_images=[a-copy.jpg] (a.jpg resized) -> IMG010 on the extra image
        main_image=a.jpg, extra_images=[a-back.jpg] -> ok
    """
    _validate(opts.threshold, "IMG010")
    images = _hashed_images(ctx)
    if images.is_empty():
        return _empty()
    listing = images.filter(pl.col("field").is_in(_IMAGE_FIELDS)).select(
        "product_sku", "variant_sku", "row", "source", "field", "position", "image", *SIMILARITY_COLUMNS
    )
    # Listings hold a handful of photos, so the pairs within a product are few.
    pairs = listing.join(listing, on="product_sku", how="inner", suffix="_first").filter(
        pl.col("position_first") < pl.col("position")
    )
    if pairs.is_empty():
        return _empty()
    first = HashArrays.from_frame(pairs.select(pl.col(f"{c}_first").alias(c) for c in SIMILARITY_COLUMNS))
    later = HashArrays.from_frame(pairs)
    pairs = pairs.with_columns(pl.Series("_similarity", pair_similarity(first, later)))
    return (
        pairs.lazy().filter(pl.col("_similarity") >= opts.threshold - 1e-9)
        .sort("_similarity", "position_first", descending=[True, False])
        .unique(["product_sku", "position"], keep="first", maintain_order=True)
        .select(
            "product_sku", "variant_sku", "row", "source", "field",
            pl.format(_t("{} {} repeats the {} {} ({}% similar); show another angle, a detail or the "
                      "packaging instead"),
                      _where(pl.col("field"), pl.col("position")), pl.col("image"),
                      _where(pl.col("field_first"), pl.col("position_first")), pl.col("image_first"),
                      _percent(pl.col("_similarity"))).alias("message"),
            pl.col("_similarity").round(4).alias("value"),
            pl.struct(pl.col("image"), pl.col("image_first").alias("repeats"),
                      _percent(pl.col("_similarity")).alias("similarity_percent")).struct.json_encode().alias("evidence"),
        )
    )
