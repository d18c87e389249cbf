"""Background and product geometry from the working image: border ring, flood from the border.

Method (image-techniques.md §1a): a ring along the four edges measures how white the border is;
the near-white region connected to the border is the background, its complement the product (plus
shadows under it, which are not connected to the border and so are not held against the seller).
IMG006's judgment of the backdrop itself is backdrop.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Ring levels at which the share of darker border pixels is stored, so that the IMG006 level is
# a rule option (changing it never re-decodes). 255 survives JPEG q90 exactly on flat white
# (image-techniques.md §1a), 250/253 mark off-white, 240 and below are light grey backdrops.
RING_LEVELS: tuple[int, ...] = (230, 235, 240, 245, 248, 250, 253)
RING_SHARE = 0.03  # ring width as a share of the short side (2-3 % per §1a)
CHROMA_MAX = 14  # max-min channel spread still counted as neutral (no colour cast)
BG_LEVEL = 240  # near-white level of the flood that defines the background mask
MIN_PART_SHARE = 0.0008  # product parts smaller than this share of the frame are noise
NO_BACKGROUND = 0.005  # below this share of white background the whole frame is the product


@dataclass(slots=True)
class Background:
    """What the border and background look like."""

    ring_dark: list[float]  # share of ring pixels darker than each RING_LEVELS level (or tinted)
    ring_level: float  # median of the ring's min channel
    ring_spread: float  # std of the ring's luminance (uniformity; 0 = flat)
    background: np.ndarray  # bool mask: near-white region connected to the border
    bbox: tuple[float, float, float, float] | None  # product box x0,y0,x1,y1 in 0..1, None if empty
    product_fill: float  # share of the frame that is not background


def _ring(a: np.ndarray) -> np.ndarray:
    """The border ring of a 2-D array as a flat array (slices: no mask allocation)."""
    h, w = a.shape[:2]
    k = max(2, round(min(h, w) * RING_SHARE))
    return np.concatenate(
        [a[:k].ravel(), a[-k:].ravel(), a[k:-k, :k].ravel(), a[k:-k, -k:].ravel()]
    )


def analyse(rgb: np.ndarray, luma: np.ndarray | None = None) -> Background:
    """Border statistics, background mask and product box of a white-composited RGB array."""
    # Channel min/max on contiguous planes: cv2.split + cv2.min/max (SIMD) is ~2x faster than
    # np.minimum on the strided channel views, itself ~20x faster than rgb.min(axis=2)
    # (image-techniques.md §1a); the values are the same.
    r, g, b = cv2.split(rgb)
    lo = cv2.min(cv2.min(r, g), b)
    hi = cv2.max(cv2.max(r, g), b)
    tinted = (hi - lo) > CHROMA_MAX
    if luma is None:
        luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ring_lo = _ring(lo)
    # Tinted pixels count as dark at every level: one histogram answers all RING_LEVELS.
    hist = np.bincount(np.where(_ring(tinted), 0, ring_lo), minlength=256)
    below = np.cumsum(hist)
    n = max(1, int(below[-1]))
    ring_dark = [float(below[level - 1]) / n for level in RING_LEVELS]
    ring_level = float(np.searchsorted(np.cumsum(np.bincount(ring_lo, minlength=256)), n / 2))
    ring_luma = _ring(luma)

    white = ((lo >= BG_LEVEL) & ~tinted).view(np.uint8)
    background = _border_connected(white)
    bg_share = np.count_nonzero(background) / background.size
    if bg_share < NO_BACKGROUND:
        # A scene or a close-up: the "product" is the whole frame; skip the labelling.
        bbox: tuple[float, float, float, float] | None = (0.0, 0.0, 1.0, 1.0)
    else:
        # BBDT: the same labels and stats as the default (Spaghetti) here, ~30 % faster at
        # this size (checked label for label on the benchmark and test images).
        _, _, part_stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
            (~background).view(np.uint8), 8, cv2.CV_32S, cv2.CCL_BBDT
        )
        bbox = _product_box(part_stats, *background.shape)
    return Background(
        ring_dark=ring_dark,
        ring_level=ring_level,
        ring_spread=float(ring_luma.std()),
        background=background,
        bbox=bbox,
        product_fill=1.0 - bg_share,
    )


def _border_connected(white: np.ndarray) -> np.ndarray:
    """bool mask of the white (1) pixels 4-connected through white pixels to the frame's edge.

    The mask gets a one-pixel white frame, so every white region that touches the edge joins
    that frame's region, and one flood fill from a corner of the frame finds them all: the
    same pixels as labelling every white region and keeping those on the edge, at a fifth of
    the cost (0.04 vs 0.2 ms at 250 px).
    """
    h, w = white.shape
    framed = np.ones((h + 2, w + 2), np.uint8)
    framed[1:-1, 1:-1] = white
    filled = np.zeros((h + 4, w + 4), np.uint8)  # floodFill's mask: 1 px wider on each side
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | (1 << 8)  # 4-connected, mark the mask with 1
    cv2.floodFill(framed, filled, (0, 0), 1, 0, 0, flags)
    return np.ascontiguousarray(filled[2:-2, 2:-2]).view(bool)


def _product_box(stats: np.ndarray, h: int, w: int) -> tuple[float, float, float, float] | None:
    """Box around the product parts large enough not to be noise, in 0..1 coordinates."""
    keep = stats[1:][stats[1:, cv2.CC_STAT_AREA] >= max(4, MIN_PART_SHARE * h * w)]
    if keep.size == 0:
        return None
    x0 = keep[:, cv2.CC_STAT_LEFT].min()
    y0 = keep[:, cv2.CC_STAT_TOP].min()
    x1 = (keep[:, cv2.CC_STAT_LEFT] + keep[:, cv2.CC_STAT_WIDTH]).max()
    y1 = (keep[:, cv2.CC_STAT_TOP] + keep[:, cv2.CC_STAT_HEIGHT]).max()
    return (round(x0 / w, 4), round(y0 / h, 4), round(x1 / w, 4), round(y1 / h, 4))
