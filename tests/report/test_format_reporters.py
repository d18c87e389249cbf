"""The junit, sarif, github, html and xlsx reporters, on a real Joom-template catalog.

Golden files live in tests/report/golden/; after an intended change of output, regenerate
them with `UPDATE_GOLDEN=1 pytest tests/report` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from catalog_factory import EXPECTED, PRODUCTS, RULES, write_csv, write_xlsx
from cli_run import run_cli
from listing_preflight import __version__

GOLDEN = Path(__file__).parent / "golden"


def normalise(text: str) -> str:
    """Take out what legitimately differs between runs: the tool version."""
    return text.replace(__version__, "<version>")


@pytest.fixture
def catalog(isolated: Path) -> Path:
    write_csv(isolated / "catalog.csv")
    return Path("catalog.csv")  # relative, so reports name it the same on every machine


def golden_report():
    """A fixed Report (its own rules, findings and verdicts), so that golden files test the
    reporters only and do not change when a rule's wording or documentation does."""
    import polars as pl

    from listing_preflight.results import Report
    from listing_preflight.model import FINDINGS_SCHEMA, Rule, RuleSettings, RunStats, Severity

    def rule(code: str, name: str, severity: Severity, doc: str, review: bool = False) -> Rule:
        def func() -> None: ...
        func.__doc__ = doc
        return Rule(code=code, name=name, group="title", severity=severity, kind="row",
                    scope="product", func=func, review_only=review)

    rules = {
        "TTL002": rule("TTL002", "title-too-long", Severity.ERROR,
                       "The title is too long.\n\nWhy:\n    Joom cuts it at 150 characters."),
        "PRC002": rule("PRC002", "price-deviation", Severity.WARNING,
                       "The price is far from the market average.", review=True),
        "TTL013": rule("TTL013", "title-symbols", Severity.INFO, "The title has symbols <like> & these."),
    }
    settings = {code: RuleSettings(severity=r.severity) for code, r in rules.items()}
    findings = pl.DataFrame(
        [
            ("TTL002", "title-too-long", "error", "P<1>", None, 2, "title",
             "title has 163 characters, the limit is 150; shorten it (it starts '<b>50% off, Hot:\nNew')",
             163.0, None, "shop/catalog.csv"),
            ("TTL013", "title-symbols", "info", "P<1>", None, 2, "title",
             "title contains '!!!'; remove decorative symbols", None, None, "shop/catalog.csv"),
            ("PRC002", "price-deviation", "warning", "P 3", "P 3-RED", 5, "price",
             "price 2.00 USD is 80% below the market average 10.00 USD; check it",
             -0.8, '{"market":10.0}', "shop/catalog.csv"),
            ("TTL002", "title-too-long", "error", "X-9", None, 7, "title",
             "title has 151 characters, the limit is 150; shorten it (it starts 'Plain')",
             151.0, None, "shop/more.xlsx"),
        ],
        schema={"code": pl.String, "name": pl.String, **{k: v for k, v in FINDINGS_SCHEMA.items()
                                                       if k != "code"}},
        orient="row",
    )
    products = pl.DataFrame(
        [("P<1>", 2, "shop/catalog.csv", "reject-likely", 0.8),
         ("P2", 3, "shop/catalog.csv", "pass", 0.0),
         ("P 3", 4, "shop/catalog.csv", "review-likely", 0.25),
         ("X-9", 7, "shop/more.xlsx", "reject-likely", 0.8)],
        schema={"product_sku": pl.String, "row": pl.Int64, "source": pl.String,
                "verdict": pl.String, "risk": pl.Float64},
        orient="row",
    )
    stats = RunStats(products=4, variants=5, images=6, skipped_rules={"IMG006": "no main_image column"})
    return Report(findings=findings, products=products, rules=rules, settings=settings,
                  stats=stats, profile="joom")


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "junit", "sarif", "github", "html"])
def test_golden_output(fmt: str, tmp_path: Path) -> None:
    from listing_preflight.report import RenderOptions, render

    render(golden_report(), fmt, str(tmp_path / "out"), RenderOptions())
    got = normalise((tmp_path / "out").read_text(encoding="utf-8"))
    golden = GOLDEN / f"report.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_report_files_are_written_and_stdout_stays_clean(catalog: Path) -> None:
    status, out, _ = run_cli("check", str(catalog), "--select", RULES, "--report", "junit:out/r.xml",
                             "--report", "sarif:out/r.sarif", "--report", "html:out/r.html",
                             "--report", "xlsx:out/r.xlsx", "--quiet")
    assert status == 1
    assert out == ""
    assert sorted(p.name for p in Path("out").iterdir()) == ["r.html", "r.sarif", "r.xlsx", "r.xml"]


# ------------------------------------------------------------------------------------ JUnit

def test_junit_has_a_case_per_product_failing_only_at_or_above_fail_on(catalog: Path) -> None:
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--format", "junit")
    root = ET.fromstring(out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {p[0] for p in PRODUCTS}  # passing products are test cases too
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == {sku for sku, _code in EXPECTED}
    assert root.get("tests") == str(len(PRODUCTS)) and root.get("failures") == str(len(failed))
    failure = cases["P05"].find("failure")
    assert failure.get("type") == "error" and "'abc'" in failure.get("message")
    assert cases["P05"].get("line") == "8" and cases["P05"].get("file") == "catalog.csv"


def test_junit_warnings_fail_only_under_fail_on_warning(isolated: Path) -> None:
    products = [("P1", "Wooden Toy Car", "t", "Toys", [("P1-1", "", "", "1.00")], "a.jpg"),
                ("P2", "Wooden Toy Train for Kids Age 3", "t", "Toys", [("P2-1", "", "", "1.00")], "b.jpg")]
    write_csv(isolated / "c.csv", products=products)
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL003", "--format", "junit")
    root = ET.fromstring(out)
    p1 = next(c for c in root.iter("testcase") if c.get("name") == "P1")
    assert p1.find("failure") is None and "TTL003" in p1.find("system-out").text
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL003", "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(out)
    p1 = next(c for c in root.iter("testcase") if c.get("name") == "P1")
    assert p1.find("failure").get("type") == "warning" and root.get("failures") == "1"


def test_junit_lists_skipped_rules_as_skipped(catalog: Path) -> None:
    _, out, _ = run_cli("check", str(catalog), "--select", "TTL001,CAT", "--format", "junit")
    root = ET.fromstring(out)
    rules = next(s for s in root.iter("testsuite") if s.get("name") == "rules")
    case = rules.find("testcase")
    assert case.get("name").startswith("CAT002") and "store" in case.find("skipped").get("message")
    assert root.get("skipped") == "1"


def test_junit_stays_parseable_with_control_characters_in_the_catalog(isolated: Path) -> None:
    products = [("P1", "Bad\x01Title " + "x" * 160, "t", "Toys", [("P1-1", "", "", "1.00")], "a.jpg")]
    write_csv(isolated / "c.csv", products=products)
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL002", "--format", "junit")
    failure = ET.fromstring(out).find(".//failure")
    assert "Bad\ufffdTitle" in failure.get("message")


# ------------------------------------------------------------------------------------ SARIF

def test_sarif_is_a_consistent_2_1_0_log(catalog: Path) -> None:
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--format", "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES.split(","))
    assert all(r["defaultConfiguration"]["level"] in {"error", "warning", "note"} for r in rules)
    results = run["results"]
    assert len(results) == len(EXPECTED)
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "catalog.csv"
        assert location["physicalLocation"]["region"]["startLine"] == result["properties"]["row"]
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith(
            result["properties"]["product_sku"])
        assert re.fullmatch(r"[0-9a-f]{16}", result["partialFingerprints"]["preflightFinding/v1"])
    assert run["artifacts"] == [{"location": {"uri": "catalog.csv"}}]


def test_sarif_has_no_line_for_a_spreadsheet(isolated: Path) -> None:
    write_xlsx(isolated / "catalog.xlsx")
    _, out, _ = run_cli("check", "catalog.xlsx", "--select", RULES, "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert len(results) == len(EXPECTED)
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "catalog.xlsx"
        assert "region" not in physical  # an XLSX has rows, not lines
        assert result["properties"]["row"] >= 2


# ------------------------------------------------------------------------------------ GitHub

def test_github_annotations_escape_newlines_percent_and_separators(isolated: Path) -> None:
    products = [("P,1", "50% off: best\nprice " + "y" * 160, "t", "Toys", [("V:1", "", "", "1.00")], "a.jpg")]
    write_csv(isolated / "c.csv", products=products)
    status, out, _ = run_cli("check", "c.csv", "--select", "TTL002", "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2 and lines[-1].startswith("::notice title=listing-preflight::")
    assert lines[0].startswith("::error file=c.csv,line=2,title=TTL002 title-too-long::P,1 title: ")
    assert "50%25 off: best%0Aprice" in lines[0]


def test_github_on_a_spreadsheet_names_the_row_in_the_message(isolated: Path) -> None:
    write_xlsx(isolated / "catalog.xlsx")
    _, out, _ = run_cli("check", "catalog.xlsx", "--select", "TTL001", "--format", "github")
    assert out.splitlines()[0] == (
        "::error file=catalog.xlsx,title=TTL001 title-missing::P03 title (row 6): "
        + out.splitlines()[0].split("(row 6): ", 1)[1])
    assert "line=" not in out


# ------------------------------------------------------------------------------------ HTML

def test_html_escapes_catalog_text_and_is_self_contained(isolated: Path) -> None:
    products = [("<b>P1</b>", "</script><script>alert(1)</script> " + "z" * 160, "t", "Toys",
                 [("P1-1", "", "", "1.00")], "a.jpg"),
                ("P2", "Plain good title for a toy", "t", "Toys", [("P2-1", "", "", "1.00")], "b.jpg")]
    write_csv(isolated / "c.csv", products=products)
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL002", "--format", "html")
    assert "<script>alert" not in out and "</script><script>" not in out
    assert "<b>P1</b>" not in out and "&lt;b&gt;P1&lt;/b&gt;" in out  # the worst-products list
    assert out.count("<script>") == 1  # only the page's code (data blobs are not executed)
    assert not re.search(r'(src|href)="(https?:)?//', out)  # no external resources
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', out, re.S).group(1))
    assert [p["s"] for p in data["products"]] == ["<b>P1</b>", "P2"]  # worst first, both listed
    assert data["products"][0]["t"].startswith("</script><script>alert(1)")


def test_html_in_chinese(catalog: Path) -> None:
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--format", "html", "--lang", "zh")
    assert '<html lang="zh">' in out and "可能被拒" in out


# ------------------------------------------------------------------------------------ XLSX

def _marked_cells(path: Path) -> dict[str, tuple[str, str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return {cell.coordinate: (cell.value, cell.fill.fgColor.rgb, cell.comment.text)
            for row in sheet.iter_rows() for cell in row if cell.comment}


def test_xlsx_of_a_csv_marks_the_offending_cells_and_appends_verdict_and_findings(isolated: Path) -> None:
    import openpyxl

    name = write_csv(isolated / "c.csv", "gb18030").name
    status, _, err = run_cli("check", name, "--select", RULES, "--format", "xlsx", "--output", "r.xlsx")
    assert status == 1, err
    marked = _marked_cells(isolated / "r.xlsx")
    # The catalog's own columns keep their places: B title, I price, ...
    assert set(marked) == {"B6", "B7", "I8", "L10", "E11", "E12", "D13"}
    assert marked["I8"][0] == "abc" and marked["I8"][1] == "FFFFC7CE"
    assert marked["I8"][2].startswith("PRC001 error: price 'abc'")
    book = openpyxl.load_workbook(isolated / "r.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["Parent Unique ID", "*Product Name"]
    assert headers[15:18] == ["preflight verdict", "preflight findings", "source row"]
    assert sheet["P6"].value == "reject likely" and sheet["P6"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["P3"].value == "pass" and sheet["Q6"].value.startswith("TTL001 error")
    assert sheet.max_row == 1 + sum(len(p[4]) for p in PRODUCTS)
    findings = book["Findings"]
    assert findings.max_row == 1 + len(EXPECTED)
    links = {findings.cell(r, 10).hyperlink.location for r in range(2, findings.max_row + 1)}
    assert f"'{sheet.title}'!I8" in links


def test_xlsx_is_not_written_to_stdout(catalog: Path) -> None:
    status, out, err = run_cli("check", str(catalog), "--format", "xlsx")
    assert status == 2 and out == ""
    assert "binary" in err and "--output" in err and "Traceback" not in err


def test_xlsx_write_is_atomic_and_leaves_no_temporary_files(catalog: Path) -> None:
    Path("r.xlsx").write_bytes(b"old")
    run_cli("check", str(catalog), "--select", RULES, "--format", "xlsx", "--output", "r.xlsx")
    assert Path("r.xlsx").read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in Path(".").iterdir()) == ["catalog.csv", "r.xlsx"]


def test_xlsx_points_a_multi_column_field_at_the_column_holding_the_image() -> None:
    from listing_preflight.io.columns import ColumnMapping
    from listing_preflight.report.xlsx_report import _column_for

    mapping = ColumnMapping(preset="joom-csv", single={"title": "*Product Name"},
                            multi={"extra_images": ["Extra Image URL", "Extra Image URL 1"]})
    cells = {"Extra Image URL": "a.jpg", "Extra Image URL 1": "b.jpg"}
    rec = {"field": "extra_images", "evidence": json.dumps({"image": "b.jpg"})}
    assert _column_for(rec, mapping, list(cells), cells) == "Extra Image URL 1"
    assert _column_for({**rec, "evidence": None}, mapping, list(cells), cells) == "Extra Image URL"
    assert _column_for({"field": "title", "evidence": None}, mapping, [], {}) == "*Product Name"
    assert _column_for({"field": None, "evidence": None}, mapping, [], {}) is None


def test_sarif_and_github_lines_follow_records_spanning_several_lines(isolated: Path) -> None:
    products = [("P1", "Two\nline title", "t", "Toys", [("P1-1", "", "", "1.00")], "a.jpg"),
                ("P2", "w" * 160, "t", "Toys", [("P2-1", "", "", "1.00")], "b.jpg")]
    write_csv(isolated / "c.csv", products=products)
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL002", "--format", "sarif")
    result = json.loads(out)["runs"][0]["results"][0]
    # Row 3 is the second record; the first record takes lines 2-4 (title and description
    # each hold a newline), so it starts on line 5.
    assert result["properties"]["row"] == 3
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 5}
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL002", "--format", "github")
    assert out.startswith("::error file=c.csv,line=5,")


def test_xlsx_marks_the_variant_row_of_a_json_lines_catalog(isolated: Path) -> None:
    lines = [{"sku": "P1", "name": "Plain title for a product", "mainImage": "a.jpg",
              "variants": [{"sku": "P1-A", "price": "1.00"}, {"sku": "P1-B", "price": "abc"}]}]
    (isolated / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    status, _, err = run_cli("check", "c.jsonl", "--select", "PRC001", "--format", "xlsx", "--output", "r.xlsx")
    assert status == 1, err
    import openpyxl

    sheet = openpyxl.load_workbook("r.xlsx").worksheets[0]
    headers = [c.value for c in sheet[1]]
    price = headers.index("variants.price") + 1
    marked = _marked_cells(isolated / "r.xlsx")
    assert list(marked) == [sheet.cell(3, price).coordinate]  # the second variant's row
    assert sheet.cell(3, price).value == "abc"
