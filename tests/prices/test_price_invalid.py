"""PRC001 price-invalid: missing, non-numeric, non-positive prices and unknown currencies."""

from __future__ import annotations

from prices.price_helpers import findings, product


def codes(rows, **kwargs):
    return [(f["variant_sku"], f["field"]) for f in findings(rows, ["PRC001"], **kwargs)]


def test_bad_prices_fail():
    rows = [product("A", None), product("B", "abc"), product("C", "0"), product("D", "-5")]
    assert codes(rows) == [("A-1", "price"), ("B-1", "price"), ("C-1", "price"), ("D-1", "price")]


def test_good_prices_pass():
    rows = [product("A", "12.99", currency="USD"), product("B", "1,299.00", currency="cny"),
            product("C", "12,5", currency="EUR"), product("D", "9.99")]
    assert codes(rows) == []


def test_unknown_currency_in_the_column_or_in_the_price_fails():
    found = findings([product("A", "12.99", currency="XYZ"), product("B", "12.99 QQQ")], ["PRC001"])
    assert [(f["variant_sku"], f["field"]) for f in found] == [("A-1", "currency"), ("B-1", "currency")]
    assert "'XYZ' is not a known ISO-4217 code" in found[0]["message"]


def test_any_active_iso_code_passes():
    assert codes([product("A", "250", currency="EGP"), product("B", "5000", currency="XOF")]) == []


def test_a_code_named_in_the_rates_table_passes():
    rows = [product("A", "0.0003", currency="XBT")]
    assert codes(rows) == [("A-1", "currency")]
    assert codes(rows, config={"rates": {"XBT": 0.000016}}) == []


def test_variant_level_prices_are_checked_per_variant():
    rows = [{"product_sku": "P", "variant_sku": "P-S", "title": "Shirt", "price": "9.99"},
            {"product_sku": "P", "variant_sku": "P-M", "title": "Shirt", "price": ""}]
    assert codes(rows) == [("P-M", "price")]
