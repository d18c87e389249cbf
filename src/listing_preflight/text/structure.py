"""Structural wordlists (wordlists/structure/*.yaml): product groups, units, specs, materials.

These are data, not banned terms: regexes and thresholds that the title, description and
compliance rules turn into polars expressions.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import polars as pl

from .wordlists import load_structure, rust_regex

# Product groups whose listings are fashion goods (DSC002 error severity; eBay/Joom: no
# "compatible with <Brand>" for them [E1]).
FASHION = ("apparel", "shoes", "bags", "jewellery")


def _rust(value: Any) -> Any:
    if isinstance(value, str):
        return rust_regex(value)
    if isinstance(value, list):
        return [_rust(v) for v in value]
    if isinstance(value, dict):
        return {k: _rust(v) for k, v in value.items()}
    return value


@functools.lru_cache(maxsize=32)
def structure(name: str) -> Any:
    """A structural wordlist, cached; its regexes in polars (Rust) form."""
    return _rust(load_structure(name))


def groups() -> list[dict[str, Any]]:
    """Product groups in priority order (accessories before the devices they fit)."""
    return structure("groups")["groups"]


def _group_of(df: pl.DataFrame, col: str, key: str, generic: bool | None) -> pl.Series:
    """The highest-priority group whose `key` regex matches `col`, per row.

    All groups' regexes run as one alternation (one pass over the column); each distinct
    matched string is mapped in Python to the first group, in priority order, that matches
    it on its own (a loop over the vocabulary of matches, never over rows).
    """
    raw = load_structure("groups")["groups"]
    chosen = [(i, g, raw[i]) for i, g in enumerate(groups())
              if g.get(key) and (generic is None or bool(g.get("generic")) == generic)]
    if not chosen:
        return pl.Series(col, [None] * df.height, dtype=pl.String)
    combined = "|".join(f"(?:{g[key]})" for _, g, _ in chosen)
    found = df.select(pl.col(col).str.extract_all(combined).alias("m")).to_series()
    vocab = found.explode().drop_nulls().unique().to_list()
    compiled = [(i, re.compile(r[key])) for i, _, r in chosen]
    rank = {v: next((i for i, rx in compiled if rx.fullmatch(v)), None) for v in vocab}
    rank = {v: r for v, r in rank.items() if r is not None}
    names = {i: g["group"] for i, g, _ in chosen}
    best = found.list.eval(pl.element().replace_strict(rank, default=None, return_dtype=pl.Int32)).list.min()
    return best.replace_strict(names, default=None, return_dtype=pl.String)


def group_column(df: pl.DataFrame) -> pl.Series:
    """The product group of each row: a specific group from the category column, else from
    the title, else a generic one (electronics, home, lighting) from the category."""
    return pl.select(pl.coalesce(
        _group_of(df, "_t_category", "category", generic=False),
        _group_of(df, "_t_title", "title", generic=None),
        _group_of(df, "_t_category", "category", generic=True),
    )).to_series().alias("_t_group")


def family_of(group_col: pl.Expr) -> pl.Expr:
    """The family (fashion, electronics, home, beauty, toys, ...) of a group column."""
    mapping = {g["group"]: g["family"] for g in groups()}
    return group_col.replace_strict(mapping, default=None, return_dtype=pl.String)
