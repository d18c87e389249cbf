"""Structural wordlists (wordlists/structure/*.yaml): product groups, units, specs, materials.

These are data, not banned terms: regexes and thresholds that the title, description and
compliance rules turn into polars expressions.
"""

from __future__ import annotations

import functools
from typing import Any

import polars as pl

from .wordlists import load_structure

# Product groups whose listings are fashion goods (DSC002 error severity; eBay/Joom: no
# "compatible with <Brand>" for them [E1]).
FASHION = ("apparel", "shoes", "bags", "jewellery")


@functools.lru_cache(maxsize=32)
def structure(name: str) -> Any:
    """A structural wordlist, cached."""
    return load_structure(name)


def groups() -> list[dict[str, Any]]:
    """Product groups in priority order (accessories before the devices they fit)."""
    return structure("groups")["groups"]


def group_expr() -> pl.Expr:
    """The product group of each row: from the category column first, then the title."""
    by_category = pl.lit(None, pl.String)
    by_title = pl.lit(None, pl.String)
    for g in reversed(groups()):
        if g.get("category"):
            by_category = pl.when(pl.col("_t_category").str.contains(g["category"])).then(
                pl.lit(g["group"])).otherwise(by_category)
        if g.get("title"):
            by_title = pl.when(pl.col("_t_title").str.contains(g["title"])).then(
                pl.lit(g["group"])).otherwise(by_title)
    return pl.coalesce(by_category, by_title)


def family_of(group_col: pl.Expr) -> pl.Expr:
    """The family (fashion, electronics, home, beauty, toys, ...) of a group column."""
    mapping = {g["group"]: g["family"] for g in groups()}
    return group_col.replace_strict(mapping, default=None, return_dtype=pl.String)
