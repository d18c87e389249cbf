"""Shapes of the backdrop that are not a plain backdrop: a ring, padding bars, a drawn outline.

The frame and padding tests read the 96 px mask of the backdrop (smooth regions touching the
frame edge, backdrop.py); the drawn-frame test reads the working image's own pixels, where a
thin line still is one. Each returns geometry only: backdrop.py judges what lies inside, and
extract.hash_sources hashes inside a drawn frame.
"""

from __future__ import annotations

import numpy as np

from .background import CHROMA_MAX


def bounds(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of a mask in its own pixels (None when empty)."""
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    if ys.size == 0:
        return None
    return int(xs[0]), int(ys[0]), int(xs[-1]) + 1, int(ys[-1]) + 1


def box_of(mask: np.ndarray) -> tuple[float, float, float, float] | None:
    """Bounding box of a mask in 0..1 coordinates (None when empty)."""
    box = bounds(mask)
    if box is None:
        return None
    h, w = mask.shape
    x0, y0, x1, y1 = box
    return round(x0 / w, 3), round(y0 / h, 3), round(x1 / w, 3), round(y1 / h, 3)


# A photo pasted in a frame of backdrop: a rectangle of photo with a ring of backdrop on all four
# sides, each at most RING_MAX of the frame's long side. The rectangle is taken in whole mask
# pixels, and each of its sides need only be RING_SIDE photo: at 96 px its corners blur into
# the ring, and the cut of a 1000 px photo rarely lands on a whole row (stop 22: the exact
# test fired on 4 of 63 generated frames). Its inside may hold backdrop-coloured patches that
# touch the ring (a sky, a white wall): up to 1 - RING_FULL of it.
RING_MAX = 0.15
RING_SIDE = 0.9
RING_FULL = 0.95
RING_MIN_AREA = 0.5


def ringed(backdrop: np.ndarray) -> tuple[int, int, int, int] | None:
    """Mask-pixel bounds (x0, y0, x1, y1) of a rectangle of photo inside an even ring of
    backdrop; None when the photo is not framed that way."""
    inner = ~backdrop
    box = bounds(inner)
    if box is None:
        return None
    h, w = inner.shape
    x0, y0, x1, y1 = box
    if min(x0, y0, w - x1, h - y1) <= 0:
        return None
    # A frame is as wide in pixels above as beside the photo: its limit is set by the long side.
    if max(x0, y0, w - x1, h - y1) > RING_MAX * max(h, w):
        return None
    if (x1 - x0) * (y1 - y0) < RING_MIN_AREA * h * w:
        return None
    rect = inner[y0:y1, x0:x1]
    # Each side's outermost row or the one inside it: the outermost is a blend of ring and
    # photo, and smooth (backdrop) where the photo is light there.
    sides = (rect[:2].mean(axis=1), rect[-2:].mean(axis=1), rect[:, :2].mean(axis=0),
             rect[:, -2:].mean(axis=0))
    if min(float(side.max()) for side in sides) < RING_SIDE:
        return None
    return (x0, y0, x1, y1) if rect.mean() >= RING_FULL else None


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


# A product shot front-on fills a rectangle with even margins as a pasted photo does, but it
# has a rim of one colour: a DVD case's plastic edge, a television's bezel, a picture frame. On
# each side of the ring's rectangle (working-image pixels), the first row in from the ring that
# is not the ring's colour is the blend of ring and photo; one of the RIM_DEPTH rows after it is
# the photo's own edge. A rim is of one colour (RIM_SHARE of the row within OUTLINE_SPREAD of
# its median) along RIM_SIDES of the four sides: a case's hinge or a perspective view hides it
# on one (the tune DVD case, 0.86-0.90 on three sides); 18 tune scenes pasted in a white frame
# had it on at most one side (benchmarks/README.md, stop 24).
RIM_DEPTH = 3
RIM_SHARE = 0.75
RIM_SIDES = 3


def rimmed(rgb: np.ndarray, box: tuple[int, int, int, int], ring: np.ndarray) -> bool:
    """Whether the photo inside a ring of colour `ring` has a rim: on RIM_SIDES sides of `box`
    (x0, y0, x1, y1 in pixels of `rgb`), its outermost row is of one colour."""
    x0, y0, x1, y1 = box
    rows = (lambda d: rgb[y0 + d, x0:x1], lambda d: rgb[y1 - 1 - d, x0:x1],
            lambda d: rgb[y0:y1, x0 + d], lambda d: rgb[y0:y1, x1 - 1 - d])
    depth = min(y1 - y0, x1 - x0) // 2 - RIM_DEPTH  # a side walks in no further
    sides = 0
    for row in rows:
        d = 0
        while d < depth and _uniform(row(d), ring):
            d += 1  # still the ring
        edges = [row(d + j) for j in range(1, RIM_DEPTH + 1)] if d < depth else []
        sides += any(_near(e, np.median(e, axis=0)) >= RIM_SHARE for e in edges)
    return sides >= RIM_SIDES
