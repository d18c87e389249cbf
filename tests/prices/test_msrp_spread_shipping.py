"""PRC003 msrp-inconsistent, PRC004 variant-price-spread, PRC005 shipping-price-unreasonable."""

from __future__ import annotations

import pytest
from prices.price_helpers import findings, product


def skus(rows, code, **kwargs):
    return [f["variant_sku"] for f in findings(rows, [code], **kwargs)]


# ------------------------------------------------------------------ PRC003

def test_msrp_below_price_fails():
    found = findings([product("A", "20", msrp="15")], ["PRC003"])
    assert len(found) == 1 and "MSRP 15.00 is below the price 20.00" in found[0]["message"]
    assert found[0]["field"] == "msrp"


def test_fake_discount_fails():
    found = findings([product("A", "10", msrp="99")], ["PRC003"])
    assert "a 90% discount" in found[0]["message"] and found[0]["value"] == pytest.approx(89.9, abs=0.01)


def test_plausible_or_empty_msrp_passes():
    rows = [product("A", "10", msrp="25"), product("B", "10", msrp="10"), product("C", "10", msrp=None)]
    assert skus(rows, "PRC003") == []


def test_non_numeric_msrp_fails():
    found = findings([product("A", "10", msrp="n/a"), product("B", "10", msrp="0")], ["PRC003"])
    assert [f["variant_sku"] for f in found] == ["A-1", "B-1"]
    assert "MSRP 'n/a' is not a positive number" in found[0]["message"]


def test_discount_limit_is_an_option():
    rows = [product("A", "10", msrp="40")]
    assert skus(rows, "PRC003") == []
    assert skus(rows, "PRC003", rules={"PRC003": {"max-discount-pct": 70}}) == ["A-1"]


def test_msrp_is_checked_per_variant():
    rows = [{"product_sku": "P", "variant_sku": "P-1", "title": "T", "price": "10", "msrp": "12"},
            {"product_sku": "P", "variant_sku": "P-2", "title": "T", "price": "30", "msrp": "12"}]
    assert skus(rows, "PRC003") == ["P-2"]


# ------------------------------------------------------------------ PRC004

def variants(*prices, currency=None, currencies=None):
    return [{"product_sku": "P", "variant_sku": f"P-{i}", "title": "Phone", "price": str(p),
             "currency": (currencies[i] if currencies else currency)} for i, p in enumerate(prices)]


def test_extreme_spread_fails_on_the_cheapest_variant():
    found = findings(variants(49.99, 1.99, 45), ["PRC004"])
    assert [f["variant_sku"] for f in found] == ["P-1"]
    assert found[0]["value"] == pytest.approx(25.12, abs=0.01)
    assert "from 1.99 USD (this variant) to 49.99 USD (variant P-0)" in found[0]["message"]


def test_moderate_spread_passes():
    assert skus(variants(19.99, 24.99, 39.99), "PRC004") == []


def test_single_variant_product_passes():
    assert skus(variants(1.0), "PRC004") == []


def test_equal_prices_pass():
    assert skus(variants(5, 5, 5), "PRC004") == []


def test_spread_across_currencies_is_converted():
    # 72 CNY = 10 USD next to 10 USD: no spread; 7.2 CNY = 1 USD next to 10 USD: 10x.
    assert skus(variants(10, 72, currencies=["USD", "CNY"]), "PRC004", config={"rates": {"CNY": 7.2}}) == []
    assert skus(variants(10, 7.2, currencies=["USD", "CNY"]), "PRC004",
                config={"rates": {"CNY": 7.2}}) == ["P-1"]


def test_prices_without_rate_are_not_compared_across_currencies():
    assert skus(variants(10, 7.2, currencies=["USD", "CNY"]), "PRC004") == []


def test_spread_limit_is_an_option():
    assert skus(variants(10, 40), "PRC004") == []
    assert skus(variants(10, 40), "PRC004", rules={"PRC004": {"max-ratio": 3}}) == ["P-0"]


# ------------------------------------------------------------------ PRC005

def test_cheap_item_with_expensive_shipping_fails():
    found = findings([product("A", "2", shipping_price="15")], ["PRC005"])
    assert found[0]["value"] == pytest.approx(7.5)
    assert "shipping 15.00 USD is 7.5x the item price 2.00 USD" in found[0]["message"]


def test_small_shipping_amounts_pass_even_above_the_price():
    assert skus([product("A", "3", shipping_price="4")], "PRC005") == []


def test_proportionate_shipping_passes():
    assert skus([product("A", "30", shipping_price="6"), product("B", "30", shipping_price="0")],
                "PRC005") == []


def test_negative_shipping_fails():
    found = findings([product("A", "30", shipping_price="-1")], ["PRC005"])
    assert "shipping price -1 is negative" in found[0]["message"]


def test_shipping_floor_is_in_the_comparison_currency():
    # 40 CNY = 5.56 USD shipping on a 10 CNY item: above the 5 USD floor and 4x the price.
    row = product("A", "10", shipping_price="40", currency="CNY")
    assert skus([row], "PRC005", config={"rates": {"CNY": 7.2}}) == ["A-1"]
    # 30 CNY = 4.17 USD: below the floor.
    assert skus([product("B", "10", shipping_price="30", currency="CNY")], "PRC005",
                config={"rates": {"CNY": 7.2}}) == []


def test_currency_without_rate_is_only_checked_for_negative_shipping():
    assert skus([product("A", "10", shipping_price="400", currency="CNY")], "PRC005") == []


def test_shipping_options():
    rows = [product("A", "20", shipping_price="12")]
    assert skus(rows, "PRC005") == []
    assert skus(rows, "PRC005", rules={"PRC005": {"max-ratio": 0.5}}) == ["A-1"]
