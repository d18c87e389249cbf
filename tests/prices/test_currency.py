"""Currency handling: the currency of a price, ISO-4217 validity, conversion by the rates table."""

from __future__ import annotations

import polars as pl
import pytest

from listing_preflight.api import check_rows
from listing_preflight.currency import ISO_4217, price_currency, rate_table, to_comparison
from listing_preflight.model import ConfigError


def currencies(prices: list[str | None], columns: list[str | None], default: str = "USD") -> list[str]:
    frame = pl.DataFrame({"price": prices, "currency": columns}, schema={"price": pl.String, "currency": pl.String})
    return frame.select(price_currency(pl.col("price"), pl.col("currency"), default)).to_series().to_list()


def test_currency_column_wins_over_the_price_text():
    assert currencies(["12.99 EUR"], ["usd"]) == ["USD"]


def test_code_or_symbol_written_in_the_price():
    assert currencies(["USD 12.99", "12.99 eur", "€12,50", "US$ 9.99", "300 RMB", "5 XYZ"],
                      [None] * 6) == ["USD", "EUR", "EUR", "USD", "CNY", "XYZ"]


def test_ambiguous_symbols_and_plain_numbers_use_the_default():
    assert currencies(["$12", "¥300", "12.99", None], [None] * 4, default="cny") == ["CNY"] * 4


def test_chinese_erp_spellings_are_aliases():
    assert currencies(["10", "10"], [" rmb ", "人民币"]) == ["CNY", "CNY"]


def test_iso_list_has_common_codes_and_not_test_codes():
    assert {"USD", "EUR", "CNY", "RUB", "EGP", "XOF"} <= ISO_4217
    assert not {"XTS", "XXX", "XAU", "ABC"} & ISO_4217


def convert(amounts, codes, rates, comparison="USD"):
    frame = pl.DataFrame({"a": amounts, "c": codes})
    amount, currency = to_comparison(pl.col("a"), pl.col("c"), rates, comparison)
    return frame.select(amount.round(4), currency).rows()


def test_rates_are_units_per_base_unit():
    # 7.2 CNY per USD: 72 CNY is 10 USD; 9.2 EUR at 0.92 per USD is 10 USD.
    assert convert([72.0, 9.2, 10.0], ["CNY", "EUR", "USD"], {"CNY": 7.2, "EUR": 0.92}) == [
        (10.0, "USD"), (10.0, "USD"), (10.0, "USD")]


def test_other_comparison_currency_uses_the_same_table():
    # Table quoted against USD, comparison in EUR: 10 USD = 9.2 EUR; 72 CNY = 9.2 EUR.
    assert convert([10.0, 72.0], ["USD", "CNY"], {"USD": 1, "CNY": 7.2, "EUR": 0.92}, "EUR") == [
        (9.2, "EUR"), (9.2, "EUR")]


def test_a_currency_without_rate_is_left_as_is():
    assert convert([100.0], ["RUB"], {"CNY": 7.2}) == [(100.0, "RUB")]


@pytest.mark.parametrize("rates", [{"CNY": 0}, {"CNY": -7.2}, {"DOLLARS": 1.0}])
def test_bad_rates_are_config_errors(rates):
    with pytest.raises(ConfigError):
        rate_table(rates, "USD")


@pytest.mark.parametrize("currency", ["dollars", 840, ""])
def test_bad_comparison_currency_is_a_config_error(currency):
    with pytest.raises(ConfigError, match="comparison currency"):
        check_rows([{"product_sku": "A", "title": "T", "price": "1"}], select=["PRC"],
                   config={"currency": currency})


@pytest.mark.parametrize("rate", ["abc", 0, -1, True])
def test_bad_rate_in_config_is_a_config_error(rate):
    with pytest.raises(ConfigError, match="rates"):
        check_rows([{"product_sku": "A", "title": "T", "price": "1"}], select=["PRC"],
                   config={"rates": {"CNY": rate}})
