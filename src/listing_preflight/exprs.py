"""Shared polars expression helpers for rules (no per-row Python)."""

from __future__ import annotations

import polars as pl

# Currency marks sellers write around an amount: ISO codes, symbols, and the Chinese and
# Russian words for them ('¥99', 'US$12', '12 USD', '99元', '12 美元', '500 руб.').
_CURRENCY_MARK = (r"(?:[a-z]{3}|us\$|c\$|a\$|hk\$|cn¥|rmb|[$€£¥₽₹]|人民币|美元|美金|欧元|英镑|卢布|元"
                  r"|руб\.?|р\.)")
# Two amounts with a dash, tilde or 至/到 between them: a range, not one price ('9.99-12.99').
RANGE_PATTERN = r"^\d[\d.,]*\s*(?:-|~|–|—|to|至|到)\s*\d[\d.,]*$"

# Amounts from here up are not prices: beyond it a float no longer holds every cent exactly
# (2^53 / 100 ≈ 9e13), so parsed values this large are kept out of arithmetic (a finding).
NUMBER_LIMIT = 1e13


def _number_text(expr: pl.Expr) -> pl.Expr:
    """The text of an amount without currency marks and spaces, width-folded ('１２' -> '12')."""
    return (
        expr.cast(pl.String)
        .str.normalize("NFKC")
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(rf"^{_CURRENCY_MARK}\s*|\s*{_CURRENCY_MARK}$", "")
        .str.replace_all(r"[\s\u00a0']", "")
    )


def is_range(expr: pl.Expr) -> pl.Expr:
    """True when a cell holds a range of amounts ('10-12', '9.99 ~ 12.99', '10至12')."""
    return _number_text(expr).str.contains(RANGE_PATTERN)


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Parse a price-like string ('12.50', '1,299.00', '1.299,00', '¥99', 'US$12', '12 USD', '１２') into a float.

    Null when it is not one number (words, a range such as '10-12'); a huge or overflowing
    value ('1e400') parses to a huge or infinite float, which callers treat as a finding.
    """
    text = _number_text(expr)
    # '1,299.00' -> thousands separator; '12,5' -> decimal comma; '1.299,00' -> European.
    european = text.str.contains(r"^-?\d{1,3}(?:\.\d{3})+,\d+$")
    decimal_comma = text.str.contains(r"^-?\d+,\d{1,2}$")
    normalised = (
        pl.when(european)
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(decimal_comma)
        .then(text.str.replace(",", "."))
        .when(text.str.contains(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"))
        .then(text.str.replace_all(",", ""))
        .otherwise(text)
    )
    return (
        pl.when(normalised.str.contains(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$"))
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


def money(expr: pl.Expr) -> pl.Expr:
    """An amount for a message with two decimals ('12.50', '-3.05'); huge values as they are."""
    # Past 1e15 cents no longer fit the integer formatting (tables keep such values out of
    # the *_value columns, but a ratio or a conversion may still make one).
    small = expr.abs() < 1e15
    cents = pl.when(small).then(expr.abs() * 100).round(0).cast(pl.Int64, strict=False)
    formatted = format_str("{}{}.{}", pl.when(expr < 0).then(pl.lit("-")).otherwise(pl.lit("")),
                          cents // 100, (cents % 100).cast(pl.String).str.zfill(2))
    return pl.when(small).then(formatted).otherwise(expr.cast(pl.String))


def format_str(template: str, *args: pl.Expr) -> pl.Expr:
    """`pl.format(template, *args)` built from `pl.concat_str` (same result, nulls stay null).

    Why: polars 2.1.0's string `format` panics in the streaming engine ("assertion failed:
    i < self.len()") on some filtered frames, e.g. PRC003 over a real 499-row export
    (issue 14, repro/msrp-panic.csv); `concat_str` over the same rows does not.
    """
    pieces = template.split("{}")
    if len(pieces) != len(args) + 1:
        raise ValueError(f"template {template!r} has {len(pieces) - 1} slots, got {len(args)}")
    parts: list[pl.Expr] = []
    for piece, arg in zip(pieces, [*args, None]):
        if piece:
            parts.append(pl.lit(piece, dtype=pl.String))
        if arg is not None:
            parts.append(arg.cast(pl.String))
    return pl.concat_str(parts)
