"""Precision and recall of the fuzzy title match (market reference stage 3) on labelled pairs.

Data (our own, hand-labelled), in benchmarks/eval_prices/: title_match_market.csv is a small
market reference; title_match_queries.csv holds catalog titles with the market title that is
the same product (`gold`), or empty when the market has no such product (other capacity,
other model, refurbished...). A match is correct when it names the gold title.

    python benchmarks/eval_title_match.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from rapidfuzz import fuzz

from listing_preflight.market_match import category_key, match_titles, title_key

DATA = Path(__file__).parent / "eval_prices"


def evaluate(scorer, threshold: float) -> tuple[float, float, int]:
    """(precision, recall, matches made) of match_titles with `scorer` at `threshold`."""
    keys = [category_key(pl.col("category")).alias("cat_key"), pl.lit("USD").alias("amount_currency")]
    market = pl.read_csv(DATA / "title_match_market.csv").select(
        *keys, title_key(pl.col("title")).alias("title_key"))
    queries = pl.read_csv(DATA / "title_match_queries.csv", schema_overrides={"gold": pl.String})
    queries = queries.with_columns(*keys, title_key(pl.col("title")).alias("title_key"),
                                   title_key(pl.col("gold")).alias("gold_key"))
    found = match_titles(queries.select("cat_key", "amount_currency", "title_key").unique(),
                         market.unique(), threshold, scorer)
    joined = queries.join(found, on=["cat_key", "amount_currency", "title_key"], how="left")
    made = joined.filter(pl.col("m_title_key").is_not_null())
    correct = made.filter(pl.col("m_title_key") == pl.col("gold_key")).height
    with_gold = joined.filter(pl.col("gold_key").is_not_null()).height
    precision = correct / made.height if made.height else 1.0
    return precision, correct / with_gold, made.height


def main() -> None:
    """Print precision/recall per scorer and threshold; the default is marked."""
    queries = pl.read_csv(DATA / "title_match_queries.csv", schema_overrides={"gold": pl.String})
    print(f"{queries.height} queries, {queries['gold'].is_not_null().sum()} with a true match")
    print(f"{'scorer':<18}{'threshold':>10}{'precision':>11}{'recall':>8}{'matches':>9}")
    # "production" is match_titles as PRC002 calls it (ratio on word-sorted keys, which is
    # token_sort_ratio); the other rows pass a rapidfuzz scorer on the raw keys to compare.
    for name, scorer in (("production", None), ("token_sort_ratio", fuzz.token_sort_ratio),
                         ("token_set_ratio", fuzz.token_set_ratio), ("WRatio", fuzz.WRatio),
                         ("ratio", fuzz.ratio)):
        for threshold in (80, 85, 90, 95):
            p, r, n = evaluate(scorer, threshold)
            mark = "  <- default" if name == "production" and threshold == 90 else ""
            print(f"{name:<18}{threshold:>10}{p:>11.3f}{r:>8.3f}{n:>9}{mark}")


if __name__ == "__main__":
    main()
