"""The overlay-text search failing on one image is an IMG014 info finding for that image (its
text was not checked), never a silent pass; a search that works leaves no error behind."""

from __future__ import annotations

import json

import image_files as gen
import polars as pl
import pytest

from listing_preflight.api import check_rows
from listing_preflight.images import extract, overlay_text, text_detect

pytestmark = pytest.mark.skipif(not text_detect.available(), reason="no ONNX Runtime here")


def photo() -> bytes:
    return gen.jpeg_bytes(gen.packshot(1000, product_share=0.5, seed=1))


def test_a_failing_text_search_is_an_info_finding_for_that_image(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("odd shape")

    monkeypatch.setattr(overlay_text, "search", broken)  # one image (extracted in this process)
    gen.save(tmp_path, "a.jpg", photo())
    rows = [{"product_sku": "A", "title": "Ceramic Vase White", "main_image": "a.jpg"}]
    report = check_rows(rows, select=["IMG014"], config={"images": str(tmp_path), "no-cache": True})
    hits = report.findings.filter(pl.col("code") == "IMG014").to_dicts()
    assert len(hits) == 1
    assert hits[0]["severity"] == "info"
    assert "could not be searched (ValueError: odd shape)" in hits[0]["message"]
    assert json.loads(hits[0]["evidence"])["error"] == "ValueError: odd shape"


def test_a_working_text_search_leaves_no_error():
    _, values = extract.features_from_bytes(photo(), max_pixels=100_000_000)
    assert dict(zip(extract.FEATURE_NAMES, values))["img_text_error"] is None
