"""Background and product geometry from the working image: border ring, flood from the border.

Method (image-techniques.md §1a): a ring along the four edges measures how white the border is;
the near-white region connected to the border is the background, its complement the product (plus
shadows under it, which are not connected to the border and so are not held against the seller).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import polars as pl

from .resample import shrink_to

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


# ---- the backdrop: the smooth region connected to the frame edge (IMG006) ------------------
#
# The ring above says how white the border is; a product cut off at the edge, a white frame
# around a scene or a grey floor under a white wall fool it. The backdrop is found instead as
# the smooth regions that touch the frame edge: a backdrop (white, grey, a gradient, a floor
# that fades into the wall) changes slowly from pixel to pixel, while a product's outline is
# an edge, so a product touching the border stays a region of its own and is not judged.

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
    framed: bool  # a white ring around a rectangular photo filling the frame
    box: tuple[float, float, float, float] | None  # the offending region in 0..1 coordinates


def _box(mask: np.ndarray) -> tuple[float, float, float, float] | None:
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


def _edge_labels(labels: np.ndarray) -> np.ndarray:
    """The labels along the four frame edges (corners counted once per edge)."""
    return np.concatenate((labels[0], labels[-1], labels[1:-1, 0], labels[1:-1, -1]))


def _framed(backdrop: np.ndarray) -> bool:
    """A thin, even ring of backdrop around a full rectangle: a photo pasted in a frame."""
    inner = ~backdrop
    box = _box(inner)
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


def _padded(backdrop: np.ndarray) -> tuple[int, int, int, int] | None:
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


def backdrop(work: np.ndarray, *, unpad: bool = True) -> Backdrop:
    """Find the backdrop of a white-composited RGB working image and measure it.

    A photo padded to a square by white bars (a landscape lifestyle shot made 1:1) is judged
    on the photo between the bars, not on the bars (`unpad`).
    """
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
    framed = light and _framed(mask)
    pad = _padded(mask) if light and unpad and not framed else None
    if pad is not None:
        return _unpadded(work, pad, (h, w))
    if framed:
        box = _box(~mask)
    elif light:
        # The part that is not pure white: a floor, a gradient, a tinted patch (or all of it).
        box = _box(mask & ((lo_img < OFF_WHITE) | (tint_img > CHROMA_MAX))) or _box(mask)
    else:
        box = _box(mask)
    return Backdrop(
        rgb=colour,  # type: ignore[arg-type]
        level=float(level),
        tint=float(_median_u8(tint)),
        dark_share=round(float(np.count_nonzero(dark)) / max(1, lo.size), 4),
        border_share=round(float(owned[keep].sum()) / edge.size, 4),
        framed=framed,
        box=box,
    )


def _unpadded(work: np.ndarray, pad: tuple[int, int, int, int], shape: tuple[int, int]) -> Backdrop:
    """The backdrop of the photo between the bars, its region in the whole frame's coordinates.

    The photo is cut from the working image PAD_INSET mask pixels inside the bars' edge: the
    96 px rows there mix bar and photo, and the photo's own judgment must not see the bar."""
    h, w = shape
    x0, y0, x1, y1 = pad
    wh, ww = work.shape[:2]
    fx0, fy0 = (x0 + PAD_INSET * (x0 > 0)) / w, (y0 + PAD_INSET * (y0 > 0)) / h
    fx1, fy1 = (x1 - PAD_INSET * (x1 < w)) / w, (y1 - PAD_INSET * (y1 < h)) / h
    crop = work[int(fy0 * wh) : int(np.ceil(fy1 * wh)), int(fx0 * ww) : int(np.ceil(fx1 * ww))]
    inner = backdrop(crop, unpad=False)
    if inner.box is not None:
        bx0, by0, bx1, by1 = inner.box
        sx, sy = fx1 - fx0, fy1 - fy0
        inner.box = (round(fx0 + bx0 * sx, 3), round(fy0 + by0 * sy, 3),
                     round(fx0 + bx1 * sx, 3), round(fy0 + by1 * sy, 3))
    return inner


# Feature columns of the backdrop (extract.FEATURE_COLUMNS takes them in one block).
BACKDROP_COLUMNS: dict[str, pl.DataType] = {
    "img_bg_hex": pl.String(),  # measured backdrop colour "#F4F4F4" (null: no smooth backdrop)
    "img_bg_level": pl.Float32(),  # median of the backdrop's darkest channel
    "img_bg_tint": pl.Float32(),  # median channel spread of the backdrop (colour cast)
    "img_bg_dark": pl.Float32(),  # share of the backdrop darker than DARK_LEVEL or tinted
    "img_bg_border": pl.Float32(),  # share of the frame edge the backdrop owns
    "img_bg_framed": pl.Boolean(),  # white ring around a rectangular photo
    "img_bg_box": pl.List(pl.Float32()),  # offending region x0, y0, x1, y1 in 0..1
}


def backdrop_features(rgb: np.ndarray) -> dict[str, object]:
    """The BACKDROP_COLUMNS values of one working image."""
    b = backdrop(rgb)
    return {
        "img_bg_hex": None if b.rgb is None else "#{:02X}{:02X}{:02X}".format(*b.rgb),
        "img_bg_level": b.level,
        "img_bg_tint": b.tint,
        "img_bg_dark": b.dark_share,
        "img_bg_border": b.border_share,
        "img_bg_framed": b.framed,
        "img_bg_box": None if b.box is None else list(b.box),
    }
