"""`preflight check --market-prices`: the reference reaches the JSON report; a bad file is exit 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from listing_preflight.cli import main

CATALOG = """Parent Unique ID,*Unique ID,*Product Name,Brand,Model,Category,GTIN,*Price,Currency
P1,P1-64,Xiaomi Redmi Note 13 8GB 256GB Smartphone,Xiaomi,Redmi Note 13,Smartphones,6941812756201,320,USD
P1,P1-128,Xiaomi Redmi Note 13 8GB 256GB Smartphone,Xiaomi,Redmi Note 13,Smartphones,6941812756202,1440,CNY
P2,P2-1,Anker PowerCore 10000mAh Portable Charger,Anker,A1263,Power Banks,,26,USD
"""

MARKET = """GTIN,Brand,Model,Title,Category,Price,Currency,Date
6941812756201,Xiaomi,Redmi Note 13,Xiaomi Redmi Note 13 8GB 256GB,Smartphones,200,USD,2025-05-01
6941812756202,,,,,205,USD,2025-05-01
,Anker,A1263,,,25,USD,2025-05-02
"""


def test_check_reports_the_market_reference_in_json(tmp_path):
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "market.csv").write_text(MARKET, encoding="utf-8")
    (tmp_path / "preflight.toml").write_text('currency = "USD"\n[rates]\nCNY = 7.2\n', encoding="utf-8")
    result = CliRunner().invoke(main, [
        "check", str(tmp_path / "catalog.csv"), "--market-prices", str(tmp_path / "market.csv"),
        "--config", str(tmp_path / "preflight.toml"), "--select", "PRC002", "--format", "json"])
    assert result.exit_code == 0, result.output  # a warning does not fail the default gate
    report = json.loads(result.stdout)
    products = {p["product_sku"]: p for p in report["products"]}
    assert products["P1"]["verdict"] == "review-likely" and products["P2"]["verdict"] == "pass"
    findings = products["P1"]["findings"]
    assert [f["variant_sku"] for f in findings] == ["P1-64"]  # 1440 CNY = 200 USD is in range
    assert findings[0]["value"] == 60.0
    assert findings[0]["evidence"]["reference"] == "market-gtin"
    assert findings[0]["evidence"]["reference_price"] == 200.0


def test_unusable_market_file_is_a_usage_error(tmp_path):
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "market.csv").write_text("sku,cost\na,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, [
        "check", str(tmp_path / "catalog.csv"), "--market-prices", str(tmp_path / "market.csv"),
        "--select", "PRC002"])
    assert result.exit_code == 2
    assert "no price column" in result.output
    assert "Traceback" not in result.output
