"""The shipped watermark network: its input, its files, its cell map and its part in IMG007."""

from __future__ import annotations

import io
import json

import image_files as gen
import numpy as np
import polars as pl
import pytest
from PIL import Image, ImageDraw, ImageFont

from listing_preflight.api import check_rows
from listing_preflight.images import watermark_net
from listing_preflight.images.decode import decode
from listing_preflight.images.extract import FEATURE_COLUMNS
from listing_preflight.rules.image import WatermarkOptions


def working(im: Image.Image) -> np.ndarray:
    """The working RGB image of a photo, through the runtime decode path."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return decode(buf.getvalue(), max_pixels=50_000_000).rgb


def tiled(im: Image.Image, word: str = "SAMPLE", alpha: int = 140) -> Image.Image:
    """A word repeated diagonally over the whole frame, semi-transparent (a tiled watermark)."""
    w, h = im.size
    layer = Image.new("RGBA", (2 * w, 2 * h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=48)
    for y in range(0, 2 * h, 150):
        for x in range((y // 150) % 2 * 150, 2 * w, 300):
            draw.text((x, y), word, font=font, fill=(255, 255, 255, alpha))
    layer = layer.rotate(30, resample=Image.Resampling.BICUBIC).crop(
        (w // 2, h // 2, w // 2 + w, h // 2 + h)
    )
    return Image.alpha_composite(im.convert("RGBA"), layer).convert("RGB")


def test_network_and_its_thresholds_ship_inside_the_package():
    assert watermark_net.MODEL.parent.name == watermark_net.META.parent.name == "images"
    assert watermark_net.MODEL.stat().st_size < 1_000_000  # a small model, not a download
    meta = watermark_net.metadata()
    assert 0 < meta["threshold"] < 1 and meta["trained_on"]


def test_rule_default_threshold_is_the_one_the_trainer_chose():
    assert WatermarkOptions().min_model_score == watermark_net.metadata()["threshold"]


def test_input_is_a_fixed_size_rgb_array_plus_two_coordinate_planes():
    rgb = np.full((200, 260, 3), 255, np.uint8)
    x = watermark_net.net_input(rgb)
    assert x.shape == (watermark_net.NET_SIDE, watermark_net.NET_SIDE, 3) and x.dtype == np.uint8
    b = watermark_net.blob(x[None])
    assert b.shape == (1, 5, watermark_net.NET_SIDE, watermark_net.NET_SIDE)
    assert b[0, :3].max() == pytest.approx(0.5)  # white is +0.5 after centring
    assert b[0, 3, 0, 0] == pytest.approx(-0.5) and b[0, 3, 0, -1] == pytest.approx(0.5)  # x
    assert b[0, 4, 0, 0] == pytest.approx(-0.5) and b[0, 4, -1, 0] == pytest.approx(0.5)  # y


def test_mark_map_is_a_grid_of_probabilities_and_deterministic():
    rgb = working(gen.packshot(1000, seed=2))
    a, b = watermark_net.mark_map(rgb), watermark_net.mark_map(rgb)
    assert a.shape == (watermark_net.GRID, watermark_net.GRID)
    assert ((a >= 0) & (a <= 1)).all()
    assert np.array_equal(a, b)


def test_onnx_runtime_is_the_default_backend_when_installed():
    pytest.importorskip("onnxruntime")
    assert watermark_net.default_backend() == "onnxruntime"


def test_without_onnx_runtime_the_network_runs_in_opencv(monkeypatch):
    monkeypatch.setattr(watermark_net, "onnxruntime", None)
    assert watermark_net.default_backend() == "opencv"
    cells = watermark_net.mark_map(working(gen.packshot(1000, seed=2)))
    assert cells.shape == (watermark_net.GRID, watermark_net.GRID)


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown network backend"):
        watermark_net.cell_logits(np.zeros((1, 192, 192, 3), np.uint8), backend="tflite")


@pytest.mark.parametrize("seed", [2, 7])
def test_both_backends_read_the_same_map_from_the_shipped_file(seed):
    pytest.importorskip("onnxruntime")
    photos = [
        gen.packshot(1000, seed=seed),
        tiled(gen.packshot(1000, seed=seed, bg=(70, 110, 150))),
    ]
    inputs = np.stack([watermark_net.net_input(working(im)) for im in photos])
    fast = watermark_net.cell_logits(inputs, backend="onnxruntime")
    portable = watermark_net.cell_logits(inputs, backend="opencv")
    assert fast.shape == portable.shape == (2, watermark_net.GRID, watermark_net.GRID)
    assert np.abs(fast - portable).max() < 1e-3


def test_a_strip_too_thin_for_the_network_gets_no_map():
    strip = Image.new("RGB", (1200, 60), (255, 255, 255))
    assert watermark_net.mark_map(working(strip)) is None


def test_tiled_semi_transparent_mark_over_a_scene_scores_above_its_clean_photo():
    scene = gen.packshot(1000, seed=5, bg=(70, 110, 150))
    clean = watermark_net.mark_map(working(scene)).max()
    marked = watermark_net.mark_map(working(tiled(scene))).max()
    assert clean < watermark_net.default_threshold() <= marked


def test_img007_names_where_the_network_saw_the_mark_and_its_threshold_is_an_option(tmp_path):
    scene = gen.packshot(1000, seed=5, bg=(70, 110, 150))
    gen.save(tmp_path, "tiled.jpg", gen.jpeg_bytes(tiled(scene)))
    gen.save(tmp_path, "clean.jpg", gen.jpeg_bytes(scene))
    rows = [
        {"product_sku": "P1", "title": "Summer Dress", "main_image": "tiled.jpg"},
        {"product_sku": "P2", "title": "Summer Dress", "main_image": "clean.jpg"},
    ]
    cfg = {"images": str(tmp_path), "no-cache": True}
    found = check_rows(rows, select=["IMG007"], config=cfg).findings
    assert found["product_sku"].to_list() == ["P1"]
    assert (
        "tiled.jpg" in found["message"][0]
        and "watermark, logo or overlay text across the photo" in found["message"][0]
    )
    # A mark tiled over the photo is placed across it, not in the hottest cell's corner.
    x0, y0, x1, y1 = json.loads(found["evidence"][0])["region"]
    assert x1 - x0 >= 0.6 and y1 - y0 >= 0.6
    # No probability reaches 1.01: the network's findings (both looks) and the text cascade's
    # (which reads the tiled words too) are switched off by their options.
    off = check_rows(
        rows,
        select=["IMG007"],
        rules={"IMG007": {"min_model_score": 1.01, "min_zoom_score": 1.01,
                          "min_text_score": 1.01}},
        config=cfg,
    )
    assert off.findings.is_empty()


def test_the_probability_is_a_cached_image_feature():
    assert FEATURE_COLUMNS["img_watermark_prob"] == pl.Float32()
