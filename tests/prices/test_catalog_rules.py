"""CAT002 store-listing-limit and CAT003 variant-inconsistent."""

from __future__ import annotations

from prices.price_helpers import findings


def store_rows(store, count, new=None):
    return [{"product_sku": f"{store}{i}", "title": "T", "store": store, "store_is_new": new}
            for i in range(count)]


def test_store_over_its_limit_fails_from_the_first_listing_past_it():
    rows = store_rows("A", 12)
    found = findings(rows, ["CAT002"], rules={"CAT002": {"max-listings": 10}})
    assert [f["product_sku"] for f in found] == ["A10", "A11"]
    assert found[0]["variant_sku"] is None and found[0]["field"] == "store"
    assert "store 'A' has 12 listings in this catalog and its limit is 10; this is listing 11" in found[0]["message"]
    assert found[0]["evidence"] == {"store": "A", "listings": 12, "limit": 10, "new_store": False, "position": 11}


def test_store_at_its_limit_passes():
    assert findings(store_rows("A", 10), ["CAT002"], rules={"CAT002": {"max-listings": 10}}) == []


def test_default_limits_are_1000_and_500_for_a_new_store():
    rows = store_rows("Old", 1000) + store_rows("New", 501, new="yes")
    found = findings(rows, ["CAT002"])
    assert [f["product_sku"] for f in found] == ["New500"]
    assert "(new store)" in found[0]["message"]


def test_one_new_flag_makes_the_store_new_and_limits_count_products_not_variants():
    rows = store_rows("S", 4) + [{"product_sku": "S0", "variant_sku": "S0-b", "title": "T", "store": "S"}]
    rows[0]["store_is_new"] = "TRUE"
    opts = {"max-listings": 10, "max-listings-new-store": 3}
    assert [f["product_sku"] for f in findings(rows, ["CAT002"], rules={"CAT002": opts})] == ["S3"]


def test_rows_without_store_are_not_counted():
    rows = store_rows("A", 3) + [{"product_sku": f"X{i}", "title": "T", "store": None} for i in range(5)]
    assert findings(rows, ["CAT002"], rules={"CAT002": {"max-listings": 3}}) == []


def variant(sku, color, size, image=None, product="P"):
    return {"product_sku": product, "variant_sku": sku, "title": "Shirt", "color": color, "size": size,
            "variant_image": image}


def test_same_colour_and_size_twice_fails_on_the_repeat():
    rows = [variant("P-1", "Red", "M"), variant("P-2", "red ", "m"), variant("P-3", "Blue", "M")]
    found = findings(rows, ["CAT003"])
    assert [(f["variant_sku"], f["field"]) for f in found] == [("P-2", "color")]
    assert "same colour 'red' and size 'm' as variant P-1;" in found[0]["message"]


def test_distinct_variants_pass():
    rows = [variant("P-1", "Red", "M"), variant("P-2", "Red", "L"), variant("Q-1", "Red", "M", product="Q")]
    assert findings(rows, ["CAT003"]) == []


def test_variants_without_colour_or_size_cannot_be_told_apart():
    rows = [variant("P-1", None, None), variant("P-2", None, None)]
    found = findings(rows, ["CAT003"])
    assert [f["variant_sku"] for f in found] == ["P-2"]
    assert "no colour and no size" in found[0]["message"]


def test_variant_image_on_some_variants_only_fails_on_the_others():
    rows = [variant("P-1", "Red", "M", "red.jpg"), variant("P-2", "Blue", "M", "blue.jpg"),
            variant("P-3", "Green", "M")]
    found = findings(rows, ["CAT003"])
    assert [(f["variant_sku"], f["field"]) for f in found] == [("P-3", "variant_image")]
    assert "2 of the product's 3 variants have one" in found[0]["message"]


def test_variant_images_on_all_or_none_pass():
    rows = [variant("P-1", "Red", "M", "r.jpg"), variant("P-2", "Blue", "M", "b.jpg"),
            variant("Q-1", "Red", "M", product="Q"), variant("Q-2", "Blue", "M", product="Q")]
    assert findings(rows, ["CAT003"]) == []


def test_catalog_without_variant_columns_is_not_checked():
    rows = [{"product_sku": "P", "variant_sku": "P-1", "title": "T"},
            {"product_sku": "P", "variant_sku": "P-2", "title": "T"}]
    assert findings(rows, ["CAT003"]) == []


def test_repeats_are_found_when_variants_share_a_row_number(tmp_path, isolated):
    # Joom API JSON Lines: every variant of a product comes from the same line.
    from listing_preflight.api import check_files

    line = ('{"id": "P1", "name": "Shirt", "variants": [{"sku": "P1-a", "color": "Red", "size": "M"}, '
            '{"sku": "P1-b", "color": "Red", "size": "M"}]}\n')
    (tmp_path / "p.jsonl").write_text(line, encoding="utf-8")
    report = check_files([tmp_path / "p.jsonl"])
    cat003 = report.findings.filter(report.findings["code"] == "CAT003")
    assert cat003["variant_sku"].to_list() == ["P1-b"]
    assert "as variant P1-a" in cat003["message"][0]


def test_repeat_with_colour_but_no_size_says_so():
    rows = [variant("P-1", "Black", None), variant("P-2", "Black", None)]
    found = findings(rows, ["CAT003"])
    assert "the same colour 'Black' and (no) size as variant P-1" in found[0]["message"]
