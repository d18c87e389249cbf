"""Build the canonical frame from a raw table and its resolved column mapping.

The schema is `io/schema.py`, header normalisation `io/headers.py`, the presets `io/presets/`
and the resolution of headers onto the schema `io/mapping.py`; the names are re-exported
here for the modules that have always imported them from `io.columns`.
"""

from __future__ import annotations

import polars as pl

from ..exprs import non_empty
from .headers import header_index, normalise_header
from .mapping import ColumnMapping, detect_preset, known_header_keys, resolve_mapping
from .presets import GENERIC, JOOM_API, JOOM_CSV, PRESETS, Preset
from .schema import (
    ALWAYS_REQUIRED,
    CANONICAL,
    CORE,
    PRODUCT_FIELDS,
    ROW,
    SOURCE,
    check_canonical,
)

__all__ = [
    "ALWAYS_REQUIRED", "CANONICAL", "CORE", "PRODUCT_FIELDS", "ROW", "SOURCE", "GENERIC",
    "JOOM_API", "JOOM_CSV", "PRESETS", "ColumnMapping", "Preset", "apply_mapping",
    "check_canonical", "detect_preset", "fold_image_rows", "header_index", "known_header_keys",
    "normalise_header", "resolve_mapping",
]

_EXTRA_IMAGE_SPLIT = r"\s*(?:\||;|,|\n|\r\n)\s*"


def apply_mapping(raw: pl.DataFrame, mapping: ColumnMapping) -> pl.DataFrame:
    """Select and rename source columns into the canonical frame (all strings, blanks as null)."""
    exprs: list[pl.Expr] = []
    for canonical in CANONICAL:
        if canonical in mapping.single:
            exprs.append(_clean(pl.col(mapping.single[canonical]).cast(pl.String)).alias(canonical))
        elif canonical in mapping.multi:
            exprs.append(_image_list(mapping.multi[canonical], raw).alias(canonical))
        elif canonical == "extra_images":
            exprs.append(pl.lit([], dtype=pl.List(pl.String)).alias(canonical))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(canonical))
    frame = raw.select(pl.col(ROW), pl.col(SOURCE), *exprs)
    if mapping.image_list:
        # One cell with the main image then the gallery (WooCommerce `Images`).
        listed = raw.select(_image_list([mapping.image_list], raw).alias("_listed")).to_series()
        frame = frame.with_columns(listed).with_columns(
            pl.col("_listed").list.first().alias("main_image"),
            pl.concat_list(pl.col("_listed").list.slice(1), "extra_images").alias("extra_images"),
        ).drop("_listed")
    if "price" in mapping.currencies:
        # The price column's header names its currency ('售价(USD)'): the currency of every
        # row whose own currency cell (if there is a currency column) is blank.
        frame = frame.with_columns(
            pl.coalesce("currency", pl.lit(mapping.currencies["price"])).alias("currency"))
    # A catalog without parent ids is one product per variant SKU (or per row without one).
    frame = frame.with_columns(
        pl.coalesce("product_sku", "variant_sku", pl.format("row-{}", pl.col(ROW))).alias("product_sku")
    )
    return fold_image_rows(frame)


# Columns that make a row a variant; a row with none of them only carries an image.
_VARIANT_FIELDS = ("variant_sku", "title", "price", "color", "size", "inventory", "msrp", "gtin")


def fold_image_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Gather a product's images spread over its rows into its first row's extra_images.

    Shopify-style exports put the product's 2nd, 3rd ... image in the image column of later
    rows, some of which carry nothing else (image-only rows). Those rows are not variants and
    are dropped; their images, and other rows' images that differ from the product's main
    image, become extra images. Joom-style exports repeat one main image on every variant row,
    which this leaves as it is.
    """
    first = pl.col("product_sku").cum_count().over("product_sku") == 1
    image_only = (
        pl.all_horizontal(pl.col(c).is_null() for c in _VARIANT_FIELDS)
        & pl.col("main_image").is_not_null() & ~first
    )
    main_of_product = pl.col("main_image").first().over("product_sku")
    spread = ~first & pl.col("main_image").is_not_null() & (pl.col("main_image") != main_of_product)
    flagged = frame.with_columns(image_only.alias("_image_only"), spread.alias("_spread"))
    if not flagged.get_column("_spread").any():
        return frame
    more = (
        flagged.filter("_spread")
        .group_by("product_sku", maintain_order=True)
        .agg(pl.col("main_image").unique(maintain_order=True).alias("_more"))
    )
    return (
        flagged.filter(~pl.col("_image_only"))
        .join(more, on="product_sku", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_more").is_not_null() & first)
            .then(pl.concat_list("extra_images", "_more").list.unique(maintain_order=True))
            .otherwise(pl.col("extra_images"))
            .alias("extra_images")
        )
        .drop("_image_only", "_spread", "_more")
    )


def _clean(expr: pl.Expr) -> pl.Expr:
    """Strip white space; a blank cell becomes null."""
    return non_empty(expr.str.strip_chars())


def _image_list(columns: list[str], raw: pl.DataFrame) -> pl.Expr:
    """One list of image references from one or several columns.

    A cell may hold several references separated by | ; , or newlines, or a JSON-style list;
    columns without any separator (one URL per cell, the common case) skip the regex split.
    """
    empty = pl.lit([], dtype=pl.List(pl.String))
    parts = []
    for col in columns:
        text = pl.col(col).cast(pl.String).str.strip_chars()
        has_separators = raw.select(text.str.contains(r"[|;,\n\[]").any()).item()
        if has_separators:
            text = (text.str.strip_chars("[]").str.replace_all(r'["\']', "")
                    .str.replace_all(_EXTRA_IMAGE_SPLIT, "\x1f").str.split("\x1f"))
        else:
            text = pl.concat_list(text)
        parts.append(text.fill_null(empty))
    combined = pl.concat_list(parts) if len(parts) > 1 else parts[0]
    return combined.list.eval(
        pl.element().str.strip_chars().filter(pl.element().str.strip_chars().str.len_chars() > 0)
    ).fill_null(empty)
