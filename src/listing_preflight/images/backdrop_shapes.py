"""Shapes of the backdrop that are not a plain backdrop: a frame, padding bars, a drawn outline.

The frame and padding tests read the 96 px mask of the backdrop (smooth regions touching the
frame edge, backdrop.py); the drawn-frame test reads the working image's own pixels, where a
thin line still is one. Each returns geometry only: backdrop.py judges what lies inside, and
extract.hash_sources hashes inside a drawn frame.
"""

from __future__ import annotations

import numpy as np

from .background import CHROMA_MAX


def box_of(mask: np.ndarray) -> tuple[float, float, float, float] | None:
    """Bounding box of a mask in 0..1 coordinates (None when empty)."""
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    if ys.size == 0:
        return None
    h, w = mask.shape
    return (
        round(float(xs[0]) / w, 3),
        round(float(ys[0]) / h, 3),
        round(float(xs[-1] + 1) / w, 3),
        round(float(ys[-1] + 1) / h, 3),
    )


def framed(backdrop: np.ndarray) -> bool:
    """A thin, even ring of backdrop around a full rectangle: a photo pasted in a frame."""
    inner = ~backdrop
    box = box_of(inner)
    if box is None:
        return False
    x0, y0, x1, y1 = box
    margins = (x0, y0, 1 - x1, 1 - y1)
    if min(margins) <= 0 or max(margins) > 0.15 or (x1 - x0) * (y1 - y0) < 0.5:
        return False
    h, w = inner.shape
    rect = inner[int(y0 * h) : int(round(y1 * h)), int(x0 * w) : int(round(x1 * w))]
    # A product is rarely an exact axis-aligned rectangle filling its box to the corners.
    return float(rect.mean()) >= 0.985 and bool(rect[0].all() and rect[-1].all())


# A photo padded to a square by bars of backdrop (letterbox or pillarbox): the photo between the
# bars reaches the two other frame edges along at least PAD_EDGE of its length on each side.
# 0.6, not more: a lifestyle photo's light sky or wall at its sides joins the white bars (two
# tune scenes measured 0.63 and 0.64); white packshots padded the same way measured <= 0.43
# on that side unless the product itself is cut off there (benchmarks/README.md, stop 23).
PAD_EDGE = 0.6
PAD_INSET = 2  # mask pixels (of 96) cut off the photo's barred sides before it is judged
# ... and the photo between the bars is at least this share of the frame: a thin stripe across
# a white frame (a cable, a ruler) is a product, and thinner than 2 x PAD_INSET mask pixels
# there is nothing left to judge. The corpus's widest photo, a 6.4:1 banner, is 0.16 padded.
PAD_MIN_PHOTO = 0.12


def padded(backdrop: np.ndarray) -> tuple[int, int, int, int] | None:
    """The photo between two bars of backdrop (above and below, or left and right), as pixel
    bounds (x0, y0, x1, y1) of the mask; None when the frame is not padded that way."""
    for turned in (False, True):
        m = backdrop.T if turned else backdrop
        whole = m.all(axis=1)  # rows that are backdrop from edge to edge
        if whole.all() or not (whole[0] and whole[-1]):
            continue
        a = int(np.argmin(whole))
        b = len(whole) - int(np.argmin(whole[::-1]))
        if b - a < PAD_MIN_PHOTO * len(whole):
            continue
        band = m[a:b]
        # The photo's own sides lie on the frame's edges: backdrop there means the bars are
        # the photo's own background (a packshot shrunk onto white), not padding.
        if min(1 - band[:, 0].mean(), 1 - band[:, -1].mean()) < PAD_EDGE:
            continue
        w = m.shape[1]
        return (a, 0, b, w) if turned else (0, a, w, b)
    return None


# A frame drawn round the photo (a line or a band along all four edges, on the working image):
# on each side, the outermost row of pixels is of one colour (OUTLINE_SHARE of its pixels within
# OUTLINE_SPREAD per channel of its median; a product touching the edge breaks it) and the
# colour ends within OUTLINE_MAX of the short side, along the whole side (a plain backdrop goes
# on). Each side is measured apart: a line's blend differs where the reduced decode cut a
# partial block.
OUTLINE_MAX = 0.06
OUTLINE_SPREAD = 16
OUTLINE_SHARE = 0.9
OUTLINE_MIN_SIDE = 32  # a smaller image (an icon, a strip) has no frame to find
# A light neutral ring (darkest channel >= OUTLINE_LIGHT) is the photo's own white margin, or a
# frame too light to matter: not a frame. A white margin that ends near all four edges is
# where the product comes close to them, and it ends at another depth in a re-framed copy.
OUTLINE_LIGHT = 240


def _near(pixels: np.ndarray, colour: np.ndarray) -> float:
    """Share of `pixels` within OUTLINE_SPREAD of `colour`."""
    return float((np.abs(pixels.astype(np.int16) - colour).max(axis=1) <= OUTLINE_SPREAD).mean())


def _uniform(pixels: np.ndarray, colour: np.ndarray) -> bool:
    """Whether OUTLINE_SHARE of `pixels` lie within OUTLINE_SPREAD of `colour`."""
    return _near(pixels, colour) >= OUTLINE_SHARE


def _light(colour: np.ndarray) -> bool:
    """A light neutral colour (OUTLINE_LIGHT): a white margin, not a frame."""
    return float(colour.min()) >= OUTLINE_LIGHT and float(np.ptp(colour)) <= CHROMA_MAX


Frame = tuple[int, np.ndarray]  # a drawn frame: its depth in pixels, its median colour
FRAME_GAP = 2  # px cut inside a drawn frame besides its depth: its blurred inner edge


def outline(rgb: np.ndarray) -> Frame | None:
    """(depth in pixels, median colour) of a frame drawn round the photo; None when a side's
    outermost row is not of one colour (a scene, a product cut off at an edge), its colour goes
    on past OUTLINE_MAX (a plain backdrop) or is light (the photo's own white margin)."""
    h, w = rgb.shape[:2]
    if min(h, w) < OUTLINE_MIN_SIDE:
        return None
    limit = max(2, int(np.ceil(OUTLINE_MAX * min(h, w))))
    sides = (lambda d: rgb[d, d : w - d], lambda d: rgb[h - 1 - d, d : w - d],
             lambda d: rgb[d : h - d, d], lambda d: rgb[d : h - d, w - 1 - d])
    depth, colours = 0, []
    for side in sides:
        colour = np.median(side(0), axis=0)
        # A plain backdrop still has the colour at the limit: asked first, it costs one row.
        if _light(colour) or not _uniform(side(0), colour) or _uniform(side(limit), colour):
            return None
        d = 1
        while d < limit and _uniform(side(d), colour):
            d += 1
        # A drawn frame ends along the whole side (past one blurred row); a backdrop "ends"
        # only where the product comes near the edge, and goes on beside it.
        if _near(side(d + 1), colour) > 1 - OUTLINE_SHARE:
            return None
        depth = max(depth, d)
        colours.append(colour)
    return depth, np.median(np.array(colours), axis=0)


def inside(rgb: np.ndarray, frame: Frame) -> tuple[slice, slice]:
    """The (rows, columns) of `rgb` inside a drawn frame, FRAME_GAP px further in."""
    k = frame[0] + FRAME_GAP
    h, w = rgb.shape[:2]
    return slice(k, h - k), slice(k, w - k)
