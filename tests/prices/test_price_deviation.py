"""PRC002 price-deviation: market references (GTIN, brand+model, title) and catalog peers."""

from __future__ import annotations

import pytest
from prices.price_helpers import findings, product, verdicts

from listing_preflight.api import check_rows
from listing_preflight.model import ConfigError


def prc002(rows, **kwargs):
    return findings(rows, ["PRC002"], **kwargs)


def market(path):
    return {"config": {"market-prices": path}}


# ------------------------------------------------------------------ catalog peers

def mugs(*prices, category="Mugs"):
    return [product(f"M{i}", p, category=category) for i, p in enumerate(prices)]


def test_peer_outlier_fails_with_reference_in_message_evidence_and_value():
    found = prc002(mugs(10, 11, 9, 10, 10.5, 10, 25))
    assert [f["product_sku"] for f in found] == ["M6"]
    f = found[0]
    assert f["value"] == pytest.approx(150.0)
    assert "150% above the reference 10.00 USD" in f["message"]
    assert "median price of 7 products in category 'Mugs'" in f["message"]
    assert f["evidence"]["reference"] == "catalog-peer-median"
    assert f["evidence"]["reference_price"] == 10.0
    assert f["evidence"]["match_key"] == "Mugs"
    assert f["evidence"]["deviation_pct"] == pytest.approx(150.0)
    assert f["variant_sku"] == "M6-1" and f["field"] == "price"


def test_peer_prices_within_the_band_pass():
    assert prc002(mugs(10, 11, 9, 10, 10.5, 12.5)) == []


def test_single_product_category_has_no_reference():
    rows = mugs(10, 11, 9, 10, 10.5) + [product("T", 500, category="Telescopes")]
    assert prc002(rows) == []


def test_category_smaller_than_the_minimum_group_has_no_reference():
    assert prc002(mugs(10, 10, 40)) == []
    assert [f["product_sku"] for f in prc002(mugs(10, 10, 40), rules={"PRC002": {"peer-min-products": 3}})] == ["M2"]


def test_zero_spread_group_flags_the_outlier_and_nothing_else():
    found = prc002(mugs(10, 10, 10, 10, 10, 20))
    assert [f["product_sku"] for f in found] == ["M5"]
    assert found[0]["value"] == pytest.approx(100.0)


def test_identical_prices_give_no_finding_and_no_division_by_zero():
    assert prc002(mugs(10, 10, 10, 10, 10, 10)) == []


def test_wide_spread_category_does_not_flag_ordinary_prices():
    # "Electronics" mixes cables and speakers: 60 % off the median is not unusual here.
    assert prc002(mugs(3, 8, 15, 25, 40, 60, 90, category="Electronics")) == []


def test_missing_category_means_no_peer_reference():
    assert prc002(mugs(10, 10, 10, 10, 10, 30, category=None)) == []


def test_finding_makes_the_product_review_likely_not_reject_likely():
    result = verdicts(mugs(10, 11, 9, 10, 10.5, 10, 25), ["PRC002"])
    assert result["M6"] == "review-likely" and result["M0"] == "pass"


def test_threshold_is_an_option():
    rows = mugs(10, 10, 10, 10, 10, 12.5)
    assert prc002(rows) == []
    assert [f["product_sku"] for f in prc002(rows, rules={"PRC002": {"max-deviation-pct": 20}})] == ["M5"]


def test_variant_level_prices_flag_only_the_deviating_variant():
    rows = mugs(10, 10, 10, 10, 10) + [
        {"product_sku": "V", "variant_sku": "V-S", "title": "Mug V", "category": "Mugs", "price": "10"},
        {"product_sku": "V", "variant_sku": "V-XL", "title": None, "category": None, "price": "30"},
    ]
    found = prc002(rows)
    assert [(f["product_sku"], f["variant_sku"]) for f in found] == [("V", "V-XL")]


def test_mixed_currencies_are_converted_with_the_rates_table():
    rows = mugs(10, 10, 10, 10, 10) + [product("C", "72", category="Mugs", currency="CNY"),
                                       product("D", "360", category="Mugs", currency="CNY")]
    found = prc002(rows, config={"rates": {"CNY": 7.2}})
    assert [f["product_sku"] for f in found] == ["D"]  # 72 CNY = 10 USD is fine, 360 CNY = 50 USD
    assert "price 360.00 CNY (50.00 USD)" in found[0]["message"]
    assert found[0]["evidence"]["price_currency"] == "CNY"
    assert found[0]["evidence"]["currency"] == "USD"


def test_without_a_rate_a_currency_is_compared_like_with_like():
    # No CNY rate: the CNY listings form their own peer group instead of meeting USD prices.
    rows = mugs(10, 10, 10, 10, 10) + [product(f"C{i}", p, category="Mugs", currency="CNY")
                                       for i, p in enumerate([72, 72, 70, 75, 72, 300])]
    found = prc002(rows)
    assert [f["product_sku"] for f in found] == ["C5"]
    assert found[0]["evidence"]["currency"] == "CNY"
    assert found[0]["evidence"]["reference_price"] == 72.0


def test_invalid_prices_are_left_to_prc001():
    assert prc002(mugs(10, 10, 10, 10, 10) + [product("X", "0"), product("Y", "abc")]) == []


# ------------------------------------------------------------------ market reference

def phone(sku, price, **extra):
    return product(sku, price, category="Smartphones", title=extra.pop("title", "Xiaomi Redmi Note 13 8GB 256GB Smartphone"),
                   **extra)


def test_gtin_match_is_the_first_reference(market_csv):
    path = market_csv([
        {"gtin": "6941812756201", "brand": "Xiaomi", "model": "Redmi Note 13", "price": "200", "currency": "USD"},
        {"gtin": "6941812756201", "brand": "", "model": "", "price": "210", "currency": "USD"},
        {"gtin": "", "brand": "Xiaomi", "model": "Redmi Note 13", "price": "100", "currency": "USD"},
    ])
    rows = [phone("A", "300", gtin="06941812756201", brand="Xiaomi", model="Redmi Note 13"),
            phone("B", "215", gtin="6941812756201", brand="Xiaomi", model="Redmi Note 13")]
    found = prc002(rows, **market(path))
    assert [f["product_sku"] for f in found] == ["A"]
    ev = found[0]["evidence"]
    assert ev["reference"] == "market-gtin"
    assert ev["reference_price"] == 205.0  # median of the two GTIN observations
    assert ev["match_key"] == "6941812756201" and ev["observations"] == 2
    assert ev["peer_products"] is None and ev["match_score"] is None
    assert found[0]["value"] == pytest.approx((300 - 205) / 205 * 100, abs=0.01)
    assert "market price for GTIN 6941812756201, median of 2 market row(s)" in found[0]["message"]


def test_brand_and_model_match_when_there_is_no_gtin(market_csv):
    path = market_csv([{"brand": "XIAOMI", "model": "Redmi-Note 13", "price": "200"}])
    found = prc002([phone("A", "100", brand="Xiaomi", model="Redmi Note 13")], **market(path))
    assert len(found) == 1
    assert found[0]["evidence"]["reference"] == "market-brand-model"
    assert found[0]["evidence"]["match_key"] == "xiaomi|redminote13"
    assert "50% below" in found[0]["message"]
    assert "market price for brand+model 'Xiaomi Redmi Note 13'" in found[0]["message"]


def test_title_match_within_the_category_reports_the_score(market_csv):
    path = market_csv([
        {"title": "Xiaomi Redmi Note 13 8GB 256GB Smartphone", "category": "Phones > Smartphones", "price": "200"},
        {"title": "Xiaomi Redmi Note 13 8GB 128GB Smartphone", "category": "Smartphones", "price": "150"},
    ])
    rows = [phone("A", "300", title="Smartphone Xiaomi Redmi Note 13 8GB+256GB"),
            phone("B", "210", title="Xiaomi Redmi Note 13 8GB 256GB Smartphone")]
    found = prc002(rows, **market(path))
    assert [f["product_sku"] for f in found] == ["A"]
    ev = found[0]["evidence"]
    assert ev["reference"] == "market-title" and ev["match_score"] >= 90
    assert ev["market_title"] == "Xiaomi Redmi Note 13 8GB 256GB Smartphone"
    assert "similar title 'Xiaomi Redmi Note 13 8GB 256GB Smartphone' (score" in found[0]["message"]


def test_title_in_another_category_or_with_other_numbers_is_no_match(market_csv):
    path = market_csv([
        {"title": "Xiaomi Redmi Note 13 8GB 256GB Smartphone", "category": "Phone Cases", "price": "10"},
        {"title": "Xiaomi Redmi Note 13 8GB 128GB Smartphone", "category": "Smartphones", "price": "50"},
    ])
    assert prc002([phone("A", "300")], **market(path)) == []


def test_no_market_match_falls_back_to_peers(market_csv):
    path = market_csv([{"gtin": "4006381333931", "price": "5"}])
    rows = mugs(10, 10, 10, 10, 10, 30)
    found = prc002(rows, **market(path))
    assert [f["evidence"]["reference"] for f in found] == ["catalog-peer-median"]


def test_no_reference_at_all_gives_no_finding(market_csv):
    path = market_csv([{"gtin": "4006381333931", "price": "5"}])
    assert prc002([phone("A", "999", gtin="6941812756201")], **market(path)) == []


def test_market_prices_in_another_currency_are_converted(market_csv):
    path = market_csv([{"gtin": "6941812756201", "price": "1440", "currency": "CNY"}])
    rows = [phone("A", "300", gtin="6941812756201"), phone("B", "190", gtin="6941812756201")]
    found = prc002(rows, config={"market-prices": path, "rates": {"CNY": 7.2}})
    assert [f["product_sku"] for f in found] == ["A"]  # 1440 CNY = 200 USD
    assert found[0]["evidence"]["reference_price"] == 200.0


def test_market_price_without_a_rate_only_meets_its_own_currency(market_csv):
    path = market_csv([{"gtin": "6941812756201", "price": "1440", "currency": "CNY"}])
    assert prc002([phone("A", "300", gtin="6941812756201")], **market(path)) == []
    found = prc002([phone("A", "3000", gtin="6941812756201", currency="CNY")], **market(path))
    assert found[0]["evidence"]["reference"] == "market-gtin"
    assert found[0]["evidence"]["currency"] == "CNY"


def test_old_observations_are_ignored(market_csv):
    path = market_csv([
        {"gtin": "6941812756201", "price": "100", "date": "2024-01-10"},
        {"gtin": "6941812756201", "price": "200", "date": "2025-03-01"},
        {"gtin": "6941812756201", "price": "210", "date": "2025-02-20"},
    ])
    found = prc002([phone("A", "300", gtin="6941812756201")], **market(path))
    assert found[0]["evidence"]["reference_price"] == 205.0


@pytest.mark.parametrize("name,encoding", [("market.xlsx", None), ("market.parquet", None),
                                           ("market.csv", "gb18030")])
def test_market_file_formats_and_encodings(market_csv, name, encoding):
    rows = [{"条码": "6941812756201", "标题": "小米 Redmi Note 13", "价格": "200"}]
    path = market_csv(rows, name, **({"encoding": encoding} if encoding else {}))
    found = prc002([phone("A", "300", gtin="6941812756201")], **market(path))
    assert found[0]["evidence"]["reference"] == "market-gtin"


def test_numeric_gtin_cells_of_a_spreadsheet_match(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["EAN", "Price"])
    book.active.append([6941812756201, 200])
    book.save(tmp_path / "market.xlsx")
    found = prc002([phone("A", "300", gtin="6941812756201")], **market(str(tmp_path / "market.xlsx")))
    assert found[0]["evidence"]["reference"] == "market-gtin"


def test_bad_market_rows_are_skipped_and_reported(market_csv):
    path = market_csv([{"gtin": "6941812756201", "price": "abc"},
                       {"gtin": "6941812756201", "price": "200"}])
    report = check_rows([phone("A", "300", gtin="6941812756201")], select=["PRC002"], **market(path))
    assert report.findings.height == 1
    assert any("1 market price row(s) skipped" in n for n in report.notices)


def test_market_file_without_price_column_is_a_config_error(market_csv):
    path = market_csv([{"gtin": "6941812756201", "cost": "200"}])
    with pytest.raises(ConfigError, match="no price column"):
        check_rows([phone("A", "300")], select=["PRC002"], **market(path))


def test_market_file_without_match_column_is_a_config_error(market_csv):
    path = market_csv([{"sku": "x", "price": "200"}])
    with pytest.raises(ConfigError, match="no column to match"):
        check_rows([phone("A", "300")], select=["PRC002"], **market(path))


def test_missing_market_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        check_rows([phone("A", "300")], select=["PRC002"], **market(str(tmp_path / "nope.csv")))


def test_market_titles_without_category_are_not_used_and_the_user_is_told(market_csv):
    path = market_csv([{"title": "Xiaomi Redmi Note 13 8GB 256GB Smartphone", "price": "200"}])
    report = check_rows([phone("A", "300")], select=["PRC002"], **market(path))
    assert report.findings.is_empty()
    assert any("no category column" in n for n in report.notices)
