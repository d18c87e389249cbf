"""Price rules (PRC): market deviation, MSRP, variant spread, shipping (validity: price_invalid.py).

Prices are variant-level (DESIGN §4): every rule here runs over the variants table. Amounts
are compared in the comparison currency (config `currency`, default USD) through the `rates`
table; see `listing_preflight.currency` for the rate convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from ..currency import comparison_code
from ..exprs import money as _money
from ..exprs import format_str as _format
from ..exprs import shorten
from ..i18n import _t
from ..market import (
    MARKET_BRAND_MODEL,
    MARKET_GTIN,
    MARKET_TITLE,
    PEER,
    ReferenceOptions,
    price_reference,
    priced_variants,
)
from ..model import Check, Severity
from ..registry import frame_rule, row_rule

if TYPE_CHECKING:
    from ..engine import RunContext


def _pct(expr: pl.Expr) -> pl.Expr:
    # Not strict: polars before 1.44 evaluates every when/then branch on every row, and an
    # MSRP of 0 makes the discount infinite on rows whose message is another branch's.
    return expr.abs().round(0).cast(pl.Int64, strict=False).cast(pl.String)


# ---------------------------------------------------------------------------------- PRC002

@dataclass(frozen=True)
class PriceDeviationOptions:
    """Options of price-deviation."""

    # The ±30 % band is the seed rule of the joom profile, a heuristic: Joom publishes no
    # numeric band, only that "unreasonably high" prices are blocked (reference/market-
    # landscape.md [J7], [J8]).
    max_deviation_pct: float = 30.0
    # rapidfuzz token_sort_ratio (0-100) a market title needs to count as the same product;
    # 90 is where benchmarks/eval_title_match.py keeps precision at 1.0 on our labelled pairs.
    min_title_score: float = 90.0
    # Catalog peers: the category needs this many products with a valid price.
    peer_min_products: int = 5
    # Peers also need a robust z-score on log prices (|ln price - ln median| / (1.4826 MAD))
    # at least this high, so that a category of very different goods does not flag
    # everything; 3.5 is the usual modified-z outlier cut (Iglewicz & Hoaglin, 1993).
    # benchmarks/eval_price_deviation.py: precision 0.99, recall 0.89 on planted entry errors.
    peer_min_robust_z: float = 3.5
    # Floor of the peer spread, as a price ratio in % (the zero-spread guard).
    peer_min_spread_pct: float = 5.0
    # Market observations older than this many days before an item's latest one are ignored.
    recent_days: int = 90

    def reference(self) -> ReferenceOptions:
        """The part of the options that shapes matching (shared cache key)."""
        return ReferenceOptions(min_title_score=self.min_title_score,
                                peer_min_products=self.peer_min_products,
                                peer_min_spread_pct=self.peer_min_spread_pct,
                                recent_days=self.recent_days)


@frame_rule("PRC002", "price-deviation", Severity.WARNING, scope="variant", requires=("price",),
            options=PriceDeviationOptions, review_only=True, reject_rate=0.3)
def price_deviation(ctx: RunContext, opts: PriceDeviationOptions) -> pl.LazyFrame:
    """A variant's price is far from the market price of the same product (default ±30 %).

    Why:
        Joom blocks "unreasonably high" prices and sends listings far from the market price
        to manual review, which delays them by days. The reference is, in this order: a
        `--market-prices` row with the same GTIN, with the same brand + model, with a very
        similar title in the same category, else the median price of the other products of
        the category in this catalog (with at least 5 products, and only for clear outliers).
        The finding names the reference, its value, the match key and the deviation; its
        `value` is the deviation in percent (+50 = 50 % above the reference) and its evidence
        holds reference, reference_price, currency, match_key, match_score (title matches),
        observations (market rows) or peer_products (peers), and deviation_pct.

    Example:
        price 45.00 USD, market price for the GTIN 30.00 USD -> PRC002 (+50 %)
        price 33.00 USD, market price for the GTIN 30.00 USD -> ok (+10 %)

    Options:
        max-deviation-pct (30), min-title-score (90), peer-min-products (5),
        peer-min-robust-z (3.5), peer-min-spread-pct (5), recent-days (90).
    """
    ref = price_reference(ctx, opts.reference())
    deviation = (pl.col("amount") - pl.col("ref_price")) / pl.col("ref_price") * 100
    # Peer spread is on log prices (see market._peer_reference).
    robust_z = (pl.col("amount").log() - pl.col("ref_price").log()).abs() / pl.col("peer_scale")
    kind = pl.col("reference")
    far = deviation.abs() > opts.max_deviation_pct
    outlier = pl.when(kind == PEER).then(robust_z >= opts.peer_min_robust_z).otherwise(True)
    source = (
        pl.when(kind == MARKET_GTIN)
        .then(pl.format(_t("market price for GTIN {}, median of {} market row(s)"),
                        pl.col("match_key"), pl.col("observations")))
        .when(kind == MARKET_BRAND_MODEL)
        .then(pl.format(_t("market price for brand+model '{}', median of {} market row(s)"),
                        pl.col("brand_model"), pl.col("observations")))
        .when(kind == MARKET_TITLE)
        .then(pl.format(_t("market price of the similar title '{}' (score {})"),
                        pl.col("market_title"), pl.col("match_score").cast(pl.Int64)))
        .otherwise(pl.format(_t("median price of {} products in category '{}'"),
                             pl.col("peer_products"), pl.col("category")))
    )
    shown_price = pl.when(pl.col("code") != pl.col("amount_currency")).then(
        pl.format("{} {} ({} {})", _money(pl.col("price_value")), pl.col("code"),
                  _money(pl.col("amount")), pl.col("amount_currency"))
    ).otherwise(pl.format("{} {}", _money(pl.col("price_value")), pl.col("code")))
    message = pl.format(
        _t("price {} is {}% {} the reference {} {} ({}); check the price (more than ±{}% from the "
        "market sends the listing to manual review) or the product's {}"),
        shown_price, _pct(deviation),
        pl.when(deviation > 0).then(pl.lit(_t("above"))).otherwise(pl.lit(_t("below"))),
        _money(pl.col("ref_price")), pl.col("amount_currency"), source,
        pl.lit(f"{opts.max_deviation_pct:g}"),
        pl.when(kind == MARKET_GTIN).then(pl.lit("GTIN"))
        .when(kind == MARKET_BRAND_MODEL).then(pl.lit(_t("brand and model")))
        .when(kind == MARKET_TITLE).then(pl.lit(_t("title")))
        .otherwise(pl.lit(_t("category"))),
    )
    evidence = pl.struct(
        kind.alias("reference"),
        pl.col("ref_price").round(4).alias("reference_price"),
        pl.col("amount_currency").alias("currency"),
        pl.col("match_key"),
        pl.col("match_score"),
        pl.col("market_title"),
        pl.col("observations"),
        pl.col("peer_products"),
        pl.col("price_value").alias("price"),
        pl.col("code").alias("price_currency"),
        pl.col("amount").round(4).alias("compared_price"),
        deviation.round(2).alias("deviation_pct"),
        pl.lit(opts.max_deviation_pct).alias("threshold_pct"),
    ).struct.json_encode()
    return (
        ref.lazy()
        .filter(pl.col("ref_price").is_not_null() & (pl.col("ref_price") > 0) & far & outlier)
        .select(
            "product_sku", "variant_sku", "row", "source",
            message.alias("message"),
            deviation.round(2).alias("value"),
            evidence.alias("evidence"),
            pl.lit("price").alias("field"),
        )
    )


# ---------------------------------------------------------------------------------- PRC003

@dataclass(frozen=True)
class MsrpOptions:
    """Options of msrp-inconsistent."""

    # A discount deeper than this off the MSRP reads as an invented "was" price. 80 % (MSRP
    # more than 5x the price) is our heuristic; Joom asks for a real recommended price
    # (reference/market-landscape.md [J8]) but publishes no number.
    max_discount_pct: float = 80.0


@row_rule("PRC003", "msrp-inconsistent", Severity.WARNING, scope="variant",
          requires=("price", "msrp"), options=MsrpOptions, reject_rate=0.2)
def msrp_inconsistent(opts: MsrpOptions) -> Check:
    """The MSRP is below the price, not a positive number, or so high that the discount is fake.

    Why:
        Joom shows the MSRP as the crossed-out "was" price. An MSRP below the selling price
        is a data error; an MSRP many times the price is a fake discount, which marketplaces
        treat as misleading pricing.

    Example:
        price 20, msrp 15          -> PRC003 (msrp below price)
        price 10, msrp 99          -> PRC003 (a 90 % "discount")
        price 10, msrp 25          -> ok

    Options:
        max-discount-pct (80): the deepest believable discount off the MSRP.
    """
    price, msrp, raw = pl.col("price_value"), pl.col("msrp_value"), pl.col("msrp")
    discount = (1 - price / msrp) * 100
    priced = price > 0
    bad_number = raw.is_not_null() & (msrp.is_null() | (msrp <= 0))
    below = priced & (msrp > 0) & (msrp < price)
    fake = priced & (msrp > 0) & (discount > opts.max_discount_pct)
    message = (
        pl.when(pl.col("msrp_value_oversize"))
        .then(_format(_t("MSRP '{}' is implausibly large; give the recommended retail price "
                           "or leave it empty"), shorten(raw)))
        .when(bad_number)
        .then(_format(_t("MSRP '{}' is not a positive number; give the recommended retail "
                         "price or leave it empty"), raw))
        .when(below)
        .then(_format(_t("MSRP {} is below the price {}; the MSRP must be at least the selling "
                         "price"), _money(msrp), _money(price)))
        .otherwise(_format(_t("MSRP {} is {}x the price {} (a {}% discount); use a real "
                              "recommended retail price (at most {}% off)"),
                             _money(msrp), (msrp / price).round(1).cast(pl.String), _money(price),
                             _pct(discount), pl.lit(f"{opts.max_discount_pct:g}")))
    )
    return Check(
        violates=pl.when(raw.is_null()).then(None).otherwise(bad_number | below | fake),
        message=message,
        value=pl.when(bad_number).then(None).otherwise(discount.round(2)),
        field="msrp",
        evidence=pl.struct(price.alias("price"), msrp.alias("msrp"),
                           discount.round(2).alias("discount_pct")),
    )


# ---------------------------------------------------------------------------------- PRC004

@dataclass(frozen=True)
class VariantSpreadOptions:
    """Options of variant-price-spread."""

    # Highest / lowest variant price of one product. Sizes and colours usually cost the same
    # and storage tiers rarely differ by more than 3x; a 5x spread is the classic "bait
    # variant" (a cheap accessory listed as a variant to show a low price). Heuristic.
    max_ratio: float = 5.0


@frame_rule("PRC004", "variant-price-spread", Severity.WARNING, scope="variant",
            requires=("price",), options=VariantSpreadOptions, reject_rate=0.2)
def variant_price_spread(ctx: RunContext, opts: VariantSpreadOptions) -> pl.LazyFrame:
    """The variants of one product have an extreme price spread (default: highest > 5x lowest).

    Why:
        A very cheap variant next to expensive ones (a cable listed as a variant of a
        phone) makes the listing show a price it does not really have; marketplaces treat it
        as misleading and reviewers reject it. Prices in different currencies are converted
        first; the finding is on the cheapest variant.

    Example:
        variants at 1.99 and 49.99 USD -> PRC004 (25x)
        variants at 19.99 and 24.99 USD -> ok

    Options:
        max-ratio (5): highest variant price / lowest variant price allowed.
    """
    group = ["product_sku", "amount_currency"]
    low = pl.col("amount").arg_min()
    spread = (
        priced_variants(ctx).lazy().filter(pl.col("valid"))
        .group_by(group)
        .agg(
            pl.len().alias("variants"),
            pl.col("amount").min().alias("lowest"),
            pl.col("amount").max().alias("highest"),
            # The finding goes on the cheapest variant (the likely bait).
            pl.col("variant_sku").get(low).alias("variant_sku"),
            pl.col("row").get(low).alias("row"),
            pl.col("source").get(low).alias("source"),
            pl.col("variant_sku").get(pl.col("amount").arg_max()).alias("highest_variant"),
        )
        .with_columns((pl.col("highest") / pl.col("lowest")).alias("ratio"))
        .filter((pl.col("variants") > 1) & (pl.col("ratio") > opts.max_ratio))
    )
    return spread.select(
        "product_sku", "variant_sku", "row", "source",
        pl.format(
            _t("variant prices range from {} {} (this variant) to {} {} (variant {}), {}x; "
            "list very different items as separate products or fix the price (at most {}x)"),
            _money(pl.col("lowest")), pl.col("amount_currency"), _money(pl.col("highest")),
            pl.col("amount_currency"), pl.coalesce(pl.col("highest_variant"), pl.lit("?")),
            pl.col("ratio").round(1).cast(pl.String), pl.lit(f"{opts.max_ratio:g}"),
        ).alias("message"),
        pl.col("ratio").round(3).alias("value"),
        pl.lit("price").alias("field"),
        pl.struct("lowest", "highest", pl.col("amount_currency").alias("currency"),
                  "highest_variant", "variants").struct.json_encode().alias("evidence"),
    )


# ---------------------------------------------------------------------------------- PRC005

@dataclass(frozen=True)
class ShippingOptions:
    """Options of shipping-price-unreasonable."""

    # Shipping dearer than the item itself is the "cheap item, expensive shipping" pattern
    # Joom penalises as unreasonable shipping (marketplace-policy.md §1.1 [J4]).
    max_ratio: float = 1.0
    # ...but cheap items from China often ship for a few dollars: below this amount (in the
    # comparison currency) shipping is never flagged. Heuristic.
    min_amount: float = 5.0


@frame_rule("PRC005", "shipping-price-unreasonable", Severity.WARNING, scope="variant",
            requires=("price", "shipping_price"), options=ShippingOptions, reject_rate=0.3)
def shipping_unreasonable(ctx: RunContext, opts: ShippingOptions) -> pl.LazyFrame:
    """The shipping price is negative or out of proportion to the item price.

    Why:
        Joom penalises unreasonable shipping prices (a cheap item with expensive shipping
        hides the real price), and shipping must not be folded into the item price.

    Example:
        price 2.00, shipping 15.00 USD   -> PRC005 (7.5x the price)
        price 3.00, shipping 4.00 USD    -> ok (below 5 USD)
        price 30.00, shipping 6.00 USD   -> ok

    Options:
        max-ratio (1.0): shipping / price allowed; min-amount (5.0): shipping below this
        amount in the comparison currency is never flagged. A currency without a rate is
        only checked for negative shipping.
    """
    shipping, price = pl.col("shipping_value"), pl.col("price_value")
    # Shipping is in the price's currency, so the price's conversion factor applies to it.
    shipping_cmp = shipping * pl.col("amount") / price
    comparable = pl.col("amount_currency") == comparison_code(ctx.config.currency)
    ratio = shipping / price
    negative = shipping < 0
    too_high = (pl.col("valid") & comparable & (ratio > opts.max_ratio)
                & (shipping_cmp >= opts.min_amount))
    message = (
        pl.when(negative)
        .then(pl.format(_t("shipping price {} is negative; set the real shipping price or 0"),
                        pl.col("shipping_price")))
        .otherwise(pl.format(
            _t("shipping {} {} is {}x the item price {} {}; move the cost into a realistic item "
            "price or lower the shipping (at most {}x)"),
            _money(shipping), pl.col("code"), ratio.round(1).cast(pl.String), _money(price),
            pl.col("code"), pl.lit(f"{opts.max_ratio:g}")))
    )
    return (
        priced_variants(ctx).lazy()
        .filter((negative | too_high).fill_null(False))
        .select(
            "product_sku", "variant_sku", "row", "source",
            message.alias("message"),
            pl.when(negative).then(None).otherwise(ratio.round(3)).alias("value"),
            pl.lit("shipping_price").alias("field"),
            pl.struct(shipping.alias("shipping"), price.alias("price"), pl.col("code").alias("currency"))
            .struct.json_encode().alias("evidence"),
        )
    )
