"""IMG006 judges the backdrop: colour grades, floors, frames, scenes, products at the edge."""

from __future__ import annotations

import json

import backdrop_images as bd
import image_files as gen
import pytest
from PIL import Image, ImageDraw

from listing_preflight.api import check_rows
from listing_preflight.images.backdrop import backdrop
from listing_preflight.images.decode import decode


def measure(im: Image.Image):
    """The backdrop as the pipeline measures it: JPEG q90, reduced decode."""
    return backdrop(decode(gen.jpeg_bytes(im), max_pixels=10**8).rgb)


def test_product_touching_the_edges_leaves_a_white_backdrop():
    b = measure(bd.product_touching_edges())
    assert b.level >= 250 and b.dark_share <= 0.01
    assert 0.3 < b.border_share < 0.8  # the product owns the rest of the edge


def test_grey_floor_under_white_wall_is_measured_dark_where_the_floor_is():
    b = measure(bd.gradient_floor())
    assert b.level >= 246  # the wall is white ...
    assert b.dark_share > 0.2  # ... but the floor fades to grey
    assert b.box is not None and b.box[1] > 0.5 and b.box[3] == 1.0  # the floor, at the bottom


def test_scene_inside_a_white_frame_is_a_frame():
    b = measure(bd.framed_scene())
    assert b.framed
    assert b.box == pytest.approx((0.06, 0.06, 0.94, 0.94), abs=0.02)


@pytest.mark.parametrize("size", [800, 1000, 1600])
@pytest.mark.parametrize("border", [0.04, 0.08, 0.15])
def test_scene_inside_a_white_frame_is_a_frame_at_any_margin(size, border):
    b = measure(bd.framed_scene(size, border))
    assert b.framed and b.rgb == (255, 255, 255)
    assert b.box == pytest.approx((border, border, 1 - border, 1 - border), abs=0.025)


def test_a_wide_scene_in_a_white_frame_is_a_frame():
    # The frame is as wide above as beside the photo: 10 % of the long side is 25 % of the
    # short one.
    photo = bd.scene(1000).resize((1000, 400))
    im = Image.new("RGB", (1200, 600), (255, 255, 255))
    im.paste(photo, (100, 100))
    assert measure(im).framed


@pytest.mark.parametrize("rim", [0.01, 0.02, 0.04])
def test_a_product_with_a_rim_shot_front_on_is_not_a_frame(rim):
    # A DVD case or a television on white: a picture inside a rim of its own.
    b = measure(bd.cased(rim=rim))
    assert not b.framed and b.level == 255


def test_a_cased_product_seen_at_an_angle_still_has_its_rim():
    # The hinge of a case hides its rim on one side: three sides of one colour are a rim.
    im = bd.cased(rim=0.015)
    ImageDraw.Draw(im).rectangle((80, 80, 95, 919), fill=(170, 120, 90))  # the left rim gone
    assert not measure(im).framed


def test_a_grey_studio_photo_in_a_white_frame_is_not_called_a_frame():
    # Its plain backdrop looks like a box's face shot front-on (benchmarks/README.md, stop 22).
    assert not measure(bd.framed_scene(border=0.08, photo=bd.on_backdrop((200, 200, 200)))).framed


@pytest.mark.parametrize("portrait", [False, True])
def test_a_scene_padded_by_white_bars_is_judged_between_the_bars(portrait):
    photo = bd.scene(1000).resize((600, 1000) if portrait else (1000, 600))
    b = measure(bd.padded(photo))
    assert b.border_share < 0.05  # the scene's own edges, not the white bars
    x0, y0, x1, y1 = b.box
    between = (x0, x1) if portrait else (y0, y1)
    assert between == pytest.approx((0.15, 0.85), abs=0.02)


def test_a_grey_packshot_padded_by_white_bars_has_its_grey_measured():
    b = measure(bd.padded(bd.on_backdrop((215, 215, 215)).resize((1000, 700))))
    assert b.level == pytest.approx(215, abs=3)
    assert b.border_share > 0.5


def test_a_near_white_packshot_padded_by_white_bars_keeps_its_near_white():
    # 2:1: the white bars are larger than the photo's own #F4F4F4 backdrop
    b = measure(bd.padded(bd.on_backdrop((244, 244, 244)).resize((1000, 500)), bar=0.25))
    assert b.level == pytest.approx(244, abs=2)


def test_a_white_packshot_padded_by_white_bars_is_one_white_backdrop():
    b = measure(bd.padded(gen.packshot(1000, product_share=0.6).resize((1000, 700))))
    assert b.level >= 250 and b.border_share > 0.9


@pytest.mark.parametrize("thickness", [2, 10, 40, 60])
def test_a_stripe_across_a_white_frame_is_a_product_on_white(thickness):
    im = Image.new("RGB", (1000, 1000), (255, 255, 255))
    ImageDraw.Draw(im).rectangle((0, 500 - thickness // 2, 1000, 500 + thickness // 2), "#1E1E1E")
    b = measure(im)
    assert b.level >= 250 and b.border_share > 0.6


@pytest.mark.parametrize(
    ("size", "colour", "width"),
    [((1000, 1000), (0, 0, 0), 1), ((1000, 1000), (0, 0, 0), 3), ((1000, 875), (0, 0, 0), 3),
     ((1000, 1000), (200, 30, 30), 20), ((1000, 1000), (128, 128, 128), 8)],
)
def test_a_frame_drawn_round_a_white_packshot_is_a_frame(size, colour, width):
    b = measure(bd.outlined(gen.packshot(1000, product_share=0.6).resize(size), colour, width))
    assert b.framed and b.border_share == 1.0
    assert b.level < 240  # the frame's colour, not the white inside it


@pytest.mark.parametrize("inside", ["grey", "scene"])
def test_a_line_round_a_grey_or_scene_photo_keeps_its_own_judgment(inside):
    photo = bd.on_backdrop((215, 215, 215)) if inside == "grey" else bd.scene()
    b = measure(bd.outlined(photo))
    assert not b.framed


def test_a_scene_has_no_backdrop_on_the_edge():
    assert measure(bd.scene()).border_share < 0.05


@pytest.mark.parametrize(
    ("colour", "hex_"),
    [((244, 244, 244), "#F4F4F4"), ((237, 237, 241), "#EDEDF1"), ((249, 249, 247), "#F9F9F7")],
)
def test_the_backdrop_colour_is_measured(colour, hex_):
    b = measure(bd.on_backdrop(colour))
    assert "#{:02X}{:02X}{:02X}".format(*b.rgb) == hex_ or max(
        abs(a - c) for a, c in zip(b.rgb, colour)
    ) <= 1


CASES = {
    "white.jpg": (gen.packshot(1000), None),
    "edge.jpg": (bd.product_touching_edges(), None),
    "f9f9f7.jpg": (bd.on_backdrop((249, 249, 247)), None),  # white within JPEG noise
    "f4f4f4.jpg": (bd.on_backdrop((244, 244, 244)), ("warning", "near_white")),
    "ededf1.jpg": (bd.on_backdrop((237, 237, 241)), ("warning", "near_white")),
    "grey.jpg": (bd.on_backdrop((215, 215, 215)), ("error", "grey")),
    "blue.jpg": (bd.on_backdrop((120, 170, 230)), ("error", "coloured")),
    "floor.jpg": (bd.gradient_floor(), ("error", "gradient")),
    "framed.jpg": (bd.framed_scene(), ("error", "framed")),
    "cased.jpg": (bd.cased(), None),
    "padded.jpg": (bd.padded(bd.scene().resize((1000, 700))), ("error", "scene")),
    "padded-white.jpg": (bd.padded(gen.packshot(1000).resize((1000, 700))), None),
    "line.jpg": (bd.outlined(gen.packshot(1000)), ("error", "framed")),
    "scene.jpg": (bd.scene(), ("error", "scene")),
}


def test_img006_grades_each_backdrop_kind(tmp_path):
    for name, (im, _) in CASES.items():
        (tmp_path / name).write_bytes(gen.jpeg_bytes(im))
    rows = [
        {"product_sku": f"P{i}", "title": "Cotton Summer Dress Women", "main_image": name}
        for i, name in enumerate(CASES)
    ]
    report = check_rows(
        rows, select=["IMG006"], config={"images": str(tmp_path), "no-cache": True}
    )
    found = {
        f["product_sku"]: f for f in report.findings.to_dicts() if f["code"] == "IMG006"
    }
    for i, (name, (_, expected)) in enumerate(CASES.items()):
        f = found.get(f"P{i}")
        if expected is None:
            assert f is None, (name, f)
            continue
        assert f is not None, name
        evidence = json.loads(f["evidence"])
        assert (f["severity"], evidence["background"]) == expected, (name, f)
        assert evidence["colour"] is None or evidence["colour"].startswith("#")
        assert evidence["region"] is not None
    warn = found["P3"]
    assert "near-white (#F4F4F4): set the background to #FFFFFF" in warn["message"]
    sku = {name: f"P{i}" for i, name in enumerate(CASES)}
    line = found[sku["line.jpg"]]
    assert "is inside a frame (#" in line["message"] and "remove the frame" in line["message"]
    scene = found[sku["scene.jpg"]]
    assert "not a plain backdrop; put the product on pure white" in scene["message"]
