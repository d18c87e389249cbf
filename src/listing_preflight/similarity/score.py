"""The similarity score: a number in [0, 1] where 0.70 separates derived copies from unrelated photos.

"70 % similar" read as 70 % of equal hash bits (distance <= 19 of 64) matches ~11 % of unrelated
packshot pairs on white (image-techniques §0, §5.2), so the score is not a bit ratio. It
combines three distances, each divided by its calibrated cutoff (so 1.0 = "at the cutoff"):

- `dp / PHASH_CUTOFF`: phash distance of the product boxes (best of plain / mirrored, and for a
  reference image best of its cropped variants),
- `(dp + dd) / PAIR_CUTOFF`: phash + dhash distance of the same boxes,
- `dE / COLOUR_CUTOFF`: CIE94 colour difference of the mean product colours (greyscale hashes
  cannot tell a red shirt from the same shirt in blue; a mild colour change stays well below).

    similarity = clip(1 - (1 - 0.70) * max(those three), 0, 1)

A pair scores >= 0.70 exactly when every distance is within its cutoff; a perfect copy scores
1.0; each distance moving to twice its cutoff lowers the score to 0.40. Because the phash term
alone bounds the score, a threshold t needs only the pairs with dp <= PHASH_CUTOFF * (1 - t) /
0.30 (`search_radius`), which the multi-index search finds exactly.

Calibration (benchmarks/eval_similarity.py on pairs from benchmarks/make_similarity_pairs.py):
137 real product photos and their derived copies (resize, recompression, crop, white padding,
mirroring, mild colour change, combinations) against unrelated pairs, real colour/print
variants, other angles and synthetic colour variants. The cutoffs are the knee of a grid over
(phash 6-12, phash+dhash 12-24, colour 10-20) that kept unrelated pairs at <= 0.01 % and
maximised recall; a larger phash cutoff gained < 1 % recall and would widen the search radius.
The grid saw all pairs; the eval reports a name-hash "calibration"/"holdout" split to show the
figures do not hinge on one half (96.1 % / 95.9 % recall at 0.03 % / 0.17 % false positives in
reference mode).
"""

from __future__ import annotations

import numpy as np

from ..images.hashing import unpack_color

#: The score at the cutoffs: the default threshold of SIM001-SIM003 and IMG010.
AT_CUTOFF = 0.70
#: phash bits of the product boxes at which the score is AT_CUTOFF.
PHASH_CUTOFF = 8.0
#: phash + dhash bits of the product boxes at which the score is AT_CUTOFF.
PAIR_CUTOFF = 16.0
#: CIE94 difference of mean product colours at which the score is AT_CUTOFF.
COLOUR_CUTOFF = 15.0
#: Whole frame vs whole frame (issue 12: a re-saved photo of a small product agrees in the
#: whole frame, 0 bits, while its box hashes moved): half the box cutoffs, because unrelated
#: packshots on white share their margins and so agree more in the whole frame than in the box.
FRAME_PHASH_CUTOFF = 4.0
FRAME_PAIR_CUTOFF = 8.0


def search_radius(threshold: float) -> int:
    """The phash radius that contains every pair scoring >= threshold."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"similarity threshold must be in (0, 1], got {threshold}")
    radius = PHASH_CUTOFF * (1.0 - threshold) / (1.0 - AT_CUTOFF)
    return int(min(63, np.floor(radius + 1e-9)))


def frame_radius(threshold: float) -> int:
    """The whole-frame phash radius that contains every frame pair scoring >= threshold."""
    radius = FRAME_PHASH_CUTOFF * (1.0 - threshold) / (1.0 - AT_CUTOFF)
    return int(min(63, np.floor(max(0.0, radius) + 1e-9)))


def frame_units(dp: np.ndarray, dd: np.ndarray) -> np.ndarray:
    """Whole-frame hash distances in cutoff units (1.0 = at the stricter frame cutoffs)."""
    dp = np.asarray(dp, dtype=np.float64)
    dd = np.asarray(dd, dtype=np.float64)
    return np.maximum(dp / FRAME_PHASH_CUTOFF, (dp + dd) / FRAME_PAIR_CUTOFF)


def cie94(lab_a: np.ndarray, lab_b: np.ndarray) -> np.ndarray:
    """CIE94 colour difference (graphic-arts weights) of two (n, 3) CIELAB arrays, symmetric."""
    la, aa, ba = lab_a[:, 0], lab_a[:, 1], lab_a[:, 2]
    lb, ab, bb = lab_b[:, 0], lab_b[:, 1], lab_b[:, 2]
    ca, cb = np.hypot(aa, ba), np.hypot(ab, bb)
    chroma = np.sqrt(ca * cb)   # geometric mean keeps the difference symmetric
    d_l, d_c = la - lb, ca - cb
    d_h2 = np.maximum(0.0, (aa - ab) ** 2 + (ba - bb) ** 2 - d_c**2)
    return np.sqrt(d_l**2 + (d_c / (1 + 0.045 * chroma)) ** 2 + d_h2 / (1 + 0.015 * chroma) ** 2)


def colour_distance(color_a: np.ndarray, color_b: np.ndarray) -> np.ndarray:
    """CIE94 difference of img_color values: the larger of the top-half and bottom-half ones."""
    a = np.asarray(color_a, dtype=np.uint64)
    b = np.asarray(color_b, dtype=np.uint64)
    top = cie94(unpack_color(a >> np.uint64(24)), unpack_color(b >> np.uint64(24)))
    return np.maximum(top, cie94(unpack_color(a), unpack_color(b)))


def structure_units(dp: np.ndarray, dd: np.ndarray) -> np.ndarray:
    """Hash distances in cutoff units (1.0 = at the cutoff)."""
    dp = np.asarray(dp, dtype=np.float64)
    dd = np.asarray(dd, dtype=np.float64)
    return np.maximum(dp / PHASH_CUTOFF, (dp + dd) / PAIR_CUTOFF)


def similarity(units: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """The score from structure units and a colour difference."""
    worst = np.maximum(np.asarray(units, np.float64), np.asarray(colour, np.float64) / COLOUR_CUTOFF)
    return np.clip(1.0 - (1.0 - AT_CUTOFF) * worst, 0.0, 1.0)
