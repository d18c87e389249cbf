"""SIM001-SIM003 and IMG010 over real catalogs and generated photos: failing and passing cases."""

from __future__ import annotations

import json

import pytest
import simphotos as ph
from click.testing import CliRunner

from listing_preflight.api import check_rows
from listing_preflight.cli import main
from listing_preflight.model import ConfigError
from listing_preflight.similarity.index import build


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    for seed in range(1, 8):
        ph.save(folder, f"p{seed}.jpg", ph.product(seed, size=500))
    ph.save(folder, "p1-small.jpg", ph.resized(ph.product(1, size=500), 0.6), quality=60)
    ph.save(folder, "p3-mirror.jpg", ph.mirrored(ph.product(3, size=500)))
    ph.save(folder, "p4-blue.jpg", ph.product(4, hue=0.62, size=500))
    ph.save(folder, "p4-red.jpg", ph.product(4, hue=0.0, size=500))
    return folder


def check(photos, rows, select, rules=None, **config):
    return check_rows(rows, select=select, rules=rules,
                      config={"images": str(photos), "no-cache": True, "jobs": 1, **config})


def found(report, code):
    return [f for f in report.findings.to_dicts() if f["code"] == code]


# ---- IMG010 -------------------------------------------------------------------------------------

def test_img010_extra_image_repeating_the_main_image_is_flagged(photos):
    report = check(photos, [{"product_sku": "P1", "title": "Vase", "main_image": "p1.jpg",
                             "extra_images": ["p2.jpg", "p1-small.jpg"]}], ["IMG010"])
    [finding] = found(report, "IMG010")
    assert finding["field"] == "extra_images"
    assert "p1-small.jpg" in finding["message"] and "main image p1.jpg" in finding["message"]
    assert finding["value"] >= 0.7 and json.loads(finding["evidence"])["repeats"] == "p1.jpg"


def test_img010_other_angles_and_colour_variants_pass(photos):
    report = check(photos, [{"product_sku": "P1", "title": "Vase", "main_image": "p4-red.jpg",
                             "extra_images": ["p4-blue.jpg", "p2.jpg"]}], ["IMG010"])
    assert found(report, "IMG010") == []


# ---- SIM002 -------------------------------------------------------------------------------------

def test_sim002_same_or_mirrored_photo_on_two_products(photos):
    rows = [{"product_sku": "A", "title": "Garden hose", "main_image": "p3.jpg"},
            {"product_sku": "B", "title": "Desk lamp", "main_image": "p5.jpg", "extra_images": ["p3-mirror.jpg"]},
            {"product_sku": "C", "title": "Kettle", "main_image": "p6.jpg"}]
    report = check(photos, rows, ["SIM002"])
    assert sorted((f["product_sku"], f["field"]) for f in found(report, "SIM002")) == [
        ("A", "main_image"), ("B", "extra_images")]
    message = next(f["message"] for f in found(report, "SIM002") if f["product_sku"] == "A")
    assert "p3.jpg" in message and "B" in message


def test_sim002_products_with_their_own_photos_pass(photos):
    rows = [{"product_sku": "A", "title": "Hose", "main_image": "p4-red.jpg", "extra_images": ["p1.jpg"]},
            {"product_sku": "B", "title": "Hose", "main_image": "p4-blue.jpg", "extra_images": ["p2.jpg"]}]
    assert found(check(photos, rows, ["SIM002"]), "SIM002") == []


# ---- SIM003 -------------------------------------------------------------------------------------

def test_sim003_same_title_and_photo_is_a_duplicate_reported_on_the_later_product(photos):
    rows = [{"product_sku": "A", "title": "Ceramic Flower Vase Large Blue", "main_image": "p1.jpg"},
            {"product_sku": "B", "title": "Large Ceramic Flower Vase, Blue", "main_image": "p1-small.jpg"}]
    [finding] = found(check(photos, rows, ["SIM003"]), "SIM003")
    assert finding["product_sku"] == "B" and "duplicates product A" in finding["message"]
    assert json.loads(finding["evidence"])["duplicate_of"] == "A"


def test_sim003_same_photo_with_a_different_title_or_colour_variant_is_not_a_duplicate(photos):
    rows = [{"product_sku": "A", "title": "Ceramic Flower Vase Large", "main_image": "p1.jpg"},
            {"product_sku": "B", "title": "Steel Garden Hose Reel 20m", "main_image": "p1-small.jpg"},
            {"product_sku": "C", "title": "Summer Dress Red", "main_image": "p4-red.jpg"},
            {"product_sku": "D", "title": "Summer Dress Red", "main_image": "p4-blue.jpg"}]
    assert found(check(photos, rows, ["SIM003"]), "SIM003") == []


# ---- SIM001 -------------------------------------------------------------------------------------

@pytest.fixture
def reference(tmp_path):
    refs = tmp_path / "refs"
    ph.save(refs, "acme/official-vase.jpg", ph.product(20, size=500))
    ph.save(refs, "globex/official-lamp.jpg", ph.product(21, size=500))
    out = tmp_path / "brands.pfindex"
    build([refs], out, jobs=1)
    return out


def test_sim001_copy_of_a_brand_photo_names_the_reference_brand_and_percent(photos, reference):
    ph.save(photos, "stolen.jpg", ph.padded(ph.mirrored(ph.product(20, size=500)), 0.15), quality=70)
    rows = [{"product_sku": "P1", "title": "Vase", "main_image": "stolen.jpg"},
            {"product_sku": "P2", "title": "Lamp", "main_image": "p2.jpg"}]
    [finding] = found(check(photos, rows, ["SIM001"], reference=str(reference)), "SIM001")
    assert finding["product_sku"] == "P1" and finding["severity"] == "error"
    evidence = json.loads(finding["evidence"])
    assert evidence["reference"] == "acme/official-vase.jpg" and evidence["brand"] == "acme"
    assert evidence["similarity_percent"] >= 70
    assert f"{evidence['similarity_percent']}% similar" in finding["message"]


def test_sim001_colour_variant_of_a_brand_design_is_not_a_copy(photos, reference):
    ph.save(photos, "own.jpg", ph.product(20, hue=0.9, size=500))
    rows = [{"product_sku": "P1", "title": "Vase", "main_image": "own.jpg"}]
    report = check(photos, rows, ["SIM001"], reference=str(reference))
    assert found(report, "SIM001") == []


def test_sim001_selected_without_a_reference_index_is_a_usage_error(photos):
    with pytest.raises(ConfigError, match="--reference"):
        check(photos, [{"product_sku": "P1", "title": "Vase", "main_image": "p1.jpg"}], ["SIM001"])


def test_sim001_is_quietly_inactive_without_a_reference_in_a_family_selection(photos):
    report = check(photos, [{"product_sku": "P1", "title": "Vase", "main_image": "p1.jpg"}], ["SIM"])
    assert found(report, "SIM001") == []


def test_check_cli_with_reference_reports_sim001_and_exits_1(photos, reference, tmp_path):
    ph.save(photos, "stolen.jpg", ph.resized(ph.product(21, size=500), 0.8))
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("product_sku,title,main_image\nP1,Desk Lamp,stolen.jpg\n")
    result = CliRunner().invoke(main, ["check", str(catalog), "--images", str(photos), "--reference",
                                       str(reference), "--select", "SIM001", "--format", "json",
                                       "--no-cache", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    [finding] = report["products"][0]["findings"]
    assert finding["code"] == "SIM001" and finding["evidence"]["brand"] == "globex"


def test_unreadable_and_missing_images_do_not_stop_the_similarity_rules(photos):
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    rows = [{"product_sku": "A", "title": "Vase", "main_image": "broken.jpg", "extra_images": ["gone.jpg", "p1.jpg"]},
            {"product_sku": "B", "title": "Vase", "main_image": "p1.jpg"}]
    report = check(photos, rows, ["SIM002", "SIM003", "IMG010"])
    assert sorted((f["code"], f["product_sku"]) for f in report.findings.to_dicts()) == [
        ("SIM002", "A"), ("SIM002", "B"), ("SIM003", "B")]


def test_thresholds_are_options(photos):
    rows = [{"product_sku": "P1", "title": "Vase", "main_image": "p1.jpg", "extra_images": ["p1-small.jpg"]}]
    strict = check(photos, rows, ["IMG010"], rules={"IMG010": {"threshold": 1.0}})
    assert found(strict, "IMG010") == []
    with pytest.raises(ConfigError, match="between 0 and 1"):
        check(photos, rows, ["IMG010"], rules={"IMG010": {"threshold": 70}})


def test_a_shared_extra_image_such_as_a_size_chart_is_not_reuse_or_duplication(photos):
    rows = [{"product_sku": "A", "title": "Summer Dress Red", "main_image": "p4-red.jpg", "extra_images": ["p7.jpg"]},
            {"product_sku": "B", "title": "Summer Dress Red", "main_image": "p4-blue.jpg", "extra_images": ["p7.jpg"]}]
    assert check(photos, rows, ["SIM002", "SIM003"]).findings.is_empty()


def test_a_placeholder_photo_shared_by_many_products_is_counted_without_pairing_them_all(photos):
    rows = [{"product_sku": f"P{i:03d}", "title": f"Item number {i}", "main_image": "p2.jpg"} for i in range(300)]
    findings = found(check(photos, rows, ["SIM002"]), "SIM002")
    assert len(findings) == 300
    assert "is also used by 299 other product(s): P001, P002, P003, P004, P005, ..." in findings[0]["message"]
