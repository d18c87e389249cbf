"""IMG007's second look: the watermark network on the frame's edge band at twice the resolution
finds small corner type on a scene that the 192 px first look and the text cascade miss; it runs
only where the first look is warm at the edge, and only the edge band counts."""

from __future__ import annotations

import json

import backdrop_images as bi
import image_files as gen
import numpy as np
import polars as pl
from PIL import ImageDraw, ImageFont

from listing_preflight.api import check_rows
from listing_preflight.images import extract, overlay_text, watermark_net, watermark_zoom
from listing_preflight.images.overlay_text import Detail


def corner_line_on_scene():
    """A textured scene with one line of small white type (1.8 % of the height) at the top left."""
    im = bi.scene(1000, seed=3)
    ImageDraw.Draw(im).text((25, 25), "Copyright Photo by bestshop.com",
                            font=ImageFont.load_default(size=18), fill=(255, 255, 255))
    return im


def features(im) -> dict:
    _, values = extract.features_from_bytes(gen.jpeg_bytes(im), max_pixels=100_000_000)
    return dict(zip(extract.FEATURE_NAMES, values, strict=True))


def img007(tmp_path, im, rules=None) -> list[dict]:
    gen.save(tmp_path, "a.jpg", gen.jpeg_bytes(im))
    rows = [{"product_sku": "A", "title": "Ceramic Vase White", "main_image": "a.jpg"}]
    report = check_rows(rows, select=["IMG007"], rules=rules,
                        config={"images": str(tmp_path), "no-cache": True})
    return report.findings.filter(pl.col("code") == "IMG007").to_dicts()


def test_small_corner_type_on_a_scene_is_found_by_the_second_look_alone(tmp_path):
    row = features(corner_line_on_scene())
    assert row["img_watermark_prob"] < watermark_net.default_threshold()  # first look misses
    assert not any(b[5] >= 0.5 and b[4] >= 0.7 for b in row["img_text_boxes"] or [])
    hits = img007(tmp_path, corner_line_on_scene())
    assert len(hits) == 1
    assert hits[0]["value"] >= watermark_zoom.ZOOM_MARK
    assert "at the top left" in hits[0]["message"]
    x0, y0, x1, y1 = json.loads(hits[0]["evidence"])["region"]
    assert x1 <= 0.35 and y1 <= 0.15  # where the line is


def test_the_second_look_has_its_own_threshold(tmp_path):
    assert img007(tmp_path, corner_line_on_scene(), {"IMG007": {"min-zoom-score": 1.01}}) == []


def test_a_clean_scene_warm_at_the_edge_is_looked_at_again_and_passes(tmp_path):
    clean = bi.scene(1000, seed=1)
    row = features(clean)
    assert row["img_watermark_zoom"] is not None  # the first look reached the gate
    assert row["img_watermark_zoom"][4] < watermark_zoom.ZOOM_MARK
    assert img007(tmp_path, clean) == []


def test_a_cold_edge_wakes_no_second_look():
    row = features(gen.packshot(1000, product_share=0.5, seed=1))
    assert row["img_watermark_zoom"] is None
    cells = np.full((watermark_net.GRID, watermark_net.GRID), 0.1, np.float32)
    cells[5:7, 5:7] = 0.99  # hot in the middle only: not the second look's business
    assert watermark_zoom.edge_look(Detail(gen.jpeg_bytes(corner_line_on_scene())), cells) is None
    assert watermark_zoom.edge_look(Detail(b""), None) is None


def test_only_cells_near_the_frame_edge_count():
    cells = np.full((watermark_net.GRID, watermark_net.GRID), 0.1, np.float32)
    cells[0, 0] = 0.8
    for im in (corner_line_on_scene(), bi.scene(1000, seed=2), gen.still_life(1000, seed=4)):
        x0, y0, x1, y1, p = watermark_zoom.edge_look(Detail(gen.jpeg_bytes(im)), cells)
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 and 0 <= p <= 1
        # The window's cell centre lies within EDGE_BAND of an edge.
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        assert min(cx, cy, 1 - cx, 1 - cy) <= watermark_zoom.EDGE_BAND


def test_a_small_photo_gets_no_second_look():
    cells = np.full((watermark_net.GRID, watermark_net.GRID), 0.9, np.float32)
    assert watermark_zoom.edge_look(Detail(gen.jpeg_bytes(bi.scene(150))), cells) is None


def test_the_second_look_reuses_a_finer_decode_the_cascade_made(monkeypatch):
    data = gen.jpeg_bytes(corner_line_on_scene())
    made = []
    real = overlay_text.decode_detail

    def counted(d, side):
        made.append(side)
        return real(d, side)

    monkeypatch.setattr(overlay_text, "decode_detail", counted)
    detail = Detail(data)
    detail.at(1000)  # the cascade's small-type decode
    cells = np.full((watermark_net.GRID, watermark_net.GRID), 0.1, np.float32)
    cells[0, 0] = 0.8
    assert watermark_zoom.edge_look(detail, cells) is not None
    assert made == [1000]  # no second decode
    coarse = Detail(data)
    coarse.at(300)  # too coarse for the second look: it decodes its own
    watermark_zoom.edge_look(coarse, cells)
    assert made == [1000, 300, watermark_zoom.ZOOM_SIDE]
