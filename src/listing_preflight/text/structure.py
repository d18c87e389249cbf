"""Structural wordlists (wordlists/structure/*.yaml): product groups, units, specs, materials.

These are data, not banned terms: regexes and thresholds that the title, description and
compliance rules turn into polars expressions.
"""

from __future__ import annotations

import functools
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


def _group_of(text: pl.Expr, key: str, generic: bool | None) -> pl.Expr:
    """The highest-priority group whose `key` regex matches `text` (one regex pass).

    All groups' regexes run as one alternation; each match is mapped back to the first
    group (in priority order) that matches it on its own, and the row takes the best one.
    """
    chosen = [(i, g) for i, g in enumerate(groups())
              if g.get(key) and (generic is None or bool(g.get("generic")) == generic)]
    if not chosen:
        return pl.lit(None, pl.String)
    combined = "|".join(f"(?:{g[key]})" for _, g in chosen)
    rank = pl.lit(None, pl.Int32)
    for i, g in reversed(chosen):
        rank = pl.when(pl.element().str.contains(f"^(?:{g[key]})$")).then(pl.lit(i, pl.Int32)).otherwise(rank)
    best = text.str.extract_all(combined).list.eval(rank).list.min()
    names = {i: g["group"] for i, g in chosen}
    return best.replace_strict(names, default=None, return_dtype=pl.String)


def group_expr() -> pl.Expr:
    """The product group of each row: a specific group from the category column, else from
    the title, else a generic one (electronics, home, lighting) from the category."""
    return pl.coalesce(
        _group_of(pl.col("_t_category"), "category", generic=False),
        _group_of(pl.col("_t_title"), "title", generic=None),
        _group_of(pl.col("_t_category"), "category", generic=True),
    )


def family_of(group_col: pl.Expr) -> pl.Expr:
    """The family (fashion, electronics, home, beauty, toys, ...) of a group column."""
    mapping = {g["group"]: g["family"] for g in groups()}
    return group_col.replace_strict(mapping, default=None, return_dtype=pl.String)
