"""Price rules (PRC): validity, market deviation, MSRP, variant spread, shipping."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ..model import Check, Severity
from ..registry import row_rule

# ISO 4217 codes Joom and the common ERPs export (Joom accepts prices in several currencies).
KNOWN_CURRENCIES = (
    "USD", "EUR", "GBP", "CNY", "RUB", "JPY", "KRW", "HKD", "TWD", "SGD", "AUD", "CAD", "CHF",
    "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "UAH", "KZT", "BYN", "ILS",
    "AED", "SAR", "INR", "IDR", "MYR", "THB", "VND", "PHP", "BRL", "MXN", "CLP", "COP", "ARS",
    "PEN", "ZAR", "NZD", "MDL", "GEL", "AMD", "AZN", "UZS", "KGS",
)


@dataclass(frozen=True)
class PriceInvalidOptions:
    """Options of price-invalid."""

    currencies: tuple[str, ...] = field(default=KNOWN_CURRENCIES)


@row_rule("PRC001", "price-invalid", Severity.ERROR, scope="variant", requires=("price",),
          options=PriceInvalidOptions, reject_rate=0.99)
def price_invalid(opts: PriceInvalidOptions) -> Check:
    """A variant's price is missing, not a number, zero or negative, or in an unknown currency.

    Why:
        Joom needs a positive price with an ISO-4217 currency for every variant; an upload
        with a bad price fails outright.

    Example:
        price="" or "abc" or "0" or "-5"     -> PRC001
        price="12.99", currency="XYZ"        -> PRC001
        price="12.99", currency="USD"        -> ok
    """
    price, value = pl.col("price"), pl.col("price_value")
    currency = pl.col("currency").str.to_uppercase()
    unknown_currency = currency.is_not_null() & ~currency.is_in(list(opts.currencies))
    message = (
        pl.when(price.is_null()).then(pl.lit("price is missing"))
        .when(value.is_null()).then(pl.format("price '{}' is not a number", price))
        .when(value <= 0).then(pl.format("price {} is not positive", price))
        .otherwise(pl.format("currency '{}' is not a known ISO-4217 code", pl.col("currency")))
    )
    return Check(
        violates=price.is_null() | value.is_null() | (value <= 0) | unknown_currency,
        message=message,
        value=value,
        field=pl.when(unknown_currency & (value > 0)).then(pl.lit("currency")).otherwise(pl.lit("price")),
    )
