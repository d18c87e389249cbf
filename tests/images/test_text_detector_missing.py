"""Without ONNX Runtime the overlay-text search cannot run: IMG014 is skipped and IMG007 runs
only in part, and every report format says so (never a silent pass).

A real process whose `import onnxruntime` fails (a shadowing package on PYTHONPATH), the real
CLI, real JPEGs; the watermark network falls back to OpenCV's dnn module there."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import image_files as gen
import pytest
from PIL import ImageDraw, ImageFont

REPORTS = {"json": "r.json", "text": "r.txt", "csv": "r.csv", "junit": "r.xml",
           "sarif": "r.sarif", "github": "r.gh", "html": "r.html", "xlsx": "r.xlsx"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("no_ort")
    shim = root / "shim" / "onnxruntime"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('onnxruntime is blocked for this test')\n")
    im = gen.packshot(1000, product_share=0.6, seed=2)
    ImageDraw.Draw(im).text((500, 880), "HOT SALE 50% OFF", font=ImageFont.load_default(size=48),
                            fill=(200, 20, 20), anchor="mm")
    gen.save(root, "a.jpg", gen.jpeg_bytes(im))
    with (root / "c.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["product_sku", "title", "main_image"])
        w.writerow(["P1", "Ceramic Vase White", "a.jpg"])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root / "shim"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    args = [sys.executable, "-m", "listing_preflight", "check", "c.csv", "--select", "IMG007,IMG014",
            "--images", str(root), "--no-cache", "--quiet"]
    for fmt, name in REPORTS.items():
        args += ["--report", f"{fmt}:{name}"]
    proc = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return root, proc


def test_img014_is_skipped_and_img007_partial_with_the_reason_in_json(run):
    root, proc = run
    assert proc.returncode in (0, 1), proc.stderr
    skipped = json.loads((root / "r.json").read_text(encoding="utf-8"))["skipped"]
    assert "ONNX Runtime is not installed" in skipped["IMG014"]
    assert skipped["IMG007"].startswith("run only in part")
    assert "ONNX Runtime" in skipped["IMG007"]


@pytest.mark.parametrize("fmt", ["text", "csv", "sarif", "github", "html"])
def test_every_text_format_names_both_rules_and_why(run, fmt):
    body = (run[0] / REPORTS[fmt]).read_text(encoding="utf-8")
    assert "IMG014" in body and "IMG007" in body and "ONNX Runtime" in body


def test_junit_lists_both_rules_as_skipped(run):
    root = ET.parse(run[0] / "r.xml").getroot()
    skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert any(n.startswith("IMG014") for n in skipped) and any(n.startswith("IMG007") for n in skipped)


def test_xlsx_names_the_skipped_rules(run):
    from openpyxl import load_workbook

    book = load_workbook(run[0] / "r.xlsx", read_only=True)
    cells = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)
    assert "IMG014" in cells and "ONNX Runtime" in cells


def test_features_made_without_the_detector_are_cached_apart(run):
    # A cache filled where the detector was missing must not be read back as "no text found".
    code = "import listing_preflight.images.extract as e; print(e.CACHE_VERSION)"
    shim = str(run[0] / "shim")
    versions = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONPATH": path}).stdout.strip()
        for path in (shim, os.environ.get("PYTHONPATH", ""))
    ]
    assert versions[0] == versions[1] + "-notext"
