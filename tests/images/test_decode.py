"""Decoding: every awkward or broken file gives either correct features or a clear img_error."""

from __future__ import annotations

import image_files as gen
import polars as pl
import pytest

from listing_preflight.images import ImageSettings, extract_features
from listing_preflight.images.background import RING_LEVELS

DARK245 = RING_LEVELS.index(245)


def run(folder, names):
    refs = pl.DataFrame({"image": names, "image_root": [str(folder)] * len(names)})
    out = extract_features(refs, ImageSettings(jobs=1, cache_dir=None))
    return {r["image"]: r for r in out.to_dicts()}


@pytest.fixture
def bad_and_good(tmp_path):
    good = gen.jpeg_bytes(gen.packshot(900))
    gen.save(tmp_path, "good.jpg", good)
    gen.save(tmp_path, "empty.jpg", b"")
    gen.save(tmp_path, "truncated.jpg", good[: len(good) // 2])
    gen.save(tmp_path, "page.jpg", b"<!DOCTYPE html><html><body>Hotlinking forbidden</body></html>")
    gen.save(tmp_path, "bomb.png", gen.png_bomb())
    gen.save(tmp_path, "garbage.jpg", b"\x00\x01 not an image at all" * 50)
    gen.save(tmp_path, "corrupt.jpg", good[:600] + bytes(range(256)) * 40)
    return tmp_path


@pytest.mark.parametrize(
    "name, expected",
    [
        ("empty.jpg", "empty file (0 bytes)"),
        ("truncated.jpg", "corrupt or truncated"),
        ("page.jpg", "HTML page"),
        ("bomb.png", "decompression bomb"),
        ("garbage.jpg", "not an image"),
        ("corrupt.jpg", "corrupt or truncated"),
        ("missing.jpg", "file not found"),
    ],
)
def test_bad_file_becomes_an_error_and_the_rest_is_still_read(bad_and_good, name, expected):
    feats = run(bad_and_good, [name, "good.jpg"])
    assert expected in feats[name]["img_error"]
    assert feats["good.jpg"]["img_error"] is None
    assert feats["good.jpg"]["img_width"] == 900


def test_size_and_format_come_from_the_content_not_the_name(tmp_path):
    gen.save(tmp_path, "really_png.jpg", gen.packshot(820), fmt="PNG")
    feats = run(tmp_path, ["really_png.jpg"])["really_png.jpg"]
    assert (feats["img_format"], feats["img_width"], feats["img_height"]) == ("PNG", 820, 820)


@pytest.mark.parametrize(
    "orientation, expected",
    [(1, (1200, 800)), (6, (800, 1200)), (8, (800, 1200)), (3, (1200, 800))],
)
def test_exif_orientation_swaps_width_and_height(tmp_path, orientation, expected):
    gen.save(tmp_path, "o.jpg", gen.exif_rotated(1200, 800, orientation))
    feats = run(tmp_path, ["o.jpg"])["o.jpg"]
    assert (feats["img_width"], feats["img_height"]) == expected


def test_transparent_background_is_composited_on_white(tmp_path):
    gen.save(tmp_path, "cutout.png", gen.transparent_cutout())
    feats = run(tmp_path, ["cutout.png"])["cutout.png"]
    assert feats["img_error"] is None
    assert feats["img_ring_dark"][DARK245] == 0.0  # the black junk under alpha=0 is not seen
    assert feats["img_product_share"] == pytest.approx(0.5, abs=0.05)


@pytest.mark.parametrize(
    "name, maker",
    [("cmyk.jpg", gen.cmyk_jpeg), ("grey16.png", gen.png16_grey), ("palette.png", gen.palette_png)],
)
def test_cmyk_16bit_and_palette_images_read_as_white_background(tmp_path, name, maker):
    gen.save(tmp_path, name, maker())
    feats = run(tmp_path, [name])[name]
    assert feats["img_error"] is None
    assert feats["img_ring_dark"][DARK245] < 0.05, feats
    assert 0.3 < feats["img_product_share"] < 0.8


def test_animated_gif_reads_its_first_frame_and_counts_frames(tmp_path):
    gen.save(tmp_path, "anim.gif", gen.animated_gif(frames=3))
    feats = run(tmp_path, ["anim.gif"])["anim.gif"]
    assert (feats["img_format"], feats["img_frames"], feats["img_error"]) == ("GIF", 3, None)


def test_grey_backdrop_is_not_white_but_a_soft_shadow_is(tmp_path):
    gen.save(tmp_path, "white.jpg", gen.packshot(1000))
    gen.save(tmp_path, "grey.jpg", gen.packshot(1000, bg=(232, 232, 232)))
    gen.save(tmp_path, "offwhite.jpg", gen.packshot(1000, bg=(240, 238, 236)))
    feats = run(tmp_path, ["white.jpg", "grey.jpg", "offwhite.jpg"])
    assert feats["white.jpg"]["img_ring_dark"][DARK245] == 0.0
    assert feats["grey.jpg"]["img_ring_dark"][DARK245] == 1.0
    assert feats["offwhite.jpg"]["img_ring_dark"][DARK245] == 1.0


def test_hashes_are_attached_and_stable_across_jpeg_reencoding(tmp_path):
    im = gen.packshot(1000, seed=3)
    gen.save(tmp_path, "a.jpg", gen.jpeg_bytes(im, 92))
    gen.save(tmp_path, "b.jpg", gen.jpeg_bytes(im, 75))
    feats = run(tmp_path, ["a.jpg", "b.jpg"])
    a, b = feats["a.jpg"]["img_phash"], feats["b.jpg"]["img_phash"]
    assert a is not None and (a ^ b).bit_count() <= 8  # the near-duplicate threshold


@pytest.mark.parametrize(
    "name, size",
    [
        ("dot.png", (1, 1)),
        ("tiny.jpg", (3, 2)),
        ("strip.jpg", (3000, 100)),
        ("pole.jpg", (40, 3000)),
        ("blank.png", (900, 900)),
    ],
)
def test_odd_shapes_are_read_not_reported_unreadable(tmp_path, name, size):
    gen.save(tmp_path, name, gen.packshot(400).resize(size))
    feats = run(tmp_path, [name])[name]
    assert feats["img_error"] is None
    assert (feats["img_width"], feats["img_height"]) == size
