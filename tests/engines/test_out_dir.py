"""`check A B --out-dir DIR`: one report per catalog, one image pass shared by all of them."""

from __future__ import annotations

import json
from pathlib import Path

import image_files as gen
import pytest
from catalog_factory import PRODUCTS, RULES, write_csv
from cli_run import run_cli

from listing_preflight.images.engines import local


@pytest.fixture
def sellers(tmp_path: Path) -> Path:
    """Two sellers' catalogs in one folder, both using the same photos under img/."""
    folder = tmp_path / "sellers"
    folder.mkdir()
    for i, product in enumerate(PRODUCTS):
        if product[5]:
            gen.save(folder, product[5], gen.jpeg_bytes(gen.packshot(400, seed=i)))
    write_csv(folder / "alice.csv", products=PRODUCTS[:8])
    write_csv(folder / "bob.csv", products=PRODUCTS[4:])
    return folder


def test_each_catalog_gets_its_own_reports_and_summary_line(sellers, tmp_path):
    out = tmp_path / "reports"
    status, stdout, _ = run_cli("check", str(sellers / "alice.csv"), str(sellers / "bob.csv"),
                                "--select", RULES, "--out-dir", str(out), "--format", "json",
                                "--format", "csv", "--no-cache", "--jobs", "1")
    assert status == 1  # both have findings
    assert sorted(p.name for p in out.iterdir()) == ["alice.csv", "alice.json", "bob.csv", "bob.json"]
    alice = json.loads((out / "alice.json").read_text())
    bob = json.loads((out / "bob.json").read_text())
    skus = lambda report: {p["product_sku"] for p in report["products"]}  # noqa: E731
    assert "P01" in skus(alice) and "P01" not in skus(bob)
    assert "P12" in skus(bob) and "P12" not in skus(alice)
    lines = stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(str(sellers / "alice.csv")) and "alice.json" in lines[0]
    assert lines[1].startswith(str(sellers / "bob.csv")) and "bob.csv" in lines[1]


def test_an_image_used_by_several_catalogs_is_extracted_once(sellers, tmp_path, monkeypatch):
    seen: list[str] = []
    real = local.extract_paths

    def counting(jobs, *args):
        seen.extend(path for path, _ in jobs)
        return real(jobs, *args)

    monkeypatch.setattr(local, "extract_paths", counting)
    status, _, _ = run_cli("check", str(sellers / "alice.csv"), str(sellers / "bob.csv"),
                           "--select", f"{RULES},IMG", "--out-dir", str(tmp_path / "r"), "--format", "json",
                           "--no-cache", "--jobs", "1")
    assert status == 1
    assert seen and len(seen) == len(set(seen))  # P05..P08 are in both: extracted once
    assert any(p.endswith("p05.jpg") for p in seen)


def test_an_unreadable_catalog_is_reported_and_the_others_go_on(sellers, tmp_path):
    (sellers / "broken.xlsx").write_bytes(b"this is not a workbook")
    out = tmp_path / "reports"
    status, stdout, stderr = run_cli("check", str(sellers / "broken.xlsx"), str(sellers / "bob.csv"),
                                     "--select", RULES, "--out-dir", str(out), "--format", "json",
                                     "--no-cache", "--jobs", "1")
    assert status == 3  # the exit status covers every catalog
    assert "broken.xlsx" in stderr and stderr.startswith("preflight: error: ")
    assert (out / "bob.json").is_file() and not (out / "broken.json").exists()
    assert len(stdout.strip().splitlines()) == 1


def test_a_report_never_overwrites_a_catalog(sellers):
    status, _, _ = run_cli("check", str(sellers / "alice.csv"), "--select", RULES,
                           "--out-dir", str(sellers), "--format", "csv", "--no-cache", "--jobs", "1")
    assert status == 1
    assert (sellers / "alice.report.csv").is_file()
    assert (sellers / "alice.csv").read_text(encoding="utf-8").startswith("Parent Unique ID")
