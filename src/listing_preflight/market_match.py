"""Match keys of catalog and market rows, and the fuzzy title matcher (rapidfuzz, per category).

GTINs, brand + model and category leaves are compared as normalised keys in polars joins;
titles by rapidfuzz `cdist` within one category and currency, with equal numbers and tier
words required in both titles.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from .exprs import non_empty

# Largest rapidfuzz score matrix built at once (cells of one byte): bounds memory to ~32 MB
# whatever the size of a category.
_CDIST_CELLS = 32_000_000
# Candidates kept per title before the numbers check picks the best one that agrees.
_TOP_K = 3


def gtin_key(expr: pl.Expr) -> pl.Expr:
    """GTIN-8/12/13/14 as digits without leading zeros (an EAN-13 equals its GTIN-14 with a 0)."""
    text = expr.cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "")
    digits = text.str.replace_all(r"[\s-]", "")
    ok = digits.str.contains(r"^\d{8,14}$")  # rejects "4.00638E+12" (Excel scientific) too
    return pl.when(ok).then(digits.str.strip_chars_start("0")).otherwise(None)


def _compact(expr: pl.Expr) -> pl.Expr:
    return non_empty(expr.cast(pl.String).str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", ""))


def brand_model_key(brand: pl.Expr, model: pl.Expr) -> pl.Expr:
    """'Xiaomi' + 'Redmi Note-13' -> 'xiaomi|redminote13'; null unless both are given."""
    return pl.concat_str(_compact(brand), pl.lit("|"), _compact(model))


def title_key(expr: pl.Expr) -> pl.Expr:
    """Lower-case words and numbers separated by single spaces (what fuzzy matching compares)."""
    return non_empty(expr.cast(pl.String).str.to_lowercase()
                     .str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars())


def category_key(expr: pl.Expr) -> pl.Expr:
    """The leaf of a category path, lower-case ('Electronics > Phones' -> 'phones')."""
    return non_empty(expr.cast(pl.String).str.replace(r"^.*(?:>|›|»|\\|\|)", "")
                     .str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars())


# Words that name another model, tier or condition of the same line at another price
# ("Redmi Buds 5" vs "Redmi Buds 5 Pro", "iPhone 12" vs "iPhone 12 mini", a refurbished
# phone). Two titles only match when they agree on these words and on their numbers; see
# benchmarks/eval_title_match.py for what each guard buys.
TIER_WORDS = ("pro", "max", "mini", "plus", "ultra", "lite", "air", "se", "fe", "neo", "anc",
              "refurbished", "renewed", "used", "maxi", "midi", "kids")
_SIGNATURE = r"\d+|\b(?:" + "|".join(TIER_WORDS) + r")\b"


def _signature(expr: pl.Expr) -> pl.Expr:
    """Numbers and tier words of a title key, sorted ('redmi note 13 pro 8gb 256gb' -> '13 256 8 pro')."""
    return expr.str.extract_all(_SIGNATURE).list.sort().list.join(" ")


def _sorted_tokens(expr: pl.Expr) -> pl.Expr:
    """Words in alphabetical order: token_sort_ratio(a, b) == ratio(sorted(a), sorted(b))."""
    return expr.str.split(" ").list.sort().list.join(" ")


def match_titles(queries: pl.DataFrame, market: pl.DataFrame, min_score: float,
                 scorer: Any = None) -> pl.DataFrame:
    """Best market title per query title within its category and currency.

    `queries` and `market`: cat_key, amount_currency, title_key (unique rows). The score is
    rapidfuzz token_sort_ratio (word order does not matter, extra words do), computed as
    `ratio` on word-sorted keys prepared once in polars; `scorer` replaces it (for the
    evaluation script). Returns the query keys with m_title_key and match_score.
    """
    from rapidfuzz import fuzz, process

    group_keys = ["cat_key", "amount_currency"]
    text = _sorted_tokens(pl.col("title_key")) if scorer is None else pl.col("title_key")
    q = queries.with_row_index("_q").with_columns(text.alias("_text"))
    m = market.with_row_index("_m").with_columns(text.alias("_text"))
    # One integer id per (category, currency); both sides sorted by it, so that a group is a
    # slice found with searchsorted (no per-group DataFrame).
    groups = pl.concat([q.select(group_keys), m.select(group_keys)]).unique().with_row_index("_g")
    qs = q.join(groups, on=group_keys).sort("_g")
    ms = m.join(groups, on=group_keys).sort("_g")
    q_group, m_group = qs.get_column("_g").to_numpy(), ms.get_column("_g").to_numpy()
    q_text, m_text = qs.get_column("_text").to_list(), ms.get_column("_text").to_list()
    q_row, m_row = qs.get_column("_q").to_numpy(), ms.get_column("_m").to_numpy()
    common = np.intersect1d(q_group, m_group)
    bounds = zip(np.searchsorted(q_group, common, "left"), np.searchsorted(q_group, common, "right"),
                 np.searchsorted(m_group, common, "left"), np.searchsorted(m_group, common, "right"))
    q_ids: list[np.ndarray] = []
    m_ids: list[np.ndarray] = []
    scores_out: list[np.ndarray] = []
    for q_lo, q_hi, m_lo, m_hi in bounds:  # one iteration per category
        choices, choice_ids = m_text[m_lo:m_hi], m_row[m_lo:m_hi]
        k = min(_TOP_K, len(choices))
        step = max(1, _CDIST_CELLS // len(choices))
        for start in range(q_lo, q_hi, step):  # blocks of titles, not rows: bounded memory
            stop = min(start + step, q_hi)
            scores = process.cdist(q_text[start:stop], choices, scorer=scorer or fuzz.ratio,
                                   dtype=np.uint8, score_cutoff=min_score, workers=-1)
            best = np.argpartition(scores, -k, axis=1)[:, -k:]
            q_ids.append(np.repeat(q_row[start:stop], k))
            m_ids.append(choice_ids[best.ravel()])
            scores_out.append(np.take_along_axis(scores, best, axis=1).ravel())
    empty = {"cat_key": pl.String, "amount_currency": pl.String, "title_key": pl.String,
             "m_title_key": pl.String, "match_score": pl.Float64}
    if not q_ids:
        return pl.DataFrame(schema=empty)
    candidates = (
        pl.DataFrame({"_q": np.concatenate(q_ids), "_m": np.concatenate(m_ids),
                      "match_score": np.concatenate(scores_out).astype(np.float64)})
        .filter(pl.col("match_score") >= min_score)
        .join(q.select("_q", *group_keys, "title_key"), on="_q", how="left")
        .join(m.select("_m", pl.col("title_key").alias("m_title_key")), on="_m", how="left")
    )
    # Equal numbers and tier words in both titles: "iPhone 13 128GB" and "iPhone 13 256GB"
    # score 93 but are different products at different prices.
    return (
        candidates.filter(_signature(pl.col("title_key")) == _signature(pl.col("m_title_key")))
        .sort(["match_score", "m_title_key"], descending=[True, False])
        .unique([*group_keys, "title_key"], keep="first", maintain_order=True)
        .select(*empty)
    )
