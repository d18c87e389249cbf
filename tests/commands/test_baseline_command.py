"""`preflight baseline` and `check --baseline`: accepted findings stay accepted when rows move."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from catalog_factory import EXPECTED, LONG_TITLE, PRODUCTS, RULES, write_csv
from cli_run import run_cli
from listing_preflight.baseline import apply_baseline, fingerprint, normalise_message
from listing_preflight.model import ConfigError


def findings_of(*args: str) -> set[tuple[str, str]]:
    status, out, err = run_cli("check", *args, "--select", RULES, "--format", "json")
    assert status in (0, 1), err
    return {(p["product_sku"], f["code"]) for p in json.loads(out)["products"] for f in p["findings"]}


@pytest.fixture
def baselined(isolated: Path) -> Path:
    write_csv(isolated / "catalog.csv")
    status, out, err = run_cli("baseline", "catalog.csv", "--select", RULES, "-o", "accepted.json")
    assert status == 0 and out == "", err
    assert "recorded 7 accepted findings of 7 products in accepted.json" in err
    return isolated


def test_baseline_records_every_finding_and_check_then_passes(baselined: Path) -> None:
    document = json.loads(Path("accepted.json").read_text(encoding="utf-8"))
    assert document["schema"] == 1
    assert {(e["product_sku"], e["code"]) for e in document["findings"]} == EXPECTED
    assert findings_of("catalog.csv") == EXPECTED
    assert findings_of("catalog.csv", "--baseline", "accepted.json") == set()
    status, _, _ = run_cli("check", "catalog.csv", "--select", RULES, "--baseline", "accepted.json")
    assert status == 0


def test_row_shifts_and_reordering_do_not_revive_accepted_findings(baselined: Path) -> None:
    newcomer = ("N01", "A brand new clean product title", "t", "Toys", [("N01-1", "", "", "2.00")], "n.jpg")
    write_csv(Path("catalog.csv"), products=[newcomer, *reversed(PRODUCTS)])
    assert findings_of("catalog.csv", "--baseline", "accepted.json") == set()


def test_a_changed_value_and_a_new_product_are_reported(baselined: Path) -> None:
    changed = [p if p[0] != "P04" else (p[0], LONG_TITLE + " Extra Long Edition", *p[2:]) for p in PRODUCTS]
    broken = ("N02", "", "t", "Toys", [("N02-1", "", "", "2.00")], "n.jpg")
    write_csv(Path("catalog.csv"), products=[*changed, broken])
    assert findings_of("catalog.csv", "--baseline", "accepted.json") == {("P04", "TTL002"), ("N02", "TTL001")}


def test_baseline_from_the_config_file_and_the_command_ignores_it(baselined: Path) -> None:
    Path("preflight.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    assert findings_of("catalog.csv") == set()
    # Re-recording must not lose what the old baseline accepted.
    status, _, err = run_cli("baseline", "catalog.csv", "--select", RULES, "-o", "again.json")
    assert status == 0, err
    assert Path("again.json").read_bytes() == Path("accepted.json").read_bytes()  # deterministic


@pytest.mark.parametrize("content, says", [
    ("{", "is not valid JSON"),
    ('{"schema": 9, "findings": []}', "schema 9"),
    ('{"schema": 1}', 'no "findings" list'),
    ('{"schema": 1, "findings": [{"product_sku": "P1"}]}', "entry 1 needs product_sku, code and fingerprint"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
])
def test_a_bad_baseline_is_a_clear_configuration_error(isolated: Path, content: str | bytes, says: str) -> None:
    write_csv(isolated / "catalog.csv")
    path = isolated / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    status, out, err = run_cli("check", "catalog.csv", "--select", RULES, "--baseline", "bad.json")
    assert status == 2 and out == ""
    assert err.startswith("preflight: error: baseline file bad.json") and says in err


def test_a_missing_baseline_says_how_to_create_it(isolated: Path) -> None:
    write_csv(isolated / "catalog.csv")
    status, _, err = run_cli("check", "catalog.csv", "--baseline", "nope.json")
    assert status == 2 and "preflight baseline" in err


def test_baseline_exit_statuses(isolated: Path) -> None:
    assert run_cli("baseline", "missing.csv", "-o", "b.json")[0] == 3
    write_csv(isolated / "catalog.csv")
    status, _, err = run_cli("baseline", "catalog.csv", "--select", "NOPE999", "-o", "b.json")
    assert status == 2 and "NOPE999" in err
    assert run_cli("baseline", "catalog.csv")[0] == 2  # -o is required
    assert not Path("b.json").exists()


def test_fingerprint_ignores_row_references_but_not_values() -> None:
    a = "SKU 'X' is used on 2 rows (rows 2, 9); give every variant its own SKU"
    b = "SKU 'X' is used on 2 rows (rows 14, 31); give every variant its own SKU"
    assert normalise_message(a) == normalise_message(b)
    assert fingerprint("CAT001", "variant_sku", a) == fingerprint("CAT001", "variant_sku", b)
    assert fingerprint("TTL002", "title", "title has 163 characters") != \
        fingerprint("TTL002", "title", "title has 170 characters")


def test_apply_baseline_matches_null_variant_skus(tmp_path: Path) -> None:
    findings = pl.DataFrame({
        "code": ["TTL001", "PRC001"], "product_sku": ["P1", "P1"], "variant_sku": [None, "P1-A"],
        "field": ["title", "price"], "message": ["title is missing", "price 'x' is not a number"],
    }, schema_overrides={"variant_sku": pl.String})
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"schema": 1, "findings": [
        {"product_sku": "P1", "variant_sku": None, "code": "TTL001",
         "fingerprint": fingerprint("TTL001", "title", "title is missing")}]}), encoding="utf-8")
    kept = apply_baseline(findings, path)
    assert kept["code"].to_list() == ["PRC001"] and kept.columns == findings.columns
    with pytest.raises(ConfigError):
        apply_baseline(findings, tmp_path / "missing.json")
