"""Price references for the price rules: a market price file matched to the catalog, else catalog peers.

Each variant gets at most one reference, the first that exists in this order:

1. ``market-gtin``        the market rows with the variant's GTIN (polars join);
2. ``market-brand-model`` the market rows with the product's brand + model (polars join);
3. ``market-title``       the most similar market title in the same category (rapidfuzz
                          `cdist`, one call per category and block of titles, never per row),
                          with a score threshold and equal numbers in both titles
                          ("128GB" never matches "256GB");
4. ``catalog-peer-median`` the median price of the other products of the same category in
                          the catalog, when the category has enough products; its spread (MAD)
                          is floored so that a group of identical prices cannot divide by zero.

Prices are compared in the comparison currency (see `currency`); a price whose currency has
no rate only meets references in its own currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from .currency import known_codes, price_currency, to_comparison
from .exprs import parse_number
from .i18n import _t
from .io.columns import header_index, normalise_header
from .market_match import brand_model_key, category_key, gtin_key, match_titles, title_key
from .model import CatalogError, ConfigError

if TYPE_CHECKING:
    from .engine import RunContext

# Market file headers we recognise, by canonical role (compared after normalise_header).
MARKET_COLUMNS: dict[str, tuple[str, ...]] = {
    "gtin": ("gtin", "ean", "upc", "barcode", "gtin13", "ean13", "gtin14", "jan", "条码", "条形码"),
    "brand": ("brand", "brand name", "manufacturer", "品牌"),
    "model": ("model", "model number", "mpn", "型号"),
    "title": ("title", "name", "product name", "product title", "product", "标题", "商品名称"),
    "category": ("category", "category path", "category name", "类目", "品类", "分类"),
    "price": ("price", "market price", "average price", "avg price", "median price",
              "reference price", "market average", "价格", "市场价"),
    "currency": ("currency", "currency code", "币种"),
    "date": ("date", "observed", "observed at", "observed on", "as of", "updated", "日期"),
}

# Kinds of reference, as reported in findings.
MARKET_GTIN, MARKET_BRAND_MODEL, MARKET_TITLE, PEER = (
    "market-gtin", "market-brand-model", "market-title", "catalog-peer-median",
)

# MAD -> standard deviation of a normal distribution (robust z-score scale).
_MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class ReferenceOptions:
    """How references are found: the part of PriceDeviationOptions that shapes matching.

    No defaults here: the rule's options (rules/price.py) are the one place they are set.
    """

    min_title_score: float
    peer_min_products: int
    peer_min_spread_pct: float
    recent_days: int


@dataclass
class MarketFile:
    """A market price file, normalised: one row per observation with match keys and a comparable price."""

    path: str
    frame: pl.DataFrame
    roles: dict[str, str]
    notices: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------- market file

def _roles(headers: list[str]) -> dict[str, str]:
    """Role (MARKET_COLUMNS key) -> the market file header that holds it; one header per role."""
    by_key = header_index(headers)
    roles: dict[str, str] = {}
    for role, names in MARKET_COLUMNS.items():
        for name in names:
            key = normalise_header(name)
            if key in by_key and by_key[key] not in roles.values():
                roles[role] = by_key[key]
                break
    return roles


def read_market(path: str | Path, rates: Mapping[str, float], comparison: str,
                recent_days: int = 90) -> MarketFile:
    """Read a market price file (CSV/XLSX/Parquet) into normalised observations; ConfigError when unusable."""
    from .io.readers import read_raw

    path = Path(path)
    try:
        raw = read_raw(path)
    except CatalogError as exc:
        raise ConfigError(f"--market-prices: {exc}") from None
    roles = _roles(raw.headers)
    found = ", ".join(repr(h) for h in raw.headers[:30])
    if "price" not in roles:
        raise ConfigError(f"--market-prices {path}: no price column (expected one of: price, "
                          f"market price, average price); columns found: {found}")
    if not ({"gtin", "title"} & set(roles) or {"brand", "model"} <= set(roles)):
        raise ConfigError(f"--market-prices {path}: no column to match listings by (GTIN, brand + "
                          f"model, or title); columns found: {found}")

    frame = raw.frame

    def col(role: str) -> pl.Expr:
        return pl.col(roles[role]).cast(pl.String) if role in roles else pl.lit(None, pl.String)

    code = price_currency(col("price"), col("currency"), comparison)
    amount, currency = to_comparison(pl.col("price_value"), pl.col("code"), rates, comparison)
    date = col("date").str.slice(0, 10)
    table = frame.select(
        pl.col("row"),
        gtin_key(col("gtin")).alias("gtin_key"),
        brand_model_key(col("brand"), col("model")).alias("bm_key"),
        title_key(col("title")).alias("title_key"),
        category_key(col("category")).alias("cat_key"),
        col("title").alias("market_title"),
        parse_number(col("price")).alias("price_value"),
        code.alias("code"),
        pl.coalesce(date.str.to_date(strict=False), date.str.to_date("%d.%m.%Y", strict=False))
        .alias("date"),
    ).with_columns(amount.alias("amount"), currency.alias("amount_currency"))
    usable = (pl.col("price_value") > 0) & pl.col("code").is_in(list(known_codes(rates, comparison)))
    bad = table.filter(~usable.fill_null(False))
    notices = []
    if bad.height:
        rows = ", ".join(str(r) for r in bad["row"].head(5).to_list())
        notices.append(_t("{}: {} market price row(s) skipped (no positive price or unknown "
                          "currency), e.g. row(s) {}").format(path, bad.height, rows))
    table = table.filter(usable.fill_null(False))
    if "title" in roles and "category" not in roles:
        notices.append(_t("{}: titles are only matched within a category and the file has no "
                          "category column; only GTIN and brand + model are used").format(path))
    if recent_days > 0 and "date" in roles:
        table = _recent(table, recent_days)
    return MarketFile(path=str(path), frame=table, roles=roles, notices=notices)


def _recent(table: pl.DataFrame, days: int) -> pl.DataFrame:
    """Keep observations within `days` of the latest observation of the same item."""
    item = pl.coalesce("gtin_key", "bm_key", pl.concat_str("cat_key", "title_key"))
    latest = pl.col("date").max().over(item, "amount_currency")
    keep = pl.col("date").is_null() | (pl.col("date") >= latest - pl.duration(days=days))
    return table.filter(keep)


def _by_key(table: pl.DataFrame, key: str) -> pl.DataFrame:
    """Median market price per match key and comparable currency."""
    return (
        table.filter(pl.col(key).is_not_null())
        .group_by(key, "amount_currency")
        .agg(pl.col("amount").median().alias("ref_price"), pl.len().alias("observations"),
             pl.col("market_title").drop_nulls().first().alias("market_title"))
    )


# ---------------------------------------------------------------------------------- catalog side

def priced_variants(ctx: RunContext) -> pl.DataFrame:
    """Variants with their currency, comparable price and match keys (cached per run)."""
    cached = ctx.cache.get("price.variants")
    if cached is not None:
        return cached
    config = ctx.config
    # Brand, model, title and category are product-level (DESIGN §4): they come from the
    # product's first row, and their keys are computed once per product, not per variant.
    products = ctx.tables.products.select(
        "product_sku",
        brand_model_key(pl.col("brand"), pl.col("model")).alias("bm_key"),
        pl.concat_str("brand", "model", separator=" ").alias("brand_model"),
        title_key(pl.col("title")).alias("title_key"),
        "category",
        category_key(pl.col("category")).alias("cat_key"),
    )
    # The currency first, in its own step: later expressions read the column instead of
    # re-running the regex of price_currency.
    amount, currency = to_comparison(pl.col("price_value"), pl.col("code"), config.rates,
                                     config.currency)
    known = list(known_codes(config.rates, config.currency))
    frame = ctx.tables.variants.select(
        "product_sku", "variant_sku", "row", "source", "price", "currency", "price_value",
        "msrp_value", "shipping_value", "shipping_price",
        price_currency(pl.col("price"), pl.col("currency"), config.currency).alias("code"),
        gtin_key(pl.col("gtin")).alias("gtin_key"),
    ).with_columns(
        amount.alias("amount"),
        currency.alias("amount_currency"),
        ((pl.col("price_value") > 0) & pl.col("code").is_in(known)).fill_null(False).alias("valid"),
    ).join(products, on="product_sku", how="left", maintain_order="left")
    ctx.cache["price.variants"] = frame
    return frame


def _peer_reference(frame: pl.DataFrame, opts: ReferenceOptions) -> pl.DataFrame:
    """Median price, spread and product count per category and comparable currency.

    The spread is measured on log prices (peer_scale: 1.4826 x MAD of ln(price)): prices
    are multiplicative, a 10 USD mug at 30 USD is as unusual as a 100 USD one at 300 USD,
    and the entry errors worth catching (CNY typed as USD, cents as units, a lost digit)
    are factors. The spread is floored at ln(1 + peer_min_spread_pct %), so a group of
    identical prices cannot divide by zero.
    """
    per_product = (
        frame.filter(pl.col("valid") & pl.col("cat_key").is_not_null())
        .group_by("product_sku", "cat_key", "amount_currency")
        .agg(pl.col("amount").median().alias("product_price"))
        .with_columns(pl.col("product_price").log().alias("_log"))
    )
    log_median = pl.col("_log").median()
    return (
        per_product.group_by("cat_key", "amount_currency")
        .agg(
            pl.col("product_price").median().alias("peer_price"),
            (pl.col("_log") - log_median).abs().median().alias("peer_mad"),
            pl.len().alias("peer_products"),
        )
        .filter(pl.col("peer_products") >= opts.peer_min_products)
        .with_columns(
            pl.max_horizontal(pl.col("peer_mad") * _MAD_TO_SIGMA,
                              pl.lit(float(np.log1p(opts.peer_min_spread_pct / 100))))
            .alias("peer_scale")
        )
    )


# The reference columns each matching stage fills (null until a stage finds a reference).
_REFERENCE_COLUMNS = {"reference": pl.String, "ref_price": pl.Float64, "match_key": pl.String,
                      "match_score": pl.Float64, "market_title": pl.String, "observations": pl.UInt32}


def _no_reference() -> list[pl.Expr]:
    """The reference columns, all null."""
    return [pl.lit(None, dtype).alias(name) for name, dtype in _REFERENCE_COLUMNS.items()]


def price_reference(ctx: RunContext, opts: ReferenceOptions) -> pl.DataFrame:
    """Every valid variant with the reference it is compared with (null columns when none).

    Columns: the `priced_variants` columns plus reference, ref_price, match_key, match_score,
    market_title, observations, peer_products, peer_scale.
    """
    key = f"price.reference:{opts!r}:{ctx.config.market_prices}"
    if key in ctx.cache:
        return ctx.cache[key]
    frame = priced_variants(ctx).filter(pl.col("valid"))
    market = _load_cached(ctx, opts)

    ref_cols = list(_REFERENCE_COLUMNS)
    out = frame.with_columns(_no_reference())
    if market is not None and market.frame.height:
        m = market.frame
        for kind, key_col in ((MARKET_GTIN, "gtin_key"), (MARKET_BRAND_MODEL, "bm_key")):
            table = _by_key(m, key_col)
            joined = out.drop("ref_price", "market_title", "observations").join(
                table, on=[key_col, "amount_currency"], how="left", maintain_order="left")
            out = _fill(out, joined
                        .with_columns(pl.lit(kind).alias("reference"),
                                      pl.col(key_col).alias("match_key"),
                                      pl.lit(None, pl.Float64).alias("match_score")), ref_cols)
        out = _fill(out, _title_stage(out, m, opts), ref_cols)

    peers = _peer_reference(frame, opts)
    out = out.join(peers.drop("peer_mad"), on=["cat_key", "amount_currency"], how="left")
    peer = pl.col("reference").is_null() & pl.col("peer_price").is_not_null()
    out = out.with_columns(
        pl.when(peer).then(pl.lit(PEER)).otherwise("reference").alias("reference"),
        pl.when(peer).then("peer_price").otherwise("ref_price").alias("ref_price"),
        pl.when(peer).then("category").otherwise("match_key").alias("match_key"),
        # Peer figures only describe a peer reference.
        pl.when(peer).then("peer_products").otherwise(None).alias("peer_products"),
        pl.when(peer).then("peer_scale").otherwise(None).alias("peer_scale"),
    ).drop("peer_price")
    ctx.cache[key] = out
    return out


def _fill(out: pl.DataFrame, candidate: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Take the candidate's reference columns where `out` has none yet (row order is kept)."""
    take = out.get_column("reference").is_null() & candidate.get_column("ref_price").is_not_null()
    return out.with_columns(
        pl.when(take).then(candidate.get_column(c)).otherwise(out.get_column(c)).alias(c)
        for c in cols
    )


def _title_stage(out: pl.DataFrame, market: pl.DataFrame, opts: ReferenceOptions) -> pl.DataFrame:
    """Reference columns from fuzzy title matches for the variants still without a reference."""
    keys = ["cat_key", "amount_currency", "title_key"]
    wanted = (out.filter(pl.col("reference").is_null()).select(keys).drop_nulls().unique())
    # Per category: a market title may appear in several categories; it is kept in each.
    titles = (
        market.filter(pl.col("cat_key").is_not_null() & pl.col("title_key").is_not_null())
        .group_by(keys)
        .agg(pl.col("amount").median().alias("ref_price"), pl.len().alias("observations"),
             pl.col("market_title").first())
    )
    empty = out.select(_no_reference())
    if wanted.is_empty() or titles.is_empty():
        return empty
    matches = match_titles(wanted, titles.select(*keys), opts.min_title_score)
    if matches.is_empty():
        return empty
    matches = matches.join(
        titles.rename({"title_key": "m_title_key"}), on=["cat_key", "amount_currency", "m_title_key"],
        how="left",
    )
    return (
        out.select(keys).join(matches, on=keys, how="left", maintain_order="left")
        .select(
            pl.when(pl.col("ref_price").is_not_null()).then(pl.lit(MARKET_TITLE)).alias("reference"),
            "ref_price",
            pl.col("m_title_key").alias("match_key"),
            "match_score", "market_title", pl.col("observations").cast(pl.UInt32),
        )
    )


def _load_cached(ctx: RunContext, opts: ReferenceOptions) -> MarketFile | None:
    path = ctx.config.market_prices
    if not path:
        return None
    key = f"price.market:{path}:{opts.recent_days}"
    if key not in ctx.cache:
        market = read_market(path, ctx.config.rates, ctx.config.currency, opts.recent_days)
        ctx.catalog.notices.extend(n for n in market.notices if n not in ctx.catalog.notices)
        ctx.cache[key] = market
    return ctx.cache[key]
