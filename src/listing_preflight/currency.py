"""Currencies: ISO-4217 codes, the currency of a price, and conversion to the comparison currency.

Rate convention (config key `rates`): each rate is how many units of that currency buy one
unit of a common base, the way FX tables quote against USD:

    [rates]
    USD = 1.0
    EUR = 0.92      # 0.92 EUR per 1 USD
    CNY = 7.2       # 7.2 CNY per 1 USD

An amount converts to the comparison currency (`currency`, default USD) as
`amount * rate[comparison] / rate[code]`; the comparison currency has rate 1 when the table
does not name it, so a table quoted against USD works with `currency = "EUR"` as long as it
lists EUR. A price whose currency has no rate is not converted: it is compared like with like
(only with prices in its own currency).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from .model import ConfigError

# Active ISO 4217 currency codes (list one, maintained by SIX on behalf of ISO; checked
# against the 2024/2025 amendments: XCG replaces ANG, both kept for exports of the
# transition; ZWG introduced). Precious metals,
# testing and "no currency" codes (XAU, XAG, XPD, XPT, XTS, XXX, XB*, XDR, XSU, XUA) are left
# out on purpose: a listing price in one of them is a data error.
ISO_4217: frozenset[str] = frozenset((
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE",
    "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
    "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
    "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
    "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
    "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD",
    "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
    "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
))

# Spellings ERP exports use for a code (Chinese ERPs write RMB; some write the name).
ALIASES: dict[str, str] = {"RMB": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "US$": "USD",
                           "欧元": "EUR", "英镑": "GBP", "卢布": "RUB", "€": "EUR", "£": "GBP",
                           "₽": "RUB", "₹": "INR"}

# A code or an unambiguous symbol written next to the amount in a price string
# ("12.99 USD", "USD 12.99", "€12,50"). "$" and "¥" are ambiguous (USD/CAD/AUD..., CNY/JPY)
# and are not read as a currency. One regex pass, four groups: leading code, leading symbol,
# trailing code, trailing symbol.
_IN_PRICE = (r"^\s*(?i:([a-z]{3}|us\$)|([€£₽₹]))\s*[-+]?[\d.,]"
             r"|[\d.,]\s*(?i:([a-z]{3})|([€£₽₹]))\s*$")


def comparison_code(value: object) -> str:
    """The comparison currency (config `currency`) as an upper-case code; ConfigError if it is not one."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if not (len(code) == 3 and code.isalpha()):
        raise ConfigError(f"currency = {value!r}: the comparison currency must be a 3-letter "
                          "ISO-4217 code such as USD")
    return code


def rate_table(rates: Mapping[str, float], comparison: str) -> dict[str, float]:
    """Validated rates (upper-case codes, positive values) including the comparison currency."""
    table: dict[str, float] = {}
    for code, rate in rates.items():
        key = str(code).strip().upper()
        if not (len(key) == 3 and key.isalpha()):
            raise ConfigError(f"[rates] key {code!r} is not a 3-letter ISO-4217 currency code")
        if not rate or rate <= 0:
            raise ConfigError(
                f"[rates] {key} = {rate!r}: a rate must be positive "
                "(units of the currency per 1 unit of the base, e.g. CNY = 7.2 per USD)"
            )
        table[key] = float(rate)
    table.setdefault(comparison_code(comparison), 1.0)
    return table


def known_codes(rates: Mapping[str, float], comparison: str) -> frozenset[str]:
    """Currency codes a price may carry: ISO 4217 plus whatever the rates table names."""
    return ISO_4217 | {str(c).strip().upper() for c in rates} | {comparison_code(comparison)}


def _normalise_code(expr: pl.Expr) -> pl.Expr:
    code = expr.str.strip_chars().str.to_uppercase()
    return code.replace(ALIASES)


def price_currency(price: pl.Expr, currency: pl.Expr, default: str) -> pl.Expr:
    """The currency of a price: the currency column, else a code written in the price, else `default`."""
    found = price.str.extract_groups(_IN_PRICE)
    return pl.coalesce(
        _normalise_code(currency),
        _normalise_code(pl.coalesce(*(found.struct.field(str(i)) for i in range(1, 5)))),
        pl.lit(comparison_code(default)),
    )


def to_comparison(amount: pl.Expr, code: pl.Expr, rates: Mapping[str, float],
                  comparison: str) -> tuple[pl.Expr, pl.Expr]:
    """(amount, currency) expressions in the comparison currency where a rate allows, else unchanged."""
    comparison = comparison_code(comparison)
    table = rate_table(rates, comparison)
    factor = (
        pl.when(code == comparison).then(pl.lit(1.0))
        .otherwise(pl.lit(table[comparison]) / code.replace_strict(table, default=None,
                                                                  return_dtype=pl.Float64))
    )
    converted = pl.when(factor.is_not_null()).then(amount * factor).otherwise(amount)
    currency = pl.when(factor.is_not_null()).then(pl.lit(comparison)).otherwise(code)
    return converted, currency
