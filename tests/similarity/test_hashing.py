"""Box hashes + colour: derived copies score >= 0.70, unrelated photos and colour variants do not."""

from __future__ import annotations

import numpy as np
import pytest
import simphotos as ph
from PIL import Image

from listing_preflight.images.decode import decode
from listing_preflight.images.extract import hash_input, hash_sources
from listing_preflight.images.hashing import (
    HASH_COLUMNS,
    compute_hashes,
    crop_variants,
    product_box,
)
from listing_preflight.similarity.matching import (
    HashArrays,
    ReferenceHashes,
    match_references,
    pair_similarity,
)

SEEDS = range(6)


def decoded(im):
    """The catalog decode path: JPEG bytes -> reduced decode -> hash input."""
    return hash_input(decode(ph.jpeg(im), max_pixels=10**8).rgb)


def arrays(images) -> HashArrays:
    hashes = [compute_hashes(decoded(im)) for im in images]
    return HashArrays(*(np.array([h[c] for h in hashes], np.uint64) for c in
                        ("img_crop_phash", "img_crop_dhash", "img_crop_phash_mirror", "img_crop_dhash_mirror",
                         "img_color")))


@pytest.fixture(scope="module")
def originals():
    return [ph.product(seed, size=500) for seed in SEEDS]


@pytest.mark.parametrize("size", [(4000, 40), (40, 4000), (1200, 8)])
def test_a_strip_of_a_photo_is_hashed(size):
    # >= 80:1: the working image is 1-3 px across, and the turned box's reduction raised
    work = decode(ph.jpeg(Image.new("RGB", size, (200, 30, 30))), max_pixels=10**8).rgb
    hashes = compute_hashes(*hash_sources(work))
    assert all(isinstance(hashes[c], int) for c in HASH_COLUMNS)


def test_compute_hashes_returns_every_hash_column_as_64_bit_int(originals):
    hashes = compute_hashes(decoded(originals[0]))
    assert set(hashes) == set(HASH_COLUMNS)
    assert all(isinstance(v, int) and 0 <= v < 2**64 for v in hashes.values())


@pytest.mark.parametrize("transform", [ph.resized, ph.recompressed, ph.mirrored, ph.padded, ph.recoloured,
                                       lambda im: ph.padded(ph.mirrored(ph.resized(im, 0.7)), 0.1)],
                         ids=["resize", "recompress", "mirror", "pad", "colour", "combination"])
def test_derived_copies_score_at_least_the_threshold(originals, transform):
    scores = pair_similarity(arrays(originals), arrays([transform(im) for im in originals]))
    assert (scores >= 0.70).all(), scores


def reference_of(images) -> ReferenceHashes:
    """Reference hashes of `images` with their cropped variants, as the index stores them."""
    refs = [crop_variants(decoded(im)) for im in images]
    return ReferenceHashes(
        color=arrays(images).color,
        variant_image=np.repeat(np.arange(len(refs)), [len(v) for v in refs]),
        variant_phash=np.array([p for v in refs for p, _ in v], np.uint64),
        variant_dhash=np.array([d for v in refs for _, d in v], np.uint64),
    )


def test_a_cropped_copy_matches_a_reference_through_its_cropped_variants(originals):
    reference = reference_of(originals)
    scenes = [ph.scene(seed, 500) for seed in SEEDS]   # full-frame photos: a crop cuts into them
    scene_reference = reference_of(scenes)
    found = match_references(arrays([ph.cropped(im) for im in scenes]), scene_reference)
    assert sorted(zip(found["a"], found["b"])) == [(i, i) for i in range(len(scenes))]
    assert match_references(arrays([ph.cropped(im) for im in originals]), reference).height == len(originals)


def test_unrelated_packshots_on_white_score_low(originals):
    a, b = zip(*[(originals[i], originals[j]) for i in range(len(originals)) for j in range(i + 1, len(originals))])
    assert (pair_similarity(arrays(a), arrays(b)) < 0.70).all()


def test_colour_variants_of_one_design_score_low():
    first = [ph.product(seed, hue=0.0, size=500) for seed in SEEDS]
    other = [ph.product(seed, hue=0.6, size=500) for seed in SEEDS]
    assert (pair_similarity(arrays(first), arrays(other)) < 0.70).all()


def test_product_box_ignores_a_white_canvas_and_finds_a_photo_pasted_on_it():
    photo = np.asarray(ph.scene(1, 80))
    canvas = np.full((120, 128, 3), 255, np.uint8)   # the hash input size: 128 px long side
    canvas[20:100, 30:110] = photo
    assert product_box(canvas) == (30, 20, 110, 100)
    assert product_box(np.full((50, 50, 3), 255, np.uint8)) == (0, 0, 50, 50)


def test_mirrored_hashes_from_the_dct_signs_equal_the_hashes_of_the_mirrored_box(originals):
    from listing_preflight.images.hashing import hash_set

    for im in originals:
        grey = np.asarray(im.convert("L"))
        plain = hash_set(grey)
        flipped = hash_set(np.ascontiguousarray(grey[:, ::-1]))
        assert bin(plain[2] ^ flipped[0]).count("1") <= 2 and bin(plain[3] ^ flipped[1]).count("1") <= 2


def test_a_turned_box_hash_is_the_box_hash_of_the_photo_turned_by_that_angle(originals):
    from listing_preflight.images.hashing import ROTATIONS, TURN_COLUMNS

    turned, plain = [], []
    for im in originals[:3]:
        hashes = compute_hashes(decoded(im))
        for angle, (pcol, _) in zip(ROTATIONS, TURN_COLUMNS):
            copy = compute_hashes(decoded(im.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")))
            turned.append(bin(hashes[pcol] ^ copy["img_crop_phash"]).count("1"))
            plain.append(bin(hashes["img_crop_phash"] ^ copy["img_crop_phash"]).count("1"))
    # within the phash cutoff (8) every time, and on average far closer than the unturned box
    assert max(turned) <= 6 and np.mean(turned) <= 3 < np.mean(plain), (turned, plain)
