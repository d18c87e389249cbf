"""Deterministic large catalogs in the Joom CSV template (10k, 100k, 1M variant rows).

    python benchmarks/generate_catalog.py --rows 100000 --out benchmarks/data/catalog-100k.csv

About 3 variants per product; ~8 % of rows carry a planted problem (missing title, bad price,
duplicate SKU, long title, promotional words, missing main image) so rules do real work.
Vectorised with numpy + polars: 1M rows take a few seconds to write.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import polars as pl

BRANDS = ["Baseus", "Anker", "UGREEN", "Xiaomi", "Lenovo", "Generic", "", "", "", ""]
NOUNS = ["Power Bank", "USB C Cable", "Desk Lamp", "Water Bottle", "T-Shirt", "Backpack",
         "Yoga Mat", "Phone Holder", "Wall Clock", "Bluetooth Speaker", "Coffee Mug", "Sneakers"]
SPECS = ["10000mAh", "2m 100W", "10W Dimmable", "500ml", "Cotton S-XXL", "40L", "6mm 183 x 61 cm",
         "360 Rotation", "30 cm", "20W IPX7", "350ml", "Size 39-45"]
ADJ = ["Portable", "Lightweight", "Waterproof", "Compact", "Women", "Men", "Kids", "Outdoor"]
CATEGORIES = ["Electronics", "Home", "Apparel", "Sports", "Bags", "Auto", "Beauty", "Toys"]
COLORS = ["Black", "White", "Red", "Blue", "Green", "Grey", "Pink"]
# Keyword stuffing that pushes a title past 150 characters.
LONG_TAIL = " Fast Shipping Gift Idea" + " Premium Quality Durable Design Home Office Travel Use" * 2
DESCRIPTION = ("Material: 95% Cotton, 5% Spandex\nDimensions: 20 x 10 x 5 cm\n"
               "Usage: home, office and travel")


def generate(rows: int, seed: int = 7) -> pl.DataFrame:
    """A catalog frame of `rows` variant rows in the Joom CSV template columns."""
    rng = np.random.default_rng(seed)
    product = np.arange(rows) // 3
    n_products = int(product.max()) + 1
    p_brand = rng.integers(0, len(BRANDS), n_products)
    p_noun = rng.integers(0, len(NOUNS), n_products)
    p_adj = rng.integers(0, len(ADJ), n_products)
    p_cat = rng.integers(0, len(CATEGORIES), n_products)
    base_price = np.round(rng.lognormal(2.7, 0.6, n_products), 2)

    products = pl.DataFrame({
        "pid": np.arange(n_products),
        "brand": np.array(BRANDS)[p_brand],
        "noun": np.array(NOUNS)[p_noun],
        "spec": np.array(SPECS)[p_noun],
        "adj": np.array(ADJ)[p_adj],
        "category": np.array(CATEGORIES)[p_cat],
        "base": base_price,
    })
    frame = pl.DataFrame({"pid": product, "v": np.arange(rows) % 3,
                          "color": np.array(COLORS)[rng.integers(0, len(COLORS), rows)],
                          "jitter": rng.normal(1.0, 0.03, rows),
                          "problem": rng.integers(0, 100, rows)})
    frame = frame.join(products, on="pid", how="left")
    sku = pl.format("P{}", pl.col("pid"))
    title = pl.concat_str([pl.col("brand"), pl.col("adj"), pl.col("noun"), pl.col("spec")],
                          separator=" ").str.strip_chars()
    problem = pl.col("problem")
    title = (pl.when(problem == 0).then(pl.lit(""))
             .when(problem == 1).then(pl.concat_str([pl.lit("HOT SALE Best Seller"), title], separator=" "))
             .when(problem == 2).then(pl.concat_str([title, pl.lit(LONG_TAIL)]))
             .otherwise(title))
    price = (pl.when(problem == 3).then(pl.lit("abc"))
             .when(problem == 4).then(pl.lit("0"))
             .otherwise((pl.col("base") * pl.col("jitter")).round(2).cast(pl.String)))
    return frame.select(
        sku.alias("Parent Unique ID"),
        title.alias("*Product Name"),
        pl.lit(DESCRIPTION).alias("Description"),
        pl.concat_str([pl.col("category").str.to_lowercase(), pl.col("color").str.to_lowercase()],
                      separator=",").alias("*Tags"),
        pl.when(problem == 5).then(pl.lit("P0-0")).otherwise(pl.format("P{}-{}", pl.col("pid"), pl.col("v")))
        .alias("*Unique ID"),
        pl.col("color").alias("Color"),
        pl.lit("").alias("Size"),
        pl.lit("100").alias("*Quantity"),
        price.alias("*Price"),
        pl.lit("USD").alias("Currency"),
        (pl.col("base") * 1.3).round(2).cast(pl.String).alias("*MSRP"),
        pl.lit("2.99").alias("*Shipping"),
        pl.when(problem == 6).then(pl.lit("")).otherwise(pl.format("images/p{}.jpg", pl.col("pid")))
        .alias("*Product Main Image URL"),
        pl.format("images/p{}-1.jpg", pl.col("pid")).alias("Extra Image URL"),
        pl.col("brand").alias("Brand"),
        pl.col("category").alias("Category"),
    )


def main() -> None:
    """Write a generated catalog to --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    generate(args.rows, args.seed).write_csv(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
