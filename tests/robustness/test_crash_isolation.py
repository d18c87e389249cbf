"""No crash looks like a result: native panics, failing rules and full disks (issue 14, item 1)."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from catalog_factory import write_csv
from cli_run import run_cli

from listing_preflight import registry

PANIC_CONFIG = """[columns]
product_sku = "uniq_id"
title = "product_name"
price = "discounted_price"
msrp = "retail_price"
"""


def write_msrp_catalog(path: Path) -> Path:
    """A 499-row export shaped like repro/msrp-panic.csv: 500-char descriptions, a few fake discounts.

    With this seed, polars 2.1.0's `pl.format` over PRC003's violating rows panics
    ("assertion failed: i < self.len()"); PRC003 must give its findings all the same.
    """
    rng = random.Random(4)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["uniq_id", "product_name", "discounted_price", "retail_price", "description"])
        for i in range(499):
            msrp = rng.choice([499, 999, 1999, 2999, 3499, rng.randint(1000, 40000)])
            cut = rng.uniform(0.12, 0.19) if rng.random() < 0.012 else rng.uniform(0.3, 0.95)
            price: int | str = int(msrp * cut)
            if i in (12, 21, 76):
                price = msrp = ""
            out.writerow([f"P{i}", f"Item {i}", price, msrp, "x" * 500])
    return path


def test_prc003_on_the_panic_catalog_reports_its_findings(isolated: Path) -> None:
    catalog = write_msrp_catalog(isolated / "msrp.csv")
    (isolated / "panic.toml").write_text(PANIC_CONFIG)
    status, _, err = run_cli("check", str(catalog), "--config", "panic.toml", "--select", "PRC003",
                             "--format", "json", "--output", "r.json")
    doc = json.loads((isolated / "r.json").read_text())
    assert doc["failed"] == {}, err
    assert status == 0  # PRC003 is a warning; --fail-on error
    assert doc["summary"]["by_rule"]["PRC003"] >= 3
    messages = [f["message"] for p in doc["products"] for f in p["findings"]]
    assert all("discount" in m for m in messages)


def test_repro_file_when_present(isolated: Path) -> None:
    repro = Path("/work/shared/repro/msrp-panic.csv")
    if not repro.exists():
        pytest.skip("the shared repro file is not on this machine")
    (isolated / "panic.toml").write_text(PANIC_CONFIG)
    status, _, _ = run_cli("check", str(repro), "--config", "panic.toml", "--select", "PRC003",
                           "--format", "json", "--output", "r.json")
    assert status == 0
    assert json.loads((isolated / "r.json").read_text())["summary"]["by_rule"]["PRC003"] == 6


def _broken(code: str, func):
    """The registered rule `code` with its function replaced by `func` (docstring kept)."""
    original = registry.REGISTRY[code]
    func.__doc__ = original.func.__doc__
    return dataclasses.replace(original, func=func)


@pytest.fixture
def failing_rules(monkeypatch):
    """TTL001 panics while its expressions are built; TTL002 fails only when collected."""

    def panics(opts=None):
        raise pl.exceptions.PanicException("assertion failed: i < self.len()")

    def fails_late(opts=None):
        from listing_preflight.model import Check
        # A strict cast of a title to a number fails inside polars, at collect time.
        return Check(violates=pl.col("title").cast(pl.Int64) > 0, message=pl.lit("x"))

    monkeypatch.setitem(registry.REGISTRY, "TTL001", _broken("TTL001", panics))
    monkeypatch.setitem(registry.REGISTRY, "TTL002", _broken("TTL002", fails_late))


FORMATS = {"json": "r.json", "text": "r.txt", "csv": "r.csv", "junit": "r.xml",
           "sarif": "r.sarif", "github": "r.gh", "html": "r.html", "xlsx": "r.xlsx"}


def test_a_failing_rule_is_isolated_and_listed_in_every_format(isolated: Path, failing_rules) -> None:
    catalog = write_csv(isolated / "cat.csv")
    args = ["check", str(catalog), "--select", "TTL001,TTL002,PRC001,CAT001", "--images", "."]
    for fmt, path in FORMATS.items():
        args += ["--format", fmt, "--output", path]
    status, _, err = run_cli(*args)
    assert status == 2, err
    # Status 2 comes with its line on stderr even when every report went to a file.
    assert err.startswith("preflight: error: 2 rule(s) failed") and "TTL001" in err
    doc = json.loads((isolated / "r.json").read_text())
    assert set(doc["failed"]) == {"TTL001", "TTL002"}
    assert "PanicException" in doc["failed"]["TTL001"]
    # The other rules still ran and the report was written.
    assert doc["summary"]["by_rule"] == {"CAT001": 2, "PRC001": 1}
    for fmt, path in FORMATS.items():
        if fmt == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(isolated / path)["Failed rules"]
            assert {sheet.cell(2, 1).value, sheet.cell(3, 1).value} == {"TTL001", "TTL002"}
            continue
        text = (isolated / path).read_text(encoding="utf-8")
        assert "TTL001" in text and "TTL002" in text, fmt
        assert "fail" in text.lower(), fmt


def test_a_native_panic_outside_the_rules_is_exit_2_in_one_line(isolated: Path, monkeypatch) -> None:
    import listing_preflight.engine as engine

    def panics(*_a, **_k):
        raise pl.exceptions.PanicException("assertion failed: i < self.len()\nmore lines")

    monkeypatch.setattr(engine, "run", panics)
    catalog = write_csv(isolated / "cat.csv")
    status, out, err = run_cli("check", str(catalog))
    assert status == 2
    assert err.count("\n") == 1 and "internal error (PanicException" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_on_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    catalog = write_csv(tmp_path / "cat.csv")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "listing_preflight", "check", str(catalog),
                               "--select", "TTL001", "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                              timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no space left" in proc.stderr
