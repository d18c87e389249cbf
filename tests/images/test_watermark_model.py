"""The shipped watermark model: its feature vector, its weights file and its part in IMG007."""

from __future__ import annotations

import io
import json

import cv2
import image_files as gen
import numpy as np
import polars as pl
import pytest
from PIL import Image, ImageDraw, ImageFont

from listing_preflight.api import check_rows
from listing_preflight.images import background, overlay, watermark_model
from listing_preflight.images.decode import decode
from listing_preflight.images.extract import FEATURE_COLUMNS
from listing_preflight.rules.image import WatermarkOptions


def working(im: Image.Image):
    """(rgb, luma, bg, white, score, regions) of a photo through the runtime decode path."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    dec = decode(buf.getvalue(), max_pixels=50_000_000)
    luma = cv2.cvtColor(dec.rgb, cv2.COLOR_RGB2GRAY)
    bg = background.analyse(dec.rgb, luma)
    white = bg.ring_dark[background.RING_LEVELS.index(245)] <= 0.10
    score, regions = overlay.find_overlays(dec.rgb, bg, white, luma)
    return dec.rgb, luma, bg, white, score, regions


def tiled(im: Image.Image, word: str = "SAMPLE", alpha: int = 110) -> Image.Image:
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


def test_weights_ship_inside_the_package_and_match_the_feature_vector():
    assert watermark_model.WEIGHTS.parent.name == "images"
    raw = json.loads(watermark_model.WEIGHTS.read_text(encoding="utf-8"))
    rgb, luma, bg, white, score, regions = working(gen.packshot(1000))
    x = watermark_model.feature_vector(rgb, luma, bg, white, score, regions)
    assert x.shape == (raw["n_features"],) == (watermark_model.n_features(),)
    assert np.isfinite(x).all()


def test_rule_default_threshold_is_the_one_the_trainer_chose():
    raw = json.loads(watermark_model.WEIGHTS.read_text(encoding="utf-8"))
    assert WatermarkOptions().min_model_score == watermark_model.MODEL_THRESHOLD == raw["threshold"]


def test_white_background_flag_sits_at_white_index():
    on_white = working(gen.packshot(1000))
    on_scene = working(gen.packshot(1000, bg=(70, 110, 150)))
    assert watermark_model.feature_vector(*on_white)[watermark_model.WHITE_INDEX] == 1.0
    assert watermark_model.feature_vector(*on_scene)[watermark_model.WHITE_INDEX] == 0.0


def test_feature_vector_is_deterministic():
    parts = working(tiled(gen.packshot(1000, seed=3, bg=(120, 90, 60))))
    a = watermark_model.feature_vector(*parts)
    b = watermark_model.feature_vector(*parts)
    assert np.array_equal(a, b)


def test_predict_is_a_standardised_relu_layer_then_a_sigmoid():
    w = {
        "mean": np.array([1.0, 0.0], np.float32),
        "std": np.array([2.0, 1.0], np.float32),
        "w1": np.array([[1.0, -1.0], [0.5, 0.0]], np.float32),
        "b1": np.array([0.0, 0.0], np.float32),
        "w2": np.array([[2.0], [1.0]], np.float32),
        "b2": np.array([-1.0], np.float32),
    }
    # z = ((3-1)/2, 2) = (1, 2); hidden = relu(1 + 1, -1) = (2, 0); logit = 4 - 1 = 3
    p = watermark_model.predict(np.array([3.0, 2.0], np.float32), w)
    assert p[0] == pytest.approx(1 / (1 + np.exp(-3.0)), rel=1e-5)


def test_tiled_semi_transparent_mark_over_a_scene_scores_above_its_clean_photo():
    scene = gen.packshot(1000, seed=5, bg=(70, 110, 150))
    clean = watermark_model.watermark_probability(*working(scene))
    marked = watermark_model.watermark_probability(*working(tiled(scene)))
    assert clean < watermark_model.MODEL_THRESHOLD <= marked


def test_img007_reports_a_mark_only_the_model_sees_and_min_model_score_is_an_option(tmp_path):
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
    assert "tiled.jpg" in found["message"][0]
    assert "faint, tiled or rotated mark" in found["message"][0]  # only the model saw it
    # The model's own finding is switched off by its threshold option (no probability reaches
    # 1.01); what remains is only what the hand-written cues report.
    off = check_rows(
        rows, select=["IMG007"], rules={"IMG007": {"min_model_score": 1.01}}, config=cfg
    )
    assert off.findings.is_empty()


def test_the_probability_is_a_cached_image_feature():
    assert FEATURE_COLUMNS["img_watermark_prob"] == pl.Float32()


def test_a_strip_too_thin_for_the_grid_gets_no_probability_not_nan():
    strip = Image.new("RGB", (1200, 60), (255, 255, 255))
    assert watermark_model.watermark_probability(*working(strip)) is None
