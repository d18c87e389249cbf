"""PRC001 price-invalid: every variant needs one positive price in a known currency.

Split from rules/price.py (the family in one module would pass 400 lines); rules/price.py
imports it, so importing the price family registers PRC001 as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from ..currency import ISO_4217, known_codes, price_currency
from ..exprs import is_range, shorten
from ..i18n import _t
from ..model import Check, Severity
from ..registry import row_rule

if TYPE_CHECKING:
    from ..engine import RunContext


# ---------------------------------------------------------------------------------- PRC001

@dataclass(frozen=True)
class PriceInvalidOptions:
    """Options of price-invalid."""

    # Accepted currency codes: ISO 4217 (active codes) by default; codes named in the `rates`
    # table and the comparison currency are always accepted too.
    currencies: tuple[str, ...] = field(default=tuple(sorted(ISO_4217)))
    # An amount this large is a data error in any currency (a pasted barcode, '1e20', a
    # 20-digit number): above the dearest retail goods even in low-value currencies. Heuristic.
    max_value: float = 1e9


@row_rule("PRC001", "price-invalid", Severity.ERROR, scope="variant", requires=("price",),
          options=PriceInvalidOptions, reject_rate=0.99)
def price_invalid(opts: PriceInvalidOptions, ctx: RunContext) -> Check:
    """A variant's price is missing, not a number, zero or negative, or in an unknown currency.

    Why:
        Joom needs a positive price with an ISO-4217 currency for every variant; an upload
        with a bad price fails outright.

    Example:
        price="" or "abc" or "0" or "-5"     -> PRC001
        price="12.99", currency="XYZ"        -> PRC001
        price="12.99 XYZ"                    -> PRC001 (a code written in the price counts)
        price="9.99-12.99"                   -> PRC001 (a range: one price per variant)
        price="1e20" or "99999999999999999999" -> PRC001 (implausibly large)
        price="1,299.00", "1.299,00", "¥99", "US$12", "12 USD", "１２" -> ok (read as numbers)
        price="12.99", currency="USD"        -> ok

    Options:
        currencies: accepted codes (default: every active ISO 4217 code); codes in the
        `rates` table and the comparison `currency` are accepted as well.
        max-value (1e9): amounts from this value up are reported as implausibly large.
    """
    price, value = pl.col("price"), pl.col("price_value")
    oversize = pl.col("price_value_oversize") | (value >= opts.max_value)
    comparison = ctx.config.currency
    accepted = sorted(set(opts.currencies) | (known_codes(ctx.config.rates, comparison) - ISO_4217))
    code = price_currency(price, pl.col("currency"), comparison)
    unknown_currency = ~code.is_in(accepted)
    shown = pl.coalesce(pl.col("currency"), code)
    message = (
        pl.when(price.is_null()).then(pl.lit(_t("price is missing; give every variant a price")))
        .when(oversize).then(pl.format(
            _t("price '{}' is implausibly large; write the selling price like 12.99"), shorten(price)))
        .when(value.is_null() & price.str.starts_with("=")).then(pl.format(
            _t("price is a spreadsheet formula without a saved result ('{}'); open and save the "
               "file in Excel or WPS, or paste the values"), shorten(price)))
        .when(value.is_null() & is_range(price)).then(pl.format(
            _t("price '{}' is a range; give each variant its own single price"), price))
        .when(value.is_null()).then(pl.format(_t("price '{}' is not a number; write it like 12.99"),
                                              shorten(price)))
        .when(value <= 0).then(pl.format(_t("price {} is not positive; set the selling price"), price))
        .otherwise(pl.format(
            _t("currency '{}' is not a known ISO-4217 code; use a code such as USD, EUR or CNY "
               "(or add it to [rates])"), shown))
    )
    return Check(
        violates=price.is_null() | value.is_null() | (value <= 0) | unknown_currency | oversize,
        message=message,
        value=value,
        field=pl.when(unknown_currency & (value > 0) & ~oversize).then(pl.lit("currency"))
        .otherwise(pl.lit("price")),
    )
