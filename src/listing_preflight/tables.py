"""The three tables rules run over: products, variants and image references."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .exprs import NUMBER_LIMIT, parse_number
from .io.columns import ROW, SOURCE

# Keys that identify where a finding belongs; every table carries them.
KEYS = ("product_sku", "variant_sku", ROW, SOURCE)


@dataclass
class Tables:
    """Products (first row per product), variants (every row) and images (one row per reference)."""

    variants: pl.DataFrame
    products: pl.DataFrame
    images: pl.DataFrame

    def get(self, scope: str) -> pl.DataFrame:
        """The table a rule's scope names."""
        return {"product": self.products, "variant": self.variants, "image": self.images}[scope]


def parse_numbers(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Add parsed float columns ({source: target}) next to the raw strings.

    Most cells are plain decimals that a cast parses; only the unique strings that fail it
    ('1,299.00', '12,5', 'US$ 9.99') go through the slower regex normalisation. A value too
    large for an amount (exprs.NUMBER_LIMIT, or infinite) is null in `target` and flagged in
    `{target}_oversize`.
    """
    for source, target in columns.items():
        fast = pl.col(source).str.strip_chars().cast(pl.Float64, strict=False)
        fast = pl.when(fast.is_finite()).then(fast)
        frame = frame.with_columns(fast.alias(target))
        failing = (
            frame.lazy()
            .filter(pl.col(target).is_null() & pl.col(source).is_not_null())
            .select(pl.col(source).unique())
            .with_columns(parse_number(pl.col(source)).alias("_parsed"))
            .collect()
        )
        if failing.height:
            frame = (
                frame.join(failing, on=source, how="left", nulls_equal=False)
                .with_columns(pl.coalesce(target, "_parsed").alias(target))
                .drop("_parsed")
            )
        # '1e20', '99999999999999999999', '1e400': numbers, but no amount or quantity. They are
        # kept out of the value column (no rule does arithmetic on them) and flagged instead.
        value = pl.col(target)
        oversize = value.is_not_null() & (~value.is_finite() | (value.abs() >= NUMBER_LIMIT))
        frame = frame.with_columns(oversize.alias(f"{target}_oversize")).with_columns(
            pl.when(pl.col(f"{target}_oversize")).then(None).otherwise(value).alias(target))
    return frame


def with_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """Add parsed numeric columns (price_value, msrp_value, ...) and variant positions."""
    frame = parse_numbers(frame, {"price": "price_value", "msrp": "msrp_value",
                                  "shipping_price": "shipping_value", "inventory": "inventory_value"})
    return frame.with_columns(
        pl.col("product_sku").cum_count().over("product_sku").alias("variant_index"),
        pl.len().over("product_sku").alias("variant_count"),
    )


def build_tables(frame: pl.DataFrame, image_roots: pl.Expr | str | None = None) -> Tables:
    """Split the canonical frame into the rule tables.

    `image_roots`: the folder that relative image paths resolve against, as a literal or
    an expression over `source` (one root per catalog file).
    """
    variants = with_numbers(frame)
    # Product-level fields come from the product's first row, which is also its row number
    # in reports (DESIGN §4: title, description and main image are product-level).
    products = variants.unique(subset="product_sku", keep="first", maintain_order=True)
    root = (
        image_roots if isinstance(image_roots, pl.Expr)
        else pl.lit(image_roots, dtype=pl.String)
    )
    main = products.select(
        *KEYS, pl.lit("main_image").alias("field"), pl.lit(0, pl.Int32).alias("position"),
        pl.col("main_image").alias("image"),
    )
    extra = (
        products.select(*KEYS, pl.col("extra_images").alias("image"))
        .with_columns(pl.lit("extra_images").alias("field"))
        .explode("image")
        .with_columns((pl.int_range(pl.len()).over("product_sku") + 1).cast(pl.Int32).alias("position"))
        .select(*KEYS, "field", "position", "image")
    )
    variant_images = (
        variants.filter(pl.col("variant_image").is_not_null())
        .unique(subset=["product_sku", "variant_image"], keep="first", maintain_order=True)
        .select(*KEYS, pl.lit("variant_image").alias("field"),
                pl.col("variant_index").cast(pl.Int32).alias("position"),
                pl.col("variant_image").alias("image"))
    )
    images = (
        pl.concat([main, extra, variant_images], how="vertical")
        .filter(pl.col("image").is_not_null())
        .with_columns(root.alias("image_root"))
    )
    # A product-level image is not a variant's finding.
    images = images.with_columns(
        pl.when(pl.col("field") == "variant_image").then(pl.col("variant_sku")).otherwise(None)
        .alias("variant_sku")
    )
    return Tables(variants=variants, products=products, images=images)
