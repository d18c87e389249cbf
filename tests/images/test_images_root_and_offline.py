"""The images root and offline runs: a wrong --images, most files missing, --no-fetch, no network."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli_run import run_cli

HEADER = ["Parent SKU", "SKU", "Title", "Price", "Main Image", "Extra Image 1"]


def _catalog(folder: Path, images: list[tuple[str, str]]) -> Path:
    """One product per (main, extra) image pair."""
    path = folder / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i, (main, extra) in enumerate(images):
            writer.writerow([f"P{i}", f"P{i}-1", f"Ceramic Coffee Mug 350 ml model {i}", "4.50", main, extra])
    return path


def test_images_folder_that_does_not_exist_stops_before_any_work(tmp_path, monkeypatch):
    """`--images DIR` that is not there: exit 2, no report."""
    monkeypatch.chdir(tmp_path)
    _catalog(tmp_path, [("a.jpg", "")])
    status, out, err = run_cli("check", "c.csv", "--images", "photos", "--format", "json")
    assert status == 2 and out == ""
    assert "--images photos: no such folder" in err


def test_most_local_images_missing_is_one_line_and_a_grouped_block(tmp_path, monkeypatch):
    """25 of 25 files missing: one summary line up front, IMG002 grouped in the text report."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photos").mkdir()
    _catalog(tmp_path, [(f"p{i}.jpg", f"p{i}-2.jpg") for i in range(25)])
    status, out, err = run_cli("check", "c.csv", "--images", "photos", "--select", "IMG002", "--no-cache")
    assert status == 1
    assert "50 of 50 local images not found under photos: is --images right?" in err
    assert "IMG002 error: 50 findings, grouped" in out
    assert "  file not found: 50 (e.g. p0" in out and "(row 2)" in out
    assert out.count("file not found") == 1  # not one line per image
    status, out, _ = run_cli("check", "c.csv", "--images", "photos", "--select", "IMG002",
                             "--no-cache", "--format", "json")
    doc = json.loads(out)
    assert doc["summary"]["by_rule"] == {"IMG002": 50}  # machine formats keep every finding
    assert any("50 of 50 local images" in n for n in doc["notices"])


def test_a_few_missing_images_are_ordinary_findings(tmp_path, monkeypatch):
    """One missing file out of four: a finding, no summary line."""
    monkeypatch.chdir(tmp_path)
    from image_files import packshot, save

    for name in ("a.jpg", "b.jpg", "c.jpg"):
        save(tmp_path, name, packshot())
    _catalog(tmp_path, [("a.jpg", "b.jpg"), ("c.jpg", "gone.jpg")])
    status, out, err = run_cli("check", "c.csv", "--select", "IMG002", "--no-cache")
    assert "is --images right?" not in err
    assert "gone.jpg" in out and "grouped" not in out


def test_no_fetch_leaves_urls_unfetched_with_one_notice(tmp_path, monkeypatch):
    """--no-fetch: image rules do not run on URL images (not unreadable), one notice says so."""
    monkeypatch.chdir(tmp_path)
    _catalog(tmp_path, [(f"https://cdn.example.com/{i}.jpg", f"https://cdn.example.com/{i}-2.jpg")
                        for i in range(3)])
    status, out, err = run_cli("check", "c.csv", "--no-fetch", "--select", "IMG", "--no-cache",
                               "--format", "json")
    doc = json.loads(out)
    assert status == 0 and doc["summary"]["findings"]["error"] == 0
    assert "IMG002" not in doc["summary"]["by_rule"] and "IMG009" not in doc["summary"]["by_rule"]
    assert doc["notices"] == ["6 image URL(s) were not fetched (--no-fetch / fetch = false): "
                              "the image rules did not run on them"]


def test_fetch_false_in_config_is_the_same_as_no_fetch(tmp_path, monkeypatch):
    """`fetch = false` in preflight.toml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "preflight.toml").write_text("fetch = false\n", encoding="utf-8")
    _catalog(tmp_path, [("https://cdn.example.com/1.jpg", "")])
    status, out, err = run_cli("check", "c.csv", "--select", "IMG002", "--no-cache")
    assert status == 0 and "1 image URL(s) were not fetched" in err


def test_no_network_is_one_notice_not_an_error_per_image(tmp_path, monkeypatch):
    """Hosts that cannot be resolved at all (.invalid never resolves): one notice, no IMG002."""
    monkeypatch.chdir(tmp_path)
    _catalog(tmp_path, [("http://images.preflight-test.invalid/1.jpg",
                         "http://images.preflight-test.invalid/2.jpg")])
    status, out, err = run_cli("check", "c.csv", "--select", "IMG002", "--no-cache", "--format", "json")
    doc = json.loads(out)
    assert status == 0 and doc["summary"]["by_rule"] == {}
    assert "none of the 2 image URL(s) could be fetched" in doc["notices"][0]
