"""The similarity score: 0.70 at the calibrated cutoffs, and the search radius covers it exactly."""

from __future__ import annotations

import numpy as np
import pytest

from listing_preflight.images.hashing import pack_color, unpack_color
from listing_preflight.similarity import score


def test_identical_hashes_score_one():
    assert score.similarity(score.structure_units(0, 0), 0.0) == 1.0


def test_each_cutoff_maps_to_the_default_threshold():
    at = score.AT_CUTOFF
    assert score.similarity(score.structure_units(score.PHASH_CUTOFF, 0), 0.0) == pytest.approx(at)
    assert score.similarity(score.structure_units(4, score.PAIR_CUTOFF - 4), 0.0) == pytest.approx(at)
    assert score.similarity(0.0, score.COLOUR_CUTOFF) == pytest.approx(at)


def test_seventy_percent_of_hash_bits_is_far_below_seventy_percent_similar():
    # 19 of 64 bits different is "70 % equal bits": unrelated packshots get there (§5.2).
    assert score.similarity(score.structure_units(19, 19), 0.0) < 0.3


def test_colour_difference_lowers_the_score():
    blue = pack_color(np.array([120, 110, 90]))   # OpenCV 8-bit Lab: a bluish colour
    red = pack_color(np.array([120, 170, 160]))
    packed = lambda c: np.array([c << 24 | c], dtype=np.uint64)
    assert score.colour_distance(packed(blue), packed(blue))[0] == 0
    assert score.colour_distance(packed(blue), packed(red))[0] > 2 * score.COLOUR_CUTOFF
    assert np.allclose(unpack_color(np.array([blue], np.uint64))[0], [120 * 100 / 255, -18, -38])


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
def test_every_pair_at_or_above_a_threshold_is_within_the_search_radius(threshold):
    radius = score.search_radius(threshold)
    dp = np.arange(0, 65)[:, None]
    dd = np.arange(0, 65)[None, :]
    scores = score.similarity(score.structure_units(dp, dd), 0.0)
    assert (dp[(scores >= threshold).any(axis=1)] <= radius).all()
    assert score.search_radius(0.7) == 8


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError):
        score.search_radius(0.0)


def test_a_box_equal_to_the_other_images_whole_frame_counts_as_the_same_photo():
    from listing_preflight.similarity.matching import HashArrays, pair_similarity

    def arrays(box, frame):
        one = lambda v: np.array([v], np.uint64)
        return HashArrays(one(box), one(box), one(box ^ 0xFFFF), one(box ^ 0xFFFF), one(0), one(frame), one(frame))

    original = arrays(box=0x0F0F_0F0F_0F0F_0F0F, frame=0x1234_5678_9ABC_DEF0)   # boxed down to a model
    pasted = arrays(box=0x1234_5678_9ABC_DEF0, frame=0xFFFF_0000_FFFF_0000)     # boxed to the photo
    assert pair_similarity(original, pasted)[0] == 1.0
    assert pair_similarity(pasted, original)[0] == 1.0
    no_frames = HashArrays(*(getattr(original, f) for f in ("phash", "dhash", "phash_mirror", "dhash_mirror", "color")))
    assert pair_similarity(no_frames, pasted)[0] < 0.7
