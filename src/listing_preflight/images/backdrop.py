"""The backdrop of a photo for IMG006: the smooth region connected to the frame edge.

The border ring (background.py) says how white the border is; a product cut off at the edge, a
white frame around a scene or a grey floor under a white wall fool it. The backdrop is found
instead as the smooth regions that touch the frame edge: a backdrop (white, grey, a gradient, a
floor that fades into the wall) changes slowly from pixel to pixel, while a product's outline is
an edge, so a product touching the border stays a region of its own and is not judged. A photo
padded by white bars or inside a drawn frame is judged inside (backdrop_shapes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import EllipsisType

import cv2
import numpy as np
import polars as pl

from . import backdrop_shapes as shapes
from .background import CHROMA_MAX
from .resample import shrink_to

BACKDROP_SIDE = 96  # long side the backdrop is found at: a backdrop is large, 96 px is plenty
SMOOTH_STEP = 7  # max channel range in a 3x3 window that still counts as smooth backdrop
MIN_REGION = 0.01  # border-touching smooth regions smaller than this share are ignored
SAME_COLOUR = 14  # regions whose median colours differ by <= this (per channel) are one backdrop
LIGHT_LEVEL = 230  # a region this light and neutral on the edge is taken as the backdrop ...
LIGHT_EDGE = 0.15  # ... when it owns at least this share of the frame edge
OFF_WHITE = 246  # pixels below this are outside "pure white" in the evidence region
DARK_LEVEL = 240  # backdrop pixels whose darkest channel is below this are "not white"


@dataclass(slots=True)
class Backdrop:
    """Measured backdrop: colour, uniformity, how much of the edge it owns, frame test."""

    rgb: tuple[int, int, int] | None  # median colour of the backdrop (None: no smooth backdrop)
    level: float | None  # median of the backdrop's darkest channel
    tint: float | None  # median max-min channel spread (a colour cast)
    dark_share: float | None  # share of the backdrop darker than DARK_LEVEL (floor, gradient)
    border_share: float  # share of the frame edge the backdrop owns (0: scene or close-up)
    framed: bool  # a scene inside a ring of white, or a frame drawn round a photo
    box: tuple[float, float, float, float] | None  # the offending region in 0..1 coordinates


def _edge_labels(labels: np.ndarray) -> np.ndarray:
    """The labels along the four frame edges (corners counted once per edge)."""
    return np.concatenate((labels[0], labels[-1], labels[1:-1, 0], labels[1:-1, -1]))


def _median_u8(values: np.ndarray) -> int:
    """Median of uint8 values from their histogram (a sort-free pass)."""
    cum = np.cumsum(np.bincount(values, minlength=256))
    return int(np.searchsorted(cum, (cum[-1] + 1) // 2))


def _region_means(
    rgb: np.ndarray, labels: np.ndarray, stats: np.ndarray, regions: np.ndarray
) -> np.ndarray:
    """(labels, 3) mean colour of each of `regions` (other rows 0; smooth: mean ~ median).

    Only the few large regions are ever compared: a masked sum per region costs a third of
    per-channel sums over every label. cv2.mean returns sum * (1 / n); the sum (an integer
    below 2^22) is recovered exactly and divided as a float64 mean of integers is.
    """
    out = np.zeros((len(stats), 3))
    for i in regions:
        n = int(stats[i, cv2.CC_STAT_AREA])
        sums = np.rint(np.array(cv2.mean(rgb, (labels == i).view(np.uint8))[:3]) * n)
        out[i] = sums / n
    return out


def backdrop(
    work: np.ndarray, *, whole_frame: bool = True, frame: shapes.Frame | None | EllipsisType = ...
) -> Backdrop:
    """Find the backdrop of a white-composited RGB working image and measure it.

    On a whole frame, a photo padded to a square by white bars (a landscape lifestyle shot made
    1:1) is judged on the photo between the bars, and a frame drawn round a white photo (a line
    or a band of one colour) is reported as a frame; `whole_frame=False` for such a photo.
    `frame`: backdrop_shapes.outline of `work` when the caller has it (... to find it here).
    """
    if frame is ...:
        frame = shapes.outline(work) if whole_frame else None
    drawn = _drawn_frame(work, frame) if frame is not None else None
    if drawn is not None:
        return drawn
    # A k x k box average then a bilinear step of less than 2x: thin structures (a frame's
    # inner edge) are averaged, not aliased, at a quarter of INTER_AREA's cost at 2.1-2.6x.
    rgb = shrink_to(work, BACKDROP_SIDE)
    h, w = rgb.shape[:2]
    if h < 4 or w < 4:
        return Backdrop(None, None, None, None, 0.0, False, None)
    grad = cv2.split(cv2.morphologyEx(rgb, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)))
    smooth = (cv2.max(cv2.max(grad[0], grad[1]), grad[2]) <= SMOOTH_STEP).view(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smooth, connectivity=4)
    edge = _edge_labels(labels)
    owned = np.bincount(edge, minlength=count)
    owned[0] = 0  # label 0: not smooth
    big = np.flatnonzero((owned > 0) & (stats[:, cv2.CC_STAT_AREA] >= MIN_REGION * h * w))
    if big.size == 0:
        return Backdrop(None, None, None, None, 0.0, False, (0.0, 0.0, 1.0, 1.0))
    chans = cv2.split(rgb)
    means = _region_means(rgb, labels, stats, big)
    # The region owning most of the edge is the backdrop; others of the same colour join it
    # (a product standing in the middle splits one backdrop into a left and a right part).
    main = big[np.argmax(owned[big])]
    # A light neutral region owning a fair part of the edge is the backdrop even when a flat
    # product (a monitor cut off at the bottom) owns more of it: products rarely reach the
    # edge in white, studio backdrops always do.
    light_regions = big[
        (means[big].min(axis=1) >= LIGHT_LEVEL)
        & (np.ptp(means[big], axis=1) <= CHROMA_MAX)
        & (owned[big] >= LIGHT_EDGE * edge.size)
    ]
    if light_regions.size:
        main = light_regions[np.argmax(owned[light_regions])]
    keep = big[np.abs(means[big] - means[main]).max(axis=1) <= SAME_COLOUR]
    lut = np.zeros(count, bool)
    lut[keep] = True
    mask = lut[labels]
    lo_img = cv2.min(cv2.min(chans[0], chans[1]), chans[2])
    tint_img = cv2.max(cv2.max(chans[0], chans[1]), chans[2]) - lo_img
    lo, tint = lo_img[mask], tint_img[mask]
    level = _median_u8(lo)
    colour = tuple(_median_u8(c[mask]) for c in chans)
    dark = mask & ((lo_img < DARK_LEVEL) | (tint_img > CHROMA_MAX))
    light = level >= DARK_LEVEL
    ring = shapes.ringed(mask) if whole_frame and light else None
    framed = ring is not None and _scene_inside(work, ring, (h, w), colour)
    if whole_frame and light and not framed:
        # Bars are pure white: a near-white photo (#F4F4F4) padded with white joins the bars
        # in the mask (SAME_COLOUR), and its backdrop would be measured as the bars' white.
        pad = shapes.padded(mask & (lo_img >= OFF_WHITE) & (tint_img <= CHROMA_MAX))
        if pad is not None:
            return _unpadded(work, pad, (h, w))
    if framed:
        box = shapes.box_of(~mask)  # the photo inside the ring
    elif light:
        # The part that is not pure white: a floor, a gradient, a tinted patch (or all of it).
        box = shapes.box_of(mask & ((lo_img < OFF_WHITE) | (tint_img > CHROMA_MAX)))
        box = box or shapes.box_of(mask)
    else:
        box = shapes.box_of(mask)
    return Backdrop(
        rgb=colour,  # type: ignore[arg-type]
        level=float(level),
        tint=float(_median_u8(tint)),
        dark_share=round(float(np.count_nonzero(dark)) / max(1, lo.size), 4),
        border_share=round(float(owned[keep].sum()) / edge.size, 4),
        framed=framed,
        box=box,
    )


def _inside(work: np.ndarray, fx0: float, fy0: float, fx1: float, fy1: float) -> Backdrop:
    """The backdrop of the part (fx0, fy0)-(fx1, fy1) of the frame (0..1), judged as a photo of
    its own, its region given in the whole frame's coordinates."""
    wh, ww = work.shape[:2]
    crop = work[int(fy0 * wh) : int(np.ceil(fy1 * wh)), int(fx0 * ww) : int(np.ceil(fx1 * ww))]
    inner = backdrop(crop, whole_frame=False)
    if inner.box is not None:
        bx0, by0, bx1, by1 = inner.box
        sx, sy = fx1 - fx0, fy1 - fy0
        inner.box = (round(fx0 + bx0 * sx, 3), round(fy0 + by0 * sy, 3),
                     round(fx0 + bx1 * sx, 3), round(fy0 + by1 * sy, 3))
    return inner


# A photo inside a ring of white (backdrop_shapes.ringed) is a frame when the photo, judged on
# its own, is a scene: no plain backdrop owns FRAMED_SCENE_EDGE of its edge (the rule's
# min_border). A rectangle holding a plain backdrop of its own is left alone: a box, a book
# or an appliance shot front-on fills a rectangle with even margins just the same, and its
# flat face is that plain "backdrop" (stop 22: a washing machine drawn front-on).
FRAMED_SCENE_EDGE = 0.25


def _scene_inside(
    work: np.ndarray, ring: tuple[int, int, int, int], shape: tuple[int, int], colour: tuple
) -> bool:
    """Whether the photo inside a ring of `colour` (its bounds in pixels of the `shape` mask) is
    a scene, judged PAD_INSET mask pixels in, without a rim of its own (a product's edge)."""
    h, w = shape
    x0, y0, x1, y1 = ring
    # The rim first (a few rows): the rectangle as the mask placed it, one mask pixel out (in
    # the ring), on the working image.
    wh, ww = work.shape[:2]
    box = (max(0, (x0 - 1) * ww // w), max(0, (y0 - 1) * wh // h),
           min(ww, -(-(x1 + 1) * ww // w)), min(wh, -(-(y1 + 1) * wh // h)))
    if shapes.rimmed(work, box, np.array(colour)):
        return False
    k = shapes.PAD_INSET
    inner = _inside(work, (x0 + k) / w, (y0 + k) / h, (x1 - k) / w, (y1 - k) / h)
    return inner.rgb is None or inner.border_share < FRAMED_SCENE_EDGE


def _unpadded(work: np.ndarray, pad: tuple[int, int, int, int], shape: tuple[int, int]) -> Backdrop:
    """The backdrop of the photo between the bars.

    The photo is cut PAD_INSET mask pixels inside the bars' edge: the 96 px rows there mix bar
    and photo, and the photo's own judgment must not see the bar."""
    h, w = shape
    x0, y0, x1, y1 = pad
    inset = shapes.PAD_INSET
    return _inside(work, (x0 + inset * (x0 > 0)) / w, (y0 + inset * (y0 > 0)) / h,
                   (x1 - inset * (x1 < w)) / w, (y1 - inset * (y1 < h)) / h)


# A frame drawn round a photo (a black line, a coloured band; backdrop_shapes.outline) on the
# working image, of a colour that is not light: it is a frame when the photo inside it, cut
# FRAME_GAP px further in (the line's blurred inner edge), has a light backdrop owning at
# least DRAWN_FRAME_INSIDE of its own edge. A grey or scene photo inside a line stays what it
# is (an error either way); a white packshot inside one is named a frame, not a scene. Found on
# the working image, not at 96 px: a 1-3 px line of a 1000 px photo is 0.1-0.3 px there, and
# the reduction drops the last row or column.
DRAWN_FRAME_INSIDE = 0.25


def _drawn_frame(work: np.ndarray, frame: shapes.Frame) -> Backdrop | None:
    """The drawn frame measured (its colour, the whole frame as the region) when the photo
    inside it is white; None otherwise."""
    colour = tuple(int(round(c)) for c in frame[1])
    rows, cols = shapes.inside(work, frame)
    h, w = work.shape[:2]
    inner = _inside(work, cols.start / w, rows.start / h, cols.stop / w, rows.stop / h)
    if inner.level is None or inner.level < DARK_LEVEL or inner.border_share < DRAWN_FRAME_INSIDE:
        return None
    return Backdrop(rgb=colour, level=float(min(colour)), tint=float(max(colour) - min(colour)),
                    dark_share=1.0, border_share=1.0, framed=True, box=(0.0, 0.0, 1.0, 1.0))


# Feature columns of the backdrop (extract.FEATURE_COLUMNS takes them in one block).
BACKDROP_COLUMNS: dict[str, pl.DataType] = {
    "img_bg_hex": pl.String(),  # measured backdrop colour "#F4F4F4" (null: no smooth backdrop)
    "img_bg_level": pl.Float32(),  # median of the backdrop's darkest channel
    "img_bg_tint": pl.Float32(),  # median channel spread of the backdrop (colour cast)
    "img_bg_dark": pl.Float32(),  # share of the backdrop darker than DARK_LEVEL or tinted
    "img_bg_border": pl.Float32(),  # share of the frame edge the backdrop owns
    "img_bg_framed": pl.Boolean(),  # a photo in a white ring, or a frame drawn round it
    "img_bg_box": pl.List(pl.Float32()),  # offending region x0, y0, x1, y1 in 0..1
}


def backdrop_features(
    rgb: np.ndarray, frame: shapes.Frame | None | EllipsisType = ...
) -> dict[str, object]:
    """The BACKDROP_COLUMNS values of one working image (`frame` as for backdrop)."""
    b = backdrop(rgb, frame=frame)
    return {
        "img_bg_hex": None if b.rgb is None else "#{:02X}{:02X}{:02X}".format(*b.rgb),
        "img_bg_level": b.level,
        "img_bg_tint": b.tint,
        "img_bg_dark": b.dark_share,
        "img_bg_border": b.border_share,
        "img_bg_framed": b.framed,
        "img_bg_box": None if b.box is None else list(b.box),
    }
