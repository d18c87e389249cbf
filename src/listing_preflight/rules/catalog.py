"""Catalog rules (CAT): duplicate SKUs, store limits, variant consistency, required fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from ..i18n import _t
from ..io.columns import PRODUCT_FIELDS
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
    variants = ctx.tables.variants.lazy().filter(pl.col("variant_sku").is_not_null())
    # Aggregate per SKU once, then join back: a window `implode().over()` would copy the list
    # onto every row, quadratic in the number of repeats of one SKU.
    shown = 5  # rows and products named in the message/evidence; the count says the rest
    per_sku = (
        variants.group_by("variant_sku")
        .agg(
            pl.len().alias("count"),
            pl.col("row").sort().head(shown).alias("rows"),
            pl.col("product_sku").unique(maintain_order=True).head(shown).alias("owners"),
        )
        .filter(pl.col("count") > 1)
    )
    return (
        variants.join(per_sku, on="variant_sku", how="inner")
        .select(
            "product_sku", "variant_sku", "row", "source",
            pl.format(_t("SKU '{}' is used {} times (products {}{}); give every variant its own SKU"),
                      pl.col("variant_sku"), pl.col("count"), pl.col("owners").list.join(", "),
                      pl.when(pl.col("count") > shown).then(pl.lit(", ...")).otherwise(pl.lit(""))
                      ).alias("message"),
            pl.struct(pl.col("rows")).struct.json_encode().alias("evidence"),
            pl.col("count").cast(pl.Float64).alias("value"),
            pl.lit("variant_sku").alias("field"),
        )
    )


@dataclass(frozen=True)
class StoreLimitOptions:
    """Options of store-listing-limit."""

    # Joom seed rule of the joom profile: 1000 listings per store, 500 for a new store.
    max_listings: int = 1000
    max_listings_new_store: int = 500


# store_is_new cells that mean "yes" (ERP exports write booleans many ways).
_TRUE_WORDS = ("true", "yes", "y", "1", "new", "是", "新店", "t", "x")


@frame_rule("CAT002", "store-listing-limit", Severity.ERROR, scope="product", requires=("store",),
            options=StoreLimitOptions, reject_rate=0.9)
def store_listing_limit(ctx: RunContext, opts: StoreLimitOptions) -> pl.LazyFrame:
    """A store has more listings (products) in the catalog than its limit allows.

    Why:
        Joom caps the number of listings a store may upload: 1000, and 500 for a new store
        (a store is new when any of its rows says so in `store_is_new`). Listings beyond the
        cap are refused. The finding is on every product past the limit, in catalog order,
        so that the seller knows which ones to move to a later upload.

    Example:
        store "A" with 1200 products -> CAT002 on products 1001 to 1200
        new store "B" with 600 products -> CAT002 on products 501 to 600

    Options:
        max-listings (1000), max-listings-new-store (500).
    """
    products = ctx.tables.products.lazy().filter(pl.col("store").is_not_null())
    is_new = (
        pl.col("store_is_new").str.strip_chars().str.to_lowercase().is_in(list(_TRUE_WORDS))
        .fill_null(False).any().over("store")
    )
    limit = pl.when(pl.col("_new")).then(pl.lit(opts.max_listings_new_store)).otherwise(
        pl.lit(opts.max_listings))
    return (
        products.with_columns(
            is_new.alias("_new"),
            (pl.int_range(pl.len()).over("store") + 1).alias("_position"),
            pl.len().over("store").alias("_count"),
        )
        .filter(pl.col("_position") > limit)
        .select(
            "product_sku", "row", "source",
            pl.format(
                _t("store '{}' has {} listings in this catalog and its limit is {}; this is "
                "listing {}: upload it later or remove listings"),
                pl.col("store"), pl.col("_count"),
                pl.when(pl.col("_new")).then(pl.format(_t("{} (new store)"), limit))
                .otherwise(limit.cast(pl.String)),
                pl.col("_position"),
            ).alias("message"),
            pl.col("_count").cast(pl.Float64).alias("value"),
            pl.lit("store").alias("field"),
            pl.struct(pl.col("store"), pl.col("_count").alias("listings"), limit.alias("limit"),
                      pl.col("_new").alias("new_store"), pl.col("_position").alias("position"))
            .struct.json_encode().alias("evidence"),
        )
    )


@frame_rule("CAT003", "variant-inconsistent", Severity.ERROR, scope="variant", reject_rate=0.6)
def variant_inconsistent(ctx: RunContext) -> pl.LazyFrame | None:
    """Variants of one product repeat the same colour and size, or only some have a variant image.

    Why:
        Buyers choose a variant by its colour and size: two variants with the same pair
        cannot be told apart, and Joom refuses the duplicate. A variant image on some
        variants but not on others shows the wrong picture for the rest.

    Example:
        variants (Red, M) and (red, M) of one product     -> CAT003 on the second
        3 variants, 2 with a variant image                -> CAT003 on the one without
        (Red, M) and (Blue, M), both with images          -> ok

    Only runs when the catalog has a colour, size or variant image column.
    """
    present = ctx.catalog.present
    variants = ctx.tables.variants.lazy()
    parts: list[pl.LazyFrame] = []
    if {"color", "size"} & present:
        def norm(name: str) -> pl.Expr:
            return pl.col(name).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()

        pair = ["product_sku", "_color", "_size"]
        keyed = variants.filter(pl.len().over("product_sku") > 1).with_columns(
            norm("color").alias("_color"), norm("size").alias("_size"))
        # A group_by then a join of the few repeated pairs: cheaper than windows over 1M rows.
        # Order within the product (variant_index), not the row: JSON Lines give every variant
        # of a product the same line number.
        first = pl.col("variant_index").arg_min()
        repeated = (
            keyed.group_by(pair)
            .agg(pl.len().alias("_same"), pl.col("variant_index").min().alias("_first"),
                 pl.col("variant_sku").get(first).alias("_first_sku"),
                 pl.col("row").get(first).alias("_first_row"))
            .filter(pl.col("_same") > 1)
        )
        other = pl.coalesce(pl.format(_t("variant {}"), pl.col("_first_sku")),
                            pl.format(_t("the variant on row {}"), pl.col("_first_row")))
        parts.append(
            keyed.join(repeated, on=pair, how="inner", nulls_equal=True)
            .filter(pl.col("variant_index") > pl.col("_first"))
            .select(
                "product_sku", "variant_sku", "row", "source",
                pl.when(pl.col("_color").is_null() & pl.col("_size").is_null())
                .then(pl.format(
                    _t("variant has no colour and no size, like {}: the variants cannot be told "
                    "apart; give each variant a colour or size"), other))
                .otherwise(pl.format(
                    _t("variant has the same {} and {} as {}; give each variant its own "
                    "colour/size or merge them"),
                    pl.when(pl.col("color").is_null()).then(pl.lit(_t("(no) colour")))
                    .otherwise(pl.format(_t("colour '{}'"), pl.col("color"))),
                    pl.when(pl.col("size").is_null()).then(pl.lit(_t("(no) size")))
                    .otherwise(pl.format(_t("size '{}'"), pl.col("size"))),
                    other,
                )).alias("message"),
                pl.lit("color").alias("field"),
                pl.col("_same").cast(pl.Float64).alias("value"),
            )
        )
    if "variant_image" in present:
        has = pl.col("variant_image").is_not_null()
        with_image, count = pl.col("_with_image"), pl.col("_count")
        parts.append(
            variants.with_columns(has.sum().over("product_sku").alias("_with_image"),
                                  pl.len().over("product_sku").alias("_count"))
            .filter(~has & (with_image > 0) & (with_image < count))
            .select(
                "product_sku", "variant_sku", "row", "source",
                pl.format(
                    _t("variant has no variant image while {} of the product's {} variants have "
                    "one; add an image for every variant or for none"),
                    with_image, count,
                ).alias("message"),
                pl.lit("variant_image").alias("field"),
                (with_image / count).alias("value"),
            )
        )
    return pl.concat(parts, how="diagonal") if parts else None


@dataclass(frozen=True)
class RequiredFieldsOptions:
    """Options of required-field-missing."""

    # Joom CSV template: fields marked with '*' (product name, tags, SKU, quantity, price,
    # MSRP, shipping, main image); title, price and main image have rules of their own.
    fields: tuple[str, ...] = field(default=("variant_sku", "tags", "inventory", "shipping_price"))


@frame_rule("CAT004", "required-field-missing", Severity.ERROR, scope="variant",
            options=RequiredFieldsOptions, reject_rate=0.95)
def required_field_missing(ctx: RunContext, opts: RequiredFieldsOptions) -> pl.LazyFrame | None:
    """A field the profile requires is empty, or its column is missing from the catalog.

    Why:
        Joom's template marks required fields with '*'; an upload with an empty required
        field is refused.

    A numeric field that is filled but unusable counts as missing: a quantity or shipping
    price that is not a number, is infinite or implausibly large ('1e20'), or a quantity that
    is negative or not a whole number. (A negative shipping price is PRC005's.)

    Example:
        Joom profile, "*Quantity" empty on a row -> CAT004 (field inventory)
        "*Quantity" = "-3", "2.5", "lots" or "1e20" -> CAT004 (field inventory)
        "*Shipping" = "abc" or "99999999999999999999" -> CAT004 (field shipping_price)
        "*Quantity" = "1,200" or "１２" -> ok (read as numbers)

    Options:
        fields: canonical columns that must be filled on every variant row.
    """
    parts = []
    for name in opts.fields:
        if name not in ctx.catalog.present and name != "product_sku":
            # A column absent from the whole export: one finding per product, not per row.
            table = ctx.tables.products.lazy()
            missing = pl.lit(True)
            message = pl.lit(_t("the catalog has no '{name}' column, which the profile requires; "
                                "add it to the export or map it under [columns]").format(name=name))
        else:
            table = (ctx.tables.products if name in PRODUCT_FIELDS else ctx.tables.variants).lazy()
            missing = pl.col(name).is_null()
            message = pl.lit(_t("required field '{name}' is empty; fill it in").format(name=name))
            if name in _NUMERIC:
                missing, message = _unusable_number(name, missing, message)
        parts.append(
            table.filter(missing).select(
                "product_sku",
                pl.col("variant_sku") if name not in PRODUCT_FIELDS
                and name in ctx.catalog.present else pl.lit(None, pl.String).alias("variant_sku"),
                "row", "source",
                message.alias("message"), pl.lit(name).alias("field"),
            )
        )
    return pl.concat(parts, how="vertical") if parts else None


# Numeric required fields: the parsed column next to the raw one (tables.with_numbers) and
# what a usable value looks like.
_NUMERIC = {"inventory": "inventory_value", "shipping_price": "shipping_value"}


def _unusable_number(name: str, missing: pl.Expr, message: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(violates, message) of a numeric field: empty, not a number, too large, or (quantity) not a count."""
    raw, value = pl.col(name), pl.col(_NUMERIC[name])
    oversize = pl.col(f"{_NUMERIC[name]}_oversize")
    not_number = raw.is_not_null() & value.is_null() & ~oversize
    bad_count = (value < 0) | (value != value.floor()) if name == "inventory" else pl.lit(False)
    what = _t("a whole number, 0 or more") if name == "inventory" else _t("an amount such as 2.99")
    text = pl.when(raw.str.len_chars() > 40).then(raw.str.slice(0, 39) + "…").otherwise(raw)
    return (
        missing | not_number | oversize | bad_count.fill_null(False),
        pl.when(missing).then(message)
        .when(oversize).then(pl.format(_t("'{}' in '{}' is implausibly large; write {}"),
                                       text, pl.lit(name), pl.lit(what)))
        .otherwise(pl.format(_t("'{}' in '{}' is not usable; write {}"), text, pl.lit(name),
                             pl.lit(what))),
    )


@row_rule("CAT005", "row-malformed", Severity.ERROR, scope="variant", reject_rate=0.5)
def row_malformed() -> Check:
    """A record of the catalog file is malformed (wrong number of fields, invalid JSON line).

    Why:
        A ragged CSV row usually means a stray delimiter or quote shifted the values into the
        wrong columns: the listing would be uploaded with its price in the title, or lost.
        The engine reports the record and checks everything else.

    Also: a SKU with a NUL byte or another control character (a broken export; the upload
    would reject or truncate it).

    Example:
        a row with 25 fields under a 23-column header -> CAT005
        variant SKU "A1\x00"                          -> CAT005
    """
    # Ragged records and broken JSON lines are reported by the engine from what the reader
    # found; this check flags control characters in the SKUs, which read "fine".
    control = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
    sku = pl.coalesce(pl.col("variant_sku"), pl.col("product_sku"))
    bad = (pl.col("variant_sku").str.contains(control) | pl.col("product_sku").str.contains(control))
    return Check(
        violates=bad,
        message=pl.format(_t("SKU '{}' contains a control character (shown as ?); export the "
                             "catalog again or retype the SKU"),
                          sku.str.replace_all(control, "?")),
        field="variant_sku",
    )
