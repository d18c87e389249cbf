"""The product box of an image for the similarity hashes: found on the small hash input, its
edges located again on the finest greyscale at hand.

The box is the region that differs from the background colour of the border, found again inside
the box while the box itself has a uniform border (a grey studio photo pasted on a white canvas
is boxed down to the model, as the original is). Used by images.hashing only.
"""

from __future__ import annotations

import cv2
import numpy as np

# A pixel differs from the background when a channel differs by more than this from the
# border's median colour (JPEG noise on a white background stays within ~10).
BACKGROUND_TOLERANCE = 18
# A row/column belongs to the box when at least this share of it differs from the background:
# specks of dust and JPEG ringing far from the product do not stretch the box.
MIN_PRODUCT_SHARE = 0.01
# The border counts as a uniform background when this share of it is within the tolerance.
UNIFORM_BORDER_SHARE = 0.6
# ... or when both edges of one pair of opposite sides are background to this share (bars
# beside a photo that fills the canvas on the other axis).
BAR_SHARE = 0.98


def _product_lines(within: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Indices of the rows and columns of a 0/255 background mask that hold product pixels."""
    h, w = within.shape[:2]
    # Differing pixels per row / column. cv2.reduce on the 0/255 mask gives the same integer
    # counts as np.count_nonzero along an axis, ~40x faster (0.005 vs 0.2 ms at 128 px).
    row_diff = w - cv2.reduce(within, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
    col_diff = h - cv2.reduce(within, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
    rows = np.flatnonzero(row_diff >= max(1, MIN_PRODUCT_SHARE * w))
    cols = np.flatnonzero(col_diff >= max(1, MIN_PRODUCT_SHARE * h))
    if rows.size == 0 or cols.size == 0:
        return None
    return rows, cols


def _within(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Channel bounds of "background": the (n, 3) pixels' middle colour +- BACKGROUND_TOLERANCE."""
    # the middle value per channel (np.median's mean of the two middles costs 8x more); the
    # bounds in plain integers (np.clip on three values cost ~10 us, more than the rest)
    middle = np.partition(pixels, pixels.shape[0] // 2, axis=0)[pixels.shape[0] // 2].tolist()
    lo = np.array([max(0, v - BACKGROUND_TOLERANCE) for v in middle], np.uint8)
    hi = np.array([min(255, v + BACKGROUND_TOLERANCE) for v in middle], np.uint8)
    return lo, hi


def _bar_colour(ring: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Background bounds of two uniform bars on opposite sides (left and right, or top and
    bottom) of a ring laid out as top, bottom (`width` pixels each), left, right; None when
    there are none.

    A photo that fills its canvas on one axis touches two edges: the ring is mostly photo and
    reads as not uniform, although the two bars beside it are plain canvas. Re-framed at a
    smaller fill the same photo gets a canvas all round and is boxed to itself; boxing it
    between its bars here ends both copies on the same box (issue 12 §4).
    """
    for sides in (ring[2 * width :], ring[: 2 * width]):
        lo, hi = _within(sides)
        if np.count_nonzero(cv2.inRange(sides[:, None, :], lo, hi)) >= BAR_SHARE * sides.shape[0]:
            return lo, hi
    return None


def _box_once(rgb: np.ndarray, require_uniform: bool) -> tuple[int, int, int, int] | None:
    """Box of the pixels that differ from the border colour, or None when there is no box."""
    height, width = rgb.shape[:2]
    # A plain stride (no blending) keeps canvas pixels exact; rounding the box inwards keeps
    # the canvas out of it, so a pasted photo is boxed to exactly itself.
    step = max(1, max(height, width) // 128)
    small = np.ascontiguousarray(rgb[::step, ::step])
    sh, sw = small.shape[:2]
    k = 2 if min(sh, sw) > 16 else 0  # skip the outermost pixels (edge artefacts)
    ring = np.concatenate([small[k], small[-1 - k], small[:, k], small[:, -1 - k]])
    lo, hi = _within(ring)
    if require_uniform:
        uniform = np.count_nonzero(cv2.inRange(ring[:, None, :], lo, hi)) / ring.shape[0]
        if uniform < UNIFORM_BORDER_SHARE:
            bars = _bar_colour(ring, sw)
            if bars is None:
                return None
            lo, hi = bars
    found = _product_lines(cv2.inRange(small, lo, hi))  # ~25x faster than numpy
    if found is None:
        return None
    rows, cols = found
    return (
        int(cols[0] * step),
        int(rows[0] * step),
        int(cols[-1] * step + 1),
        int(rows[-1] * step + 1),
    )


def box_path(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The nested boxes found from the frame inwards; the last one is the product box.

    Each step boxes the pixels that differ from the border colour, and only while the border is
    a uniform background (or two opposite sides are: _bar_colour): a studio photo on a gradient
    stays whole, and pasted onto a white canvas it is boxed back to exactly itself, so both
    copies end on the same box.
    """
    path = [(0, 0, rgb.shape[1], rgb.shape[0])]
    for _ in range(3):
        x0, y0, x1, y1 = path[-1]
        found = _box_once(rgb[y0:y1, x0:x1], require_uniform=True)
        if found is None:
            break
        a, b, c, d = found
        if (a, b, c, d) == (0, 0, x1 - x0, y1 - y0) or c - a < 8 or d - b < 8:
            break
        path.append((x0 + a, y0 + b, x0 + c, y0 + d))
    return path


def product_box(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1) of the product; the whole frame when there is none."""
    return box_path(rgb)[-1]


def _grey_box(grey: np.ndarray, level: int) -> tuple[int, int, int, int] | None:
    """Box of the rows/columns of a greyscale array with product pixels (beyond the tolerance)."""
    h, w = grey.shape
    found = _product_lines(
        cv2.inRange(grey, max(0, level - BACKGROUND_TOLERANCE), min(255, level + BACKGROUND_TOLERANCE))
    )
    if found is None:
        return None
    rows, cols = found
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def _ring_level(grey: np.ndarray) -> int:
    ring = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return int(np.partition(ring, ring.size // 2)[ring.size // 2])


def fine_box(src: np.ndarray, shape: tuple[int, ...],
             path: list[tuple[int, int, int, int]]) -> tuple[tuple[int, int, int, int], int | None]:
    """The product box located on `src` (the finest greyscale at hand) and its background level.

    The box is found on the small hash input (fast, resolution-independent), whose pixels are
    ~8 % of a 35 % fill product's width apart at 128 px... too coarse: a photo of a product at
    ~40 % fill saved again at 900 px moved its box phash by 14 bits (issue 12). So the box's
    edges are searched again on `src` (the working image's luma, 200-320 px) in a window of 2
    coarse pixels around them. Level None: no product box (the whole frame is hashed).
    """
    h, w = src.shape
    if len(path) == 1:
        return (0, 0, w, h), None
    fy, fx = h / shape[0], w / shape[1]
    x0, y0, x1, y1 = path[-1]
    coarse = (round(x0 * fx), round(y0 * fy), round(x1 * fx), round(y1 * fy))
    # The window stays inside the box the product was found in (rounded inwards): a product
    # cut off by the edge of a photo pasted on a canvas must not reach into the canvas.
    # (Integer arithmetic: the frame itself maps to exactly 0..w, 0..h.)
    px0, py0, px1, py1 = path[-2]
    sh, sw = shape[:2]
    wx0 = max(-(-px0 * w // sw), int((x0 - 2) * fx))
    wy0 = max(-(-py0 * h // sh), int((y0 - 2) * fy))
    wx1 = min(px1 * w // sw, int(np.ceil((x1 + 2) * fx)))
    wy1 = min(py1 * h // sh, int(np.ceil((y1 + 2) * fy)))
    window = src[wy0:wy1, wx0:wx1]
    level = _ring_level(window)
    found = _grey_box(window, level) if min(window.shape) >= 8 else None
    if found is not None:
        a, b, c, d = found
        box = (wx0 + a, wy0 + b, wx0 + c, wy0 + d)
        # keep it only when it is the same box, sharper (a different level read off a ring
        # that crosses the product could box something else)
        inter = max(0, min(box[2], coarse[2]) - max(box[0], coarse[0])) * \
            max(0, min(box[3], coarse[3]) - max(box[1], coarse[1]))
        union = (box[2] - box[0]) * (box[3] - box[1]) + (coarse[2] - coarse[0]) * (coarse[3] - coarse[1]) - inter
        if c - a >= 8 and d - b >= 8 and inter >= 0.8 * union:
            return box, level
    return coarse, level
