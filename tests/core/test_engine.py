"""Engine behaviour: verdicts, risk, ordering, waivers, columns mapping."""

from __future__ import annotations

import pytest

from listing_preflight.api import catalog_from_rows, check_rows
from listing_preflight.config import build_config
from listing_preflight.engine import run
from listing_preflight.model import ConfigError

GOOD = {"product_sku": "P1", "variant_sku": "P1-A", "title": "Anker Power Bank 10000mAh",
        "price": "19.99", "main_image": "a.jpg"}


def test_every_product_gets_a_verdict_even_when_clean():
    """Passing products appear with verdict pass and risk 0."""
    report = check_rows([GOOD, {**GOOD, "product_sku": "P2", "variant_sku": "P2-A", "title": None}],
                        select=["TTL001"])
    assert [("P1", "pass", 0.0), ("P2", "reject-likely", 0.99)] == \
        list(report.products.select("product_sku", "verdict", "risk").iter_rows())


def test_variant_findings_belong_to_their_product():
    """A bad price on the second variant is reported on that variant's row."""
    rows = [GOOD, {**GOOD, "variant_sku": "P1-B", "price": "free"}]
    report = check_rows(rows, select=["PRC001"])
    assert [("P1", "P1-B", 3, "PRC001")] == report.flatten(("product_sku", "variant_sku", "row", "code"))


def test_product_level_rules_report_once_per_product():
    """A product with three variants and no title has one TTL001 finding, on its first row."""
    rows = [{**GOOD, "variant_sku": f"P1-{i}", "title": None} for i in range(3)]
    assert [(2, "TTL001")] == check_rows(rows, select=["TTL001"]).flatten()


def test_severity_override_changes_the_verdict():
    """A rule configured as warning no longer makes the product reject-likely."""
    report = check_rows([{**GOOD, "title": None}], select=["TTL001"],
                        rules={"TTL001": {"severity": "warning"}})
    assert ("warning", "pass") == (report.findings["severity"][0], report.products["verdict"][0])


def test_sku_waiver_needs_a_reason_and_drops_the_finding():
    """`allow` entries with a SKU waive that product's findings of the named rule."""
    rows = [{**GOOD, "title": None}]
    waived = check_rows(rows, select=["TTL001"],
                        config={"allow": [{"sku": "P1", "rules": ["TTL001"], "reason": "title added in ERP"}]})
    assert waived.findings.is_empty()
    with pytest.raises(ConfigError, match="needs a reason"):
        check_rows(rows, select=["TTL001"], config={"allow": [{"sku": "P1", "rules": ["TTL001"]}]})


def test_rule_needing_an_absent_column_is_skipped_unless_selected_by_code():
    """A rule whose input column is absent is skipped by default, an error when named exactly."""
    rows = [{"product_sku": "P1", "title": "Lamp"}]
    report = check_rows(rows, select=["PRC"])
    assert "PRC001" in report.stats.skipped_rules
    with pytest.raises(ConfigError, match="no price column"):
        check_rows(rows, select=["PRC001"])


def test_findings_are_ordered_by_product_then_severity_then_code():
    """Deterministic order: input product order, errors first, then code."""
    rows = [{**GOOD, "product_sku": "B", "variant_sku": "B1", "title": None, "price": "x"},
            {**GOOD, "product_sku": "A", "variant_sku": "A1", "main_image": None}]
    report = check_rows(rows, select=["TTL001", "PRC001", "IMG001"])
    assert [("B", "PRC001"), ("B", "TTL001"), ("A", "IMG001")] == report.flatten(("product_sku", "code"))


def test_exit_status_follows_fail_on():
    """fail-on error/warning/never."""
    report = check_rows([{**GOOD, "title": None}], select=["TTL001"], rules={"TTL001": {"severity": "warning"}})
    assert (0, 1, 0) == (report.exit_status("error"), report.exit_status("warning"), report.exit_status("never"))


def test_columns_mapping_from_config():
    """[columns] maps arbitrary headers onto canonical names."""
    catalog_rows = [{"Artikel": "X1", "Bezeichnung": None, "Preis": "3"}]
    from listing_preflight.io.columns import resolve_mapping

    mapping = resolve_mapping(["Artikel", "Bezeichnung", "Preis"],
                              {"variant_sku": "Artikel", "title": "Bezeichnung", "price": "Preis"})
    assert {"variant_sku": "Artikel", "title": "Bezeichnung", "price": "Preis"} == mapping.single
    assert catalog_rows  # the mapping alone is the subject here


def test_run_on_catalog_from_rows_counts():
    """Stats count products, variants and image references."""
    rows = [GOOD, {**GOOD, "variant_sku": "P1-B"}, {**GOOD, "product_sku": "P2", "variant_sku": "P2-A",
                                                    "extra_images": "b.jpg|c.jpg"}]
    report = run(catalog_from_rows(rows), build_config(flags={"select": ["TTL001"]}))
    assert (2, 3) == (report.stats.products, report.stats.variants)
