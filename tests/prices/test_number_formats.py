"""Numbers as sellers write them: separators, currency marks, full-width digits, ranges, huge values."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_preflight.api import check_rows
from listing_preflight.exprs import is_range, parse_number

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def parse(values: list[str]) -> list[float | None]:
    """parse_number over a list of strings."""
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(parse_number(pl.col("v")))["v"].to_list()


def european(value: Decimal) -> str:
    """'1.299,00': dots between thousands, a decimal comma."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_every_written_form_of_an_amount_parses_to_it(value):
    """'1,299.00', '1.299,00', '¥99', 'US$12', '12 USD', '€ 12,50', '１２' all mean the number."""
    us = f"{value:,.2f}"
    forms = [us, european(value), f"¥{value}", f"US${us}", f"{us} USD", f"€ {european(value)}",
             f"{value}元", str(value).translate(FULL_WIDTH), f"{value} руб."]
    assert parse(forms) == [float(value)] * len(forms)


@given(amounts, amounts, st.sampled_from(["-", " - ", "~", "～", "至", " to "]))
def test_a_range_is_not_one_number(low, high, dash):
    """'9.99-12.99' is a range: no single value, and is_range says so."""
    text = f"{low}{dash}{high}"
    frame = pl.DataFrame({"v": [text]}).select(parse_number(pl.col("v")).alias("n"),
                                                is_range(pl.col("v")).alias("r"))
    assert frame.row(0) == (None, True)


huge = st.one_of(
    st.integers(min_value=10**13, max_value=10**40).map(str),
    st.integers(min_value=13, max_value=400).map(lambda e: f"1e{e}"),
    st.sampled_from(["inf", "-inf", "Infinity", "nan", "99999999999999999999", "1e308", "1e309"]),
)


@settings(max_examples=25, deadline=None)
@given(huge)
def test_huge_or_infinite_prices_are_findings_never_errors(text):
    """'1e20', twenty nines, 'inf': a PRC001 finding for the price, never an internal error."""
    report = check_rows([{"product_sku": "A", "title": "Lamp 10W LED Desk Light", "price": text,
                          "msrp": text, "shipping_price": text}], select=["PRC"])
    assert ("A", "PRC001") in report.flatten(("product_sku", "code"))


@pytest.mark.parametrize("quantity,ok", [
    ("12", True), ("1,200", True), ("１２", True), ("0", True),
    ("-3", False), ("2.5", False), ("lots", False), ("1e20", False), ("inf", False), ("", False),
])
def test_quantity_is_validated_like_a_price(quantity, ok):
    """Negative, fractional, non-numeric, infinite or missing quantities are CAT004 findings."""
    report = check_rows([{"product_sku": "A", "variant_sku": "A-1", "tags": "lamp",
                          "title": "Lamp 10W LED Desk Light", "price": "5", "shipping_price": "1",
                          "inventory": quantity}], select=["CAT004"])
    found = [f for f in report.flatten(("code", "field")) if f == ("CAT004", "inventory")]
    assert (not found) == ok


@pytest.mark.parametrize("shipping,code", [
    ("2.99", None), ("0", None), ("US$2.99", None), ("abc", "CAT004"),
    ("99999999999999999999", "CAT004"), ("1e400", "CAT004"), ("-1", "PRC005"),
])
def test_shipping_is_validated_like_a_price(shipping, code):
    """A shipping price that is not a number, too large or negative is a finding."""
    report = check_rows([{"product_sku": "A", "variant_sku": "A-1", "tags": "lamp",
                          "title": "Lamp 10W LED Desk Light", "price": "5", "inventory": "3",
                          "shipping_price": shipping}], select=["CAT004", "PRC005"])
    found = {c for c, f in report.flatten(("code", "field")) if f == "shipping_price"}
    assert found == ({code} if code else set())


@pytest.mark.parametrize("price,message", [
    ("9.99-12.99", "is a range"),
    ("1e20", "implausibly large"),
    ("abc", "not a number"),
    ("0", "not positive"),
])
def test_price_messages_say_what_is_wrong(price, message):
    """Each kind of bad price gets its own explanation."""
    report = check_rows([{"product_sku": "A", "title": "Lamp 10W LED Desk Light", "price": price}],
                        select=["PRC001"])
    assert message in report.flatten(("message",))[0][0]


@pytest.mark.parametrize("price", ["1,299.00", "1.299,00", "¥99", "US$12", "12 USD", "１２"])
def test_well_written_prices_pass(price):
    """The forms sellers use are prices, not PRC001 findings."""
    report = check_rows([{"product_sku": "A", "title": "Lamp 10W LED Desk Light", "price": price}],
                        select=["PRC001"])
    assert report.flatten(("code",)) == []
