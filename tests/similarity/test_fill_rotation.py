"""Issue 12: small products re-saved, copies rotated by up to 5 degrees, same-template variants,
a studio photo pasted at another size."""

from __future__ import annotations

import cv2
import numpy as np
import polars as pl
import pytest
import backdrop_images as bd
import simphotos as sp
from PIL import Image, ImageDraw

from listing_preflight.images.decode import decode
from listing_preflight.images.extract import hash_input, hash_sources
from listing_preflight.images.hash_box import box_path, fine_box
from listing_preflight.images.hashing import (
    SIMILARITY_COLUMNS,
    compute_hashes,
    crop_variants,
    hash_pair,
)
from listing_preflight.similarity.matching import (
    HashArrays,
    ReferenceHashes,
    match_references,
    near_duplicates,
    pair_similarity,
)


def at_fill(im: Image.Image, fill: float, side: int = 1000) -> Image.Image:
    """The picture scaled so that its long side is `fill` of a white square canvas, centred."""
    f = fill * side / max(im.size)
    im = im.resize((round(im.width * f), round(im.height * f)), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(im, ((side - im.width) // 2, (side - im.height) // 2))
    return canvas


def hashes(im: Image.Image, quality: int = 90):
    """Catalog hashes and reference variants through the pipeline's decode path."""
    work = decode(sp.jpeg(im, quality), max_pixels=10**8).rgb
    rgb, fine = hash_sources(work)
    return compute_hashes(rgb, fine), crop_variants(rgb, fine)


def arrays(*feats) -> HashArrays:
    col = lambda k: np.array([f[k] for f in feats], np.uint64)  # noqa: E731
    return HashArrays(col("img_crop_phash"), col("img_crop_dhash"), col("img_crop_phash_mirror"),
                      col("img_crop_dhash_mirror"), col("img_color"), col("img_phash"),
                      col("img_dhash"))


@pytest.mark.parametrize(("fill", "colour", "width"),
                         [(0.5, (200, 30, 30), 20), (1.0, (200, 30, 30), 20), (0.75, (0, 0, 0), 8)])
def test_a_copy_with_a_frame_drawn_round_it_is_the_same_photo(fill, colour, width):
    original = at_fill(sp.product(4), fill)
    framed = bd.outlined(original, colour, width)
    a, _ = hashes(original)
    b, _ = hashes(framed.resize((900, 900), Image.Resampling.LANCZOS), quality=75)
    assert pair_similarity(arrays(a), arrays(b))[0] >= 0.70


def test_small_product_saved_again_at_900px_q75_is_the_same_photo():
    original = at_fill(sp.product(3), 0.4)
    copy = original.resize((900, 900), Image.Resampling.LANCZOS)
    a, _ = hashes(original)
    b, _ = hashes(copy, quality=75)
    assert pair_similarity(arrays(a), arrays(b))[0] >= 0.85


@pytest.mark.parametrize("angle", [-5.0, -3.0, 3.0, 4.0, 5.0])
def test_reference_photo_rotated_up_to_5_degrees_is_found(angle):
    original = at_fill(sp.product(5), 0.6)
    rotated = original.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
    ref, variants = hashes(original)
    query, _ = hashes(rotated, quality=85)
    refs = ReferenceHashes(
        color=np.array([ref["img_color"]], np.uint64),
        variant_image=np.zeros(len(variants), np.int64),
        variant_phash=np.array([p for p, _ in variants], np.uint64),
        variant_dhash=np.array([d for _, d in variants], np.uint64),
    )
    found = match_references(arrays(query), refs)
    assert found.height == 1 and found["similarity"][0] >= 0.70


def test_same_template_in_another_colour_stays_below_the_threshold():
    a, _ = hashes(at_fill(sp.product(7), 0.5))
    b, _ = hashes(at_fill(sp.product(7, hue=0.5), 0.5))
    assert pair_similarity(arrays(a), arrays(b))[0] < 0.70


def studio_photo_at(fill: float, side: int = 1000) -> Image.Image:
    """A studio photo (a product on a grey backdrop, 4:5) pasted on a white canvas at `fill`."""
    photo = sp.product(1, background=(205, 205, 205), size=800).crop((0, 0, 640, 800))
    return at_fill(photo, fill, side)


def test_studio_photo_pasted_at_another_size_meets_its_outer_box():
    """Half the canvas against three quarters: the two boxings end on different levels."""
    a, _ = hashes(studio_photo_at(0.5))
    b, _ = hashes(studio_photo_at(0.75), quality=80)

    def with_outer(f: dict) -> HashArrays:
        plain = arrays(f)
        plain.outer_phash = np.array([f["img_outer_phash"]], np.uint64)
        plain.outer_dhash = np.array([f["img_outer_dhash"]], np.uint64)
        return plain

    assert pair_similarity(arrays(a), arrays(b))[0] < 0.70  # the product boxes alone disagree
    assert pair_similarity(with_outer(a), with_outer(b))[0] >= 0.70


def test_outer_box_is_the_product_box_without_a_pasted_photo():
    f, _ = hashes(at_fill(sp.product(2), 0.6))
    assert (f["img_outer_phash"], f["img_outer_dhash"]) == (f["img_crop_phash"], f["img_crop_dhash"])


def feature_frame(feats: list[dict]) -> pl.DataFrame:
    """The similarity columns of some images' hashes, as the rules read them."""
    return pl.DataFrame({c: [f[c] for f in feats] for c in SIMILARITY_COLUMNS},
                        schema={c: pl.UInt64 for c in SIMILARITY_COLUMNS})


def test_catalog_search_finds_the_pair_through_the_outer_box():
    feats = [hashes(studio_photo_at(0.5))[0], hashes(studio_photo_at(0.75), quality=80)[0]]
    frame = feature_frame(feats)
    found = near_duplicates(HashArrays.from_frame(frame))
    assert found.select("a", "b").rows() == [(0, 1)]
    assert not near_duplicates(HashArrays.from_frame(frame.drop("img_outer_phash", "img_outer_dhash"))).height


def photo_between_bars(fill: float, side: int) -> Image.Image:
    """A full-frame photo (9:10, no plain backdrop) on a white canvas at `fill`: at 1.0 it
    touches the top and bottom and has a narrow white bar on each side."""
    return at_fill(sp.scene(4, size=1000).crop((50, 0, 950, 1000)), fill, side)


def test_photo_filling_the_canvas_between_bars_is_boxed_to_itself():
    """Bars of 5 % leave most of the ring photo: the box is still the photo, not the frame."""
    work = decode(sp.jpeg(photo_between_bars(1.0, 1000)), max_pixels=10**8).rgb
    rgb = hash_input(work)
    x0, y0, x1, y1 = box_path(rgb)[-1]
    assert y0 == 0 and y1 == rgb.shape[0]
    assert 0 < x0 <= 0.07 * rgb.shape[1] and rgb.shape[1] - x1 <= 0.07 * rgb.shape[1]


def test_photo_filling_the_canvas_meets_its_copy_at_half_the_size():
    a, _ = hashes(photo_between_bars(1.0, 1000))
    b, _ = hashes(photo_between_bars(0.5, 900), quality=80)
    assert pair_similarity(arrays(a), arrays(b))[0] >= 0.70


def test_outer_box_of_a_deeper_path_is_the_pasted_photo():
    """Canvas, studio photo, product on the photo's backdrop and a print inside the product:
    the outer box is still the pasted photo's rectangle (what another fill of it is boxed to)."""
    photo = Image.new("RGB", (640, 800), (205, 205, 205))  # a grey studio backdrop
    draw = ImageDraw.Draw(photo)
    # A darker tray (the product: its soft edge stays within the tolerance of both greys) ...
    draw.rectangle((120, 150, 520, 650), fill=(175, 175, 175))
    draw.ellipse((220, 300, 420, 500), fill=(30, 40, 170))  # ... with a print on its face
    work = decode(sp.jpeg(at_fill(photo, 0.6)), max_pixels=10**8).rgb
    rgb, fine = hash_input(work), cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    path = box_path(rgb)
    assert len(path) == 4  # canvas, photo, tray, print
    f = compute_hashes(rgb, fine)
    (a, b, c, d), _ = fine_box(fine, rgb.shape, path[:2])
    assert (f["img_outer_phash"], f["img_outer_dhash"]) == hash_pair(fine[b:d, a:c])


def test_product_cut_off_by_a_pasted_photo_is_boxed_without_the_canvas():
    """A model cut off at the top and bottom of a grey studio photo pasted at half the canvas:
    the box stops at the photo's edges (the canvas rows beside them would change its hash)."""
    photo = Image.new("RGB", (500, 1000), (200, 200, 200))
    ImageDraw.Draw(photo).rectangle((150, 0, 350, 999), fill=(60, 70, 90))
    work = decode(sp.jpeg(at_fill(photo, 0.5)), max_pixels=10**8).rgb
    rgb, fine = hash_input(work), cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    path = box_path(rgb)
    assert len(path) >= 3  # canvas, photo, model (and maybe its inside)
    (x0, y0, x1, y1), _ = fine_box(fine, rgb.shape, path)
    # every row of the box crosses the model (grey 69), none is the canvas or its blend with
    # the photo's edge
    assert fine[y0:y1, x0:x1].min(axis=1).max() < 100


def test_turned_copy_boxed_to_its_product_meets_the_turned_photo_rectangle():
    """A light-grey studio photo on a canvas, turned 4 degrees: the copy is boxed down to the
    product, while the original's turned hashes are of the photo's rectangle. Their outer
    boxes carry the match: the turned rectangle against the other's rectangle."""
    photo = sp.product(1, background=(232, 232, 232), size=800).crop((0, 0, 640, 800))
    base = at_fill(photo, 0.75)
    feats = [hashes(base)[0],
             hashes(base.rotate(4, resample=Image.Resampling.BICUBIC, fillcolor="white"), quality=85)[0]]
    both = HashArrays.from_frame(feature_frame(feats))
    assert pair_similarity(arrays(*feats).take(np.array([0])), arrays(*feats).take(np.array([1])))[0] < 0.70
    assert pair_similarity(both.take(np.array([0])), both.take(np.array([1])))[0] >= 0.70
    assert near_duplicates(both).select("a", "b").rows() == [(0, 1)]
