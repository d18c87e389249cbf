"""Shared polars expression helpers for rules (no per-row Python)."""

from __future__ import annotations

import polars as pl


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Parse a price-like string ('12.50', '1,299.00', '12,5', 'US$ 9.99') into a float; null if not a number."""
    text = (
        expr.cast(pl.String)
        .str.strip_chars()
        .str.replace_all(r"(?i)^(?:[a-z]{3}|us\$|[$€£¥₽₹])\s*|\s*(?:[a-z]{3}|[$€£¥₽₹])$", "")
        .str.replace_all(r"[\s\u00a0']", "")
    )
    # '1,299.00' -> thousands separator; '12,5' -> decimal comma; '1.299,00' -> European.
    european = text.str.contains(r"^\d{1,3}(?:\.\d{3})+,\d+$")
    decimal_comma = text.str.contains(r"^-?\d+,\d{1,2}$")
    normalised = (
        pl.when(european)
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(decimal_comma)
        .then(text.str.replace(",", "."))
        .otherwise(text.str.replace_all(",", ""))
    )
    return (
        pl.when(normalised.str.contains(r"^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"))
        .then(normalised.cast(pl.Float64, strict=False))
        .otherwise(None)
    )


def non_empty(expr: pl.Expr) -> pl.Expr:
    """The string itself, or null when it is empty (so that keys and cells never match on '')."""
    return pl.when(expr.str.len_chars() > 0).then(expr).otherwise(None)


def shorten(expr: pl.Expr, width: int = 60) -> pl.Expr:
    """Truncate a string for a message, marking the cut with an ellipsis."""
    return (
        pl.when(expr.str.len_chars() > width)
        .then(pl.concat_str(expr.str.slice(0, width - 1), pl.lit("…")))
        .otherwise(expr)
    )
