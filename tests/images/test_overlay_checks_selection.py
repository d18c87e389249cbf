"""The overlay checks' work (the watermark network, and the text cascade and second look it
gates) runs only when an active rule reads what it finds: with IMG007 and IMG014 switched off
it is skipped, its columns stay null, and the features are stored apart, so a later run with
those rules never reads them back as "no mark, no text found"."""

from __future__ import annotations

import json

import image_files as gen
import polars as pl
import pytest

from listing_preflight.api import check_rows
from listing_preflight.images import extract, overlay_checks_needed, text_detect
from listing_preflight.images.cache import FeatureCache
from listing_preflight.images.cache_admin import prune, stats
from listing_preflight.images.pipeline import ImageSettings, run_pass, session

pytestmark = pytest.mark.skipif(not text_detect.available(), reason="no ONNX Runtime here")

# A promo line laid on the white background below the product: IMG014's finding, read by the
# overlay search.
PROMO = gen.with_text(gen.packshot(1000, product_share=0.5, seed=3), "HOT  SALE", (370, 860), 56,
                      fill=(20, 20, 20))


def features(overlay: bool) -> dict:
    _, values = extract.features_from_bytes(gen.jpeg_bytes(PROMO), 100_000_000, overlay)
    return dict(zip(extract.FEATURE_NAMES, values))


def test_without_the_overlay_checks_its_columns_are_null_and_the_rest_is_unchanged():
    full, reduced = features(True), features(False)
    assert full["img_text_boxes"] and full["img_watermark_cells"]  # found with the checks' work
    for name in extract.FEATURE_NAMES:
        if name in extract.OVERLAY_COLUMNS:
            assert reduced[name] is None, name
        else:
            assert reduced[name] == full[name], name


@pytest.mark.parametrize(
    ("columns", "needed"),
    [(None, True), ({"img_phash", "img_bg_level"}, False), ({"img_text"}, True),
     ({"img_watermark_zoom", "img_phash"}, True), ({"img_watermark_prob"}, True), (set(), False)],
)
def test_the_checks_are_needed_when_a_rule_reads_one_of_their_columns(columns, needed):
    assert overlay_checks_needed(columns) is needed


def run(tmp_path, **config) -> pl.DataFrame:
    rows = [{"product_sku": "P1", "title": "Ceramic Vase White", "main_image": "promo.jpg"}]
    settings = {"images": str(tmp_path / "photos"), "cache-dir": str(tmp_path / "cache"), **config}
    return check_rows(rows, config=settings).findings


def versions(tmp_path) -> set[str]:
    """The feature versions holding features in the run's store."""
    return {v for v, table in stats(tmp_path / "cache").versions.items() if table.shards}


def test_ignoring_img007_and_img014_skips_the_checks_and_stores_the_features_apart(tmp_path):
    gen.save(tmp_path / "photos", "promo.jpg", gen.jpeg_bytes(PROMO))
    reduced = run(tmp_path, ignore=["IMG007", "IMG014"])
    assert not reduced.filter(pl.col("code").is_in(["IMG007", "IMG014"])).height
    assert versions(tmp_path) == {extract.cache_version(False)}
    # The full run that follows does not take the stored features for "no text": it extracts
    # again, under the full version, and reads the promo line.
    full = run(tmp_path)
    promo = full.filter(pl.col("code") == "IMG014").to_dicts()
    assert len(promo) == 1
    assert "hot sale" in [m.lower() for m in json.loads(promo[0]["evidence"])["matches"]]
    assert versions(tmp_path) == {extract.cache_version(False), extract.cache_version(True)}


def test_the_checks_run_when_only_img014_is_selected(tmp_path):
    gen.save(tmp_path / "photos", "promo.jpg", gen.jpeg_bytes(PROMO))
    found = run(tmp_path, select=["IMG014"])
    assert found.filter(pl.col("code") == "IMG014").height == 1
    assert versions(tmp_path) == {extract.cache_version(True)}


def test_prune_keeps_both_current_versions_and_drops_old_ones(tmp_path):
    for version in (*extract.CURRENT_VERSIONS, "f1-h1"):
        cache = FeatureCache(tmp_path, version)
        cache.store({"d" * 32: extract.error_row("x")}, {}, {})
        cache.close()
    done = prune(tmp_path, extract.CURRENT_VERSIONS)
    assert done.removed_versions == ["f1-h1"]
    kept = {v: t.unique for v, t in stats(tmp_path).versions.items() if t.shards}
    assert kept == dict.fromkeys(extract.CURRENT_VERSIONS, 1)


def test_a_pass_without_the_checks_reads_features_extracted_with_them(tmp_path):
    # A full run's features hold everything a run with IMG007 and IMG014 off needs: switching
    # the two rules off after a full run decodes nothing again.
    gen.save(tmp_path / "photos", "promo.jpg", gen.jpeg_bytes(PROMO))
    refs = [("promo.jpg", str(tmp_path / "photos"))]
    full = run_pass(refs, ImageSettings(jobs=1, cache_dir=tmp_path / "cache"))
    reduced = run_pass(refs, ImageSettings(jobs=1, cache_dir=tmp_path / "cache",
                                           overlay_checks=False))
    assert (full.decoded, reduced.decoded, reduced.cache_hits) == (1, 0, 1)
    assert reduced.features == full.features
    assert versions(tmp_path) == {extract.cache_version(True)}  # nothing stored apart


def test_one_session_shares_a_full_pass_with_a_later_pass_without_the_checks(tmp_path):
    gen.save(tmp_path / "photos", "promo.jpg", gen.jpeg_bytes(PROMO))
    refs = [("promo.jpg", str(tmp_path / "photos"))]
    with session():
        run_pass(refs, ImageSettings(jobs=1, cache_dir=None))
        reduced = run_pass(refs, ImageSettings(jobs=1, cache_dir=None, overlay_checks=False))
        full_after = run_pass(refs, ImageSettings(jobs=1, cache_dir=None))
    assert (reduced.decoded, full_after.decoded) == (0, 0)
