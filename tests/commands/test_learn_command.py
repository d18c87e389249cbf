"""`preflight learn`: predictions against the platform's verdicts, and the calibration file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_factory import RULES, write_csv
from cli_run import run_cli
from listing_preflight.calibration import load_rates, map_reason, status_is_rejected
from listing_preflight.model import ConfigError


# The platform rejected P03 (no title: we predicted it), P05 by a variant SKU (price: predicted),
# P07 as a duplicate (predicted by CAT001), P10 for a watermark (we have no finding: a miss),
# and P12 for a reason we cannot map. Everything else was accepted.
REJECTIONS = ("SKU,Reason\n"
              "P03,Incorrect product name\n"
              "P05-A,Unreasonable price\n"
              "P07,Duplicate product\n"
              "P10,Watermark on the main image\n"
              "P12,Other\n"
              "GONE-1,Prohibited product\n")


@pytest.fixture
def learned(isolated: Path) -> tuple[str, str]:
    write_csv(isolated / "catalog.csv")
    (isolated / "rejections.csv").write_text(REJECTIONS, encoding="utf-8")
    status, out, err = run_cli("learn", "--catalog", "catalog.csv", "--rejections", "rejections.csv",
                               "--select", RULES, "-o", "cal.json")
    assert status == 0, err
    return out, err


def test_learn_prints_precision_and_recall(learned: tuple[str, str]) -> None:
    out, err = learned
    # 12 products; rejected: P03 P05 P07 P10 P12; predicted reject-likely: P03..P09 (7).
    assert "12 products with a platform verdict: 5 rejected; we predicted 7 reject-likely" in out
    assert "precision 42.9%, recall 60.0% (caught 3, false alarms 4, missed 2)" in out
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line[:6].isalnum() and line[:3].isupper()}
    assert lines["TTL001"][2:7] == ["1", "1", "100.0%", "100.0%", "0.667"]
    assert lines["CAT001"][2:7] == ["2", "1", "50.0%", "100.0%", "0.500"]
    assert lines["IMG001"][2:7] == ["1", "0", "0.0%", "n/a", "0.333"]
    assert "IMG007   rejected    1  caught    0" in out  # the watermark we missed
    assert "'Other' x1" in out
    assert "1 SKUs of the report are not in the catalog (e.g. GONE-1)" in err


def test_calibration_file_has_smoothed_rates_with_counts(learned: tuple[str, str]) -> None:
    document = json.loads(Path("cal.json").read_text(encoding="utf-8"))
    assert document["rules"]["PRC001"] == {"rate": 0.6667, "fired": 1, "rejected": 1, "attributed": 1}
    assert document["rules"]["CAT004"] == {"rate": 0.3333, "fired": 1, "rejected": 0, "attributed": 0}
    assert load_rates(Path("cal.json"))["CAT001"] == 0.5


def test_check_uses_the_calibration_through_the_config(learned: tuple[str, str]) -> None:
    def risks(*extra: str) -> dict[str, float]:
        status, out, _ = run_cli("check", "catalog.csv", "--select", RULES, "--format", "json", *extra)
        return {p["product_sku"]: p["risk"] for p in json.loads(out)["products"]}

    before = risks()
    Path("calibrated.toml").write_text('calibration = "cal.json"\n', encoding="utf-8")
    after = risks("--config", "calibrated.toml")
    assert before["P09"] > 0.9 and after["P09"] == pytest.approx(0.3333, abs=1e-4)  # CAT004
    assert after["P03"] == pytest.approx(0.6667, abs=1e-4) and after["P01"] == 0.0


def test_xlsx_report_with_chinese_headers_and_a_status_column(isolated: Path) -> None:
    import xlsxwriter

    write_csv(isolated / "catalog.csv")
    book = xlsxwriter.Workbook(str(isolated / "rej.xlsx"))
    sheet = book.add_worksheet()
    for r, row in enumerate([("商品SKU", "审核状态", "拒绝原因"), ("P03", "未通过", "标题不符合要求"),
                             ("P01", "通过", ""), ("P02", "审核通过", "")]):
        for c, v in enumerate(row):
            sheet.write_string(r, c, v)
    book.close()
    status, out, err = run_cli("learn", "--catalog", "catalog.csv", "--rejections", "rej.xlsx",
                               "--select", RULES, "-o", "cal.json")
    assert status == 0, err
    # With a status column, products missing from the report are unknown, not accepted.
    assert "3 products with a platform verdict: 1 rejected; we predicted 1 reject-likely" in out
    assert "TTL      rejected    1  caught    1" in out


@pytest.mark.parametrize("report, says", [
    ("Name,Comment\nP03,bad\n", "cannot tell which column holds the sku column"),
    ("SKU,Reason\nNOPE,x\n", "none of the 1 SKUs"),
    # The SKU is in the catalog, but no status reads as rejected or approved.
    ("SKU,Status,Reason\nP03,Weird,x\n", "no status in r.csv reads as rejected or approved (e.g. 'Weird')"),
])
def test_unusable_rejection_reports_are_usage_errors(isolated: Path, report: str, says: str) -> None:
    write_csv(isolated / "catalog.csv")
    (isolated / "r.csv").write_text(report, encoding="utf-8")
    status, _, err = run_cli("learn", "--catalog", "catalog.csv", "--rejections", "r.csv", "--select", RULES)
    assert status == 2 and says in err
    assert not Path("preflight-calibration.json").exists()


def test_unreadable_inputs_exit_3(isolated: Path) -> None:
    write_csv(isolated / "catalog.csv")
    assert run_cli("learn", "--catalog", "catalog.csv", "--rejections", "missing.csv")[0] == 3
    assert run_cli("learn", "--catalog", "missing.csv", "--rejections", "catalog.csv")[0] == 3


@pytest.mark.parametrize("content, says", [
    ("[1]", 'no "rules" table'),
    ('{"schema": 1, "rules": {"TTL001": {"rate": 1.5}}}', "rate between 0 and 1"),
    ('{"schema": 1, "rules": {"bogus": {"rate": 0.5}}}', "rate between 0 and 1"),
    ("not json", "not valid JSON"),
])
def test_a_bad_calibration_file_stops_check_with_exit_2(isolated: Path, content: str, says: str) -> None:
    write_csv(isolated / "catalog.csv")
    (isolated / "cal.json").write_text(content, encoding="utf-8")
    (isolated / "c.toml").write_text('calibration = "cal.json"\n', encoding="utf-8")
    status, _, err = run_cli("check", "catalog.csv", "--config", "c.toml")
    assert status == 2 and says in err
    with pytest.raises(ConfigError):
        load_rates(isolated / "cal.json")


@pytest.mark.parametrize("reason, codes", [
    ("Misleading Info", ["PRC003", "TRM005", "TTL007"]),
    ("Prohibited on Joom", ["CMP001", "TRM001"]),
    ("Trademark infringement (brand)", ["SIM001", "TRM002"]),
    ("Watermark on image", ["IMG007"]),  # the specific code, not the whole IMG family
    ("Bad image quality", ["IMG"]),
    ("商品标题含有侵权品牌", ["SIM001", "TRM002", "TTL"]),
    ("Something else entirely", []),
])
def test_reason_table(reason: str, codes: list[str]) -> None:
    assert map_reason(reason) == codes


def test_status_texts() -> None:
    assert status_is_rejected("Rejected") is True
    assert status_is_rejected("未通过") is True  # "not passed" contains "passed"
    assert status_is_rejected("Approved") is False
    assert status_is_rejected("pending") is None
