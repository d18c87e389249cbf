"""Catalog rules (CAT): duplicate SKUs, store limits, variant consistency, required fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from typing import TYPE_CHECKING

from ..model import Check, Severity
from ..registry import frame_rule, row_rule

if TYPE_CHECKING:
    from ..engine import RunContext


@frame_rule("CAT001", "duplicate-sku", Severity.ERROR, scope="variant", requires=("variant_sku",),
            reject_rate=0.95)
def duplicate_sku(ctx: RunContext) -> pl.LazyFrame:
    """The same variant SKU appears on more than one row.

    Why:
        A SKU identifies one variant; Joom refuses the second upload of a SKU or overwrites
        the first, so one of the two listings is lost.

    Example:
        rows 2 and 9 both have SKU "A-1" -> CAT001 on both rows
    """
    variants = ctx.tables.variants.lazy()
    return (
        variants.filter(pl.col("variant_sku").is_not_null())
        .filter(pl.len().over("variant_sku") > 1)
        .with_columns(
            pl.col("row").sort().implode().over("variant_sku").alias("rows"),
            pl.len().over("variant_sku").alias("count"),
        )
        .select(
            "product_sku", "variant_sku", "row", "source",
            pl.format("SKU '{}' is used on {} rows (rows {}); give every variant its own SKU",
                      pl.col("variant_sku"), pl.col("count"),
                      pl.col("rows").list.eval(pl.element().cast(pl.String)).list.join(", ")
                      ).alias("message"),
            pl.col("count").cast(pl.Float64).alias("value"),
            pl.lit("variant_sku").alias("field"),
        )
    )


@dataclass(frozen=True)
class RequiredFieldsOptions:
    """Options of required-field-missing."""

    # Joom CSV template: fields marked with '*' (product name, tags, SKU, quantity, price,
    # MSRP, shipping, main image); title, price and main image have rules of their own.
    fields: tuple[str, ...] = field(default=("variant_sku", "tags", "inventory", "shipping_price"))


@frame_rule("CAT004", "required-field-missing", Severity.ERROR, scope="variant",
            options=RequiredFieldsOptions, reject_rate=0.95)
def required_field_missing(ctx: RunContext, opts: RequiredFieldsOptions) -> pl.LazyFrame:
    """A field the profile requires is empty, or its column is missing from the catalog.

    Why:
        Joom's template marks required fields with '*'; an upload with an empty required
        field is refused.

    Example:
        Joom profile, "*Quantity" empty on a row -> CAT004 (field inventory)

    Options:
        fields: canonical columns that must be filled on every variant row.
    """
    variants = ctx.tables.variants.lazy()
    parts = []
    for name in opts.fields:
        if name not in ctx.catalog.present and name not in ("product_sku",):
            missing = pl.lit(True)
            message = pl.lit(f"required column '{name}' is not in the catalog; add it or map it under [columns]")
        else:
            missing = pl.col(name).is_null()
            message = pl.lit(f"required field '{name}' is empty")
        parts.append(
            variants.filter(missing).select(
                "product_sku", "variant_sku", "row", "source",
                message.alias("message"), pl.lit(name).alias("field"),
            )
        )
    return pl.concat(parts, how="vertical") if parts else None  # type: ignore[return-value]


@row_rule("CAT005", "row-malformed", Severity.ERROR, scope="variant", reject_rate=0.5)
def row_malformed() -> Check:
    """A record of the catalog file is malformed (wrong number of fields, invalid JSON line).

    Why:
        A ragged CSV row usually means a stray delimiter or quote shifted the values into the
        wrong columns: the listing would be uploaded with its price in the title, or lost.
        The engine reports the record and checks everything else.

    Example:
        a row with 25 fields under a 23-column header -> CAT005
    """
    # Reported by the engine from what the reader found; this check itself never fires.
    return Check(violates=pl.lit(False), message=pl.lit(""))
