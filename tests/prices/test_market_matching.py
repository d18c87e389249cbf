"""The market matcher itself: key normalisation and one rapidfuzz call per category."""

from __future__ import annotations

import polars as pl
import rapidfuzz.process

from listing_preflight.market_match import (
    brand_model_key,
    category_key,
    gtin_key,
    match_titles,
    title_key,
)


def keys(expr, values):
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr(pl.col("v"))).to_series().to_list()


def test_gtin_key_accepts_padded_and_spreadsheet_forms_only():
    assert keys(gtin_key, ["06941812756201", "6941812756201", "6941812756201.0", "6 941812 756201",
                           "4.00638E+12", "12345", None]) == [
        "6941812756201", "6941812756201", "6941812756201", "6941812756201", None, None, None]


def test_brand_model_key_ignores_case_and_punctuation_and_needs_both():
    frame = pl.DataFrame({"b": ["XIAOMI", "Xiaomi", None], "m": ["Redmi-Note 13", "redmi note13", "X1"]})
    assert frame.select(brand_model_key(pl.col("b"), pl.col("m"))).to_series().to_list() == [
        "xiaomi|redminote13", "xiaomi|redminote13", None]


def test_category_key_is_the_leaf_of_a_path():
    assert keys(category_key, ["Electronics > Phones", "phones", "Home|Kitchen » Mugs", None]) == [
        "phones", "phones", "mugs", None]


def test_title_key_keeps_words_and_numbers():
    assert keys(title_key, ["Redmi Note 13 8GB+256GB, Black!", "小米 手机"]) == [
        "redmi note 13 8gb 256gb black", "小米 手机"]


def test_one_cdist_call_per_category_not_per_title(monkeypatch):
    calls = []
    real = rapidfuzz.process.cdist

    def counting(*args, **kwargs):
        calls.append(len(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(rapidfuzz.process, "cdist", counting)
    queries = pl.DataFrame({
        "cat_key": ["mugs"] * 40 + ["lamps"] * 30 + ["toys"] * 5,
        "amount_currency": "USD",
        "title_key": [f"ceramic mug model {i}" for i in range(40)]
        + [f"desk lamp model {i}" for i in range(30)] + [f"toy car {i}" for i in range(5)],
    })
    market = pl.DataFrame({"cat_key": ["mugs", "lamps"], "amount_currency": "USD",
                           "title_key": ["model 7 ceramic mug", "desk lamp model 3"]})
    found = match_titles(queries, market, 90)
    assert sorted(calls) == [30, 40]  # toys has no market titles: no call at all
    assert sorted(found.get_column("title_key").to_list()) == ["ceramic mug model 7", "desk lamp model 3"]
    assert found.get_column("match_score").to_list() == [100.0, 100.0]
