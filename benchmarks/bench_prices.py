"""Price and catalog rules at scale: 1,000,000 variant rows against a 200,000-row market file.

    python benchmarks/bench_prices.py                        # 1M variants, 200k market rows
    python benchmarks/bench_prices.py --variants 100000 --market 20000

Scenarios, each in a fresh subprocess so that its peak RSS is its own:

* ``floor``     build the rule tables and compute one polars median per category (the least
                any peer-price check must do) - the baseline of the ratios;
* ``no-market`` PRC001-PRC005 + CAT002-CAT003 with catalog peers only;
* ``market``    the same rules with ``--market-prices`` (a CSV read with the project reader,
                matched by GTIN, brand+model and fuzzy title per category).

The catalog is generated in memory (deterministic, numpy + polars) and is not timed; the
market CSV is written once to benchmarks/data/ and its reading is timed as part of the run.
About 30 % of variants have a GTIN in the market file, 20 % of products a brand+model, 20 % a
reworded title in the same category; the rest fall back to peers. 20 % of the variants are
priced in CNY (converted through a rates table); 5 % of the prices are planted outliers.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RULES = ["PRC001", "PRC002", "PRC003", "PRC004", "PRC005", "CAT002", "CAT003"]
RATES = {"CNY": 7.2, "EUR": 0.92}

BRANDS = ["Baseus", "Anker", "UGREEN", "Xiaomi", "Lenovo", "QCY", "Haylou", "Romoss", "INIU", "JBL"]
NOUNS = ["Power Bank", "USB C Cable", "Desk Lamp", "Water Bottle", "T Shirt", "Backpack",
         "Yoga Mat", "Phone Holder", "Wall Clock", "Bluetooth Speaker", "Coffee Mug", "Sneakers"]
ADJ = ["Portable", "Lightweight", "Waterproof", "Compact", "Outdoor", "Fast Charging", "Slim"]
COLORS = ["Black", "White", "Red", "Blue", "Green", "Grey", "Pink"]
SIZES = ["S", "M", "L", "XL"]


def products_frame(products: int, seed: int = 7) -> pl.DataFrame:
    """One row per product: id, brand, model, title, category, base price (USD)."""
    rng = np.random.default_rng(seed)
    i = np.arange(products)
    brand = rng.integers(0, len(BRANDS), products)
    noun = rng.integers(0, len(NOUNS), products)
    adj = rng.integers(0, len(ADJ), products)
    category = rng.integers(0, 500, products)
    capacity = rng.choice([16, 32, 64, 128, 256, 500, 1000, 10000, 20000], products)
    base = np.round(np.exp(rng.normal(3.0, 0.8, products)), 2)  # log-normal, median ~20 USD
    return pl.DataFrame({
        "pid": i, "brand_i": brand, "noun_i": noun, "adj_i": adj, "cat_i": category,
        "capacity": capacity, "base": base,
    }).with_columns(
        pl.format("P{}", pl.col("pid")).alias("product_sku"),
        pl.col("brand_i").replace_strict(dict(enumerate(BRANDS)), return_dtype=pl.String).alias("brand"),
        pl.format("M{}-{}", pl.col("pid") % 9973, pl.col("pid") // 9973).alias("model"),
        pl.format("Category {}", pl.col("cat_i")).alias("category"),
        pl.format("{} {} {} {} {} {}",
                  pl.col("brand_i").replace_strict(dict(enumerate(BRANDS)), return_dtype=pl.String),
                  pl.format("X{}", pl.col("pid")),
                  pl.col("adj_i").replace_strict(dict(enumerate(ADJ)), return_dtype=pl.String),
                  pl.col("noun_i").replace_strict(dict(enumerate(NOUNS)), return_dtype=pl.String),
                  pl.col("capacity"), pl.lit("Series")).alias("title"),
    )


def catalog_frame(variants: int, seed: int = 7) -> pl.DataFrame:
    """The canonical catalog frame (one row per variant), as the readers would produce it."""
    from listing_preflight.io.columns import apply_mapping, resolve_mapping

    per_product = 4
    products = products_frame(variants // per_product, seed)
    rng = np.random.default_rng(seed + 1)
    rows = products.select(pl.all().repeat_by(per_product).list.explode()).head(variants)
    n = rows.height
    k = np.arange(n) % per_product
    factor = np.where(rng.random(n) < 0.05, rng.choice([0.3, 2.5, 4.0], n), rng.normal(1.0, 0.08, n))
    cny = rng.random(n) < 0.2
    price_usd = np.round(rows["base"].to_numpy() * factor, 2)
    price = np.where(cny, np.round(price_usd * RATES["CNY"], 2), price_usd)
    gtin = (4_000_000_000_000 + np.arange(n)).astype(str)
    frame = rows.with_columns(
        pl.format("{}-{}", pl.col("product_sku"), pl.Series(k)).alias("variant_sku"),
        pl.Series("price", price).cast(pl.String),
        pl.Series("currency", np.where(cny, "CNY", "USD")),
        pl.Series("msrp", np.round(price * rng.choice([1.0, 1.5, 2.0, 8.0], n, p=[.3, .4, .28, .02]), 2)).cast(pl.String),
        pl.Series("shipping_price", np.round(rng.gamma(2.0, 1.5, n), 2)).cast(pl.String),
        pl.when(pl.Series(rng.random(n) < 0.6)).then(pl.Series(gtin)).otherwise(None).alias("gtin"),
        pl.Series("color", np.array(COLORS)[k % len(COLORS)]),
        pl.Series("size", np.array(SIZES)[rng.integers(0, len(SIZES), n)]),
        pl.when(pl.Series(rng.random(n) < 0.97)).then(pl.lit("v.jpg")).otherwise(None)
        .alias("variant_image"),
        pl.format("Store {}", pl.col("pid") % 300).alias("store"),
        pl.when(pl.col("pid") % 300 < 30).then(pl.lit("yes")).otherwise(None).alias("store_is_new"),
    ).select("product_sku", "variant_sku", "title", "brand", "model", "category", "price",
             "currency", "msrp", "shipping_price", "gtin", "color", "size", "variant_image",
             "store", "store_is_new")
    frame = frame.with_row_index("row", offset=2).with_columns(
        pl.col("row").cast(pl.Int64), pl.lit("bench.csv").alias("source"))
    mapping = resolve_mapping([c for c in frame.columns if c not in ("row", "source")])
    return apply_mapping(frame, mapping)


def market_frame(variants: int, rows: int, seed: int = 7) -> pl.DataFrame:
    """A market reference: GTIN rows, brand+model rows and reworded titles, a few in EUR."""
    products = products_frame(variants // 4, seed)
    rng = np.random.default_rng(seed + 2)
    n_gtin, n_bm = int(rows * 0.4), int(rows * 0.3)
    n_title = rows - n_gtin - n_bm
    # GTINs of the first variant of the first products (the catalog's gtin column uses row i).
    gtin_rows = rng.choice(variants, n_gtin, replace=False)
    gtin_products = products[np.minimum(gtin_rows // 4, products.height - 1).tolist()]
    gtin = pl.DataFrame({"gtin": (4_000_000_000_000 + gtin_rows).astype(str)}).with_columns(
        pl.Series("price", np.round(gtin_products["base"].to_numpy() * rng.normal(1, .05, n_gtin), 2)),
        pl.lit("USD").alias("currency"))
    pick = rng.choice(products.height, n_bm + n_title, replace=False)
    bm = products[pick[:n_bm].tolist()].select(
        "brand", "model", (pl.col("base") * pl.Series(rng.normal(1, .05, n_bm))).round(2).alias("price"),
        pl.lit("USD").alias("currency"))
    title = products[pick[n_bm:].tolist()].select(
        # Same words, other order: what a marketplace listing of the same item looks like.
        pl.format("{} {}", pl.col("title").str.replace(r"^(\S+) (\S+) ", ""),
                  pl.col("title").str.extract(r"^(\S+ \S+)")).alias("title"),
        "category",
        (pl.col("base") * pl.Series(rng.normal(1, .05, n_title)) * RATES["EUR"]).round(2).alias("price"),
        pl.lit("EUR").alias("currency"))
    out = pl.concat([gtin, bm, title], how="diagonal")
    dates = np.datetime64("2025-06-01") - rng.integers(0, 200, out.height).astype("timedelta64[D]")
    return out.with_columns(pl.Series("date", dates.astype(str)))


def ensure_market(variants: int, rows: int) -> Path:
    """Write the market CSV once."""
    path = DATA / f"market-{variants}-{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        market_frame(variants, rows).write_csv(path)
    return path


def child(scenario: str, variants: int, market: str) -> None:
    """Run one scenario in this process and print a JSON line."""
    from listing_preflight.config import build_config
    from listing_preflight.engine import run
    from listing_preflight.io import Catalog
    from listing_preflight.tables import build_tables

    frame = catalog_frame(variants)
    catalog = Catalog(frame=frame, present=set(frame.columns) - {"row", "source", "extra_images"})
    flags = {"select": RULES, "rates": RATES}
    if scenario == "market":
        flags["market-prices"] = market
    config = build_config(flags=flags, discover_from=Path("/"))
    start = time.perf_counter()
    if scenario == "floor":
        tables = build_tables(frame)
        tables.variants.group_by("category").agg(pl.col("price_value").median())
        findings = 0
    else:
        report = run(catalog, config)
        findings = report.findings.group_by("code").len().sort("code").rows()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "findings": findings}))


def main() -> None:
    """Run the three scenarios and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1_000_000)
    parser.add_argument("--market", type=int, default=200_000)
    parser.add_argument("--child", choices=["floor", "no-market", "market"])
    parser.add_argument("--market-file")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.variants, args.market_file)
        return
    market = ensure_market(args.variants, args.market)
    print(f"{args.variants:,} variant rows, market file {market.name} ({args.market:,} rows)")
    results = {}
    for scenario in ("floor", "no-market", "market"):
        out = subprocess.run([sys.executable, __file__, "--child", scenario, "--variants",
                              str(args.variants), "--market-file", str(market)],
                             capture_output=True, text=True, check=True)
        results[scenario] = json.loads(out.stdout.strip().splitlines()[-1])
    floor = results["floor"]["seconds"]
    print(f"{'scenario':<10}{'seconds':>9}{'rows/s':>12}{'x floor':>9}{'peak MB':>9}  findings")
    for scenario, r in results.items():
        print(f"{scenario:<10}{r['seconds']:>9.2f}{args.variants / r['seconds']:>12,.0f}"
              f"{r['seconds'] / floor:>9.1f}{r['peak_mb']:>9.0f}  {r['findings']}")


if __name__ == "__main__":
    main()
