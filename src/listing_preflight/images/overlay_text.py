"""Overlay text at sufficient resolution: a cascade from the watermark network to PP-OCR.

The watermark network reads a 192 px copy of the photo, where a 10 px line of small type is
~2 px high. Every image already has its 12 x 12 cell map; an image whose hottest cell reaches
CANDIDATE_SCORE is a candidate, and only the regions around its warm cells (CELL_SCORE, grown by
one cell) are decoded again at up to DETAIL_SIDE px (DCT-scaled, at least DETAIL_SLACK of it)
and searched by the text detector (text_detect.py). Each text line found is then judged by where it sits:

- on the photo's own background: the ring of pixels around the line has the colour of the
  frame's border (white studio background, a poster's coloured frame) -> laid over the photo:
  captions, colour labels, dimension annotations, promo text on a poster frame;
- small type (at most EDGE_MAX_HEIGHT of the frame) within EDGE_BAND of an edge -> a corner
  copyright line, shop URL or signature;
- anything else (surrounded by product pixels) -> print on the product: not an overlay.

Overlay lines are read by the recogniser (IMG014 matches the text against the promo wordlists).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from . import text_detect, text_strokes
from .decode import _draft_scale, _to_rgb, upright

# Stage 1, on the working image every feature sees (200-320 px): the photo has a flat
# background (at least FLAT_SHARE of its 2 % border ring within SURROUND_TOLERANCE of the ring's
# median colour) carrying small separate marks: connected parts that differ from the background
# and are smaller than PRODUCT_AREA of the frame and lower than MARK_HEIGHT (letters, a logo, an
# arrow; the product is the large parts). Or the watermark network's hottest cell reaches
# NET_CANDIDATE (then the 3 x 3 cells around it are searched). Stage 2: those regions, cut from
# the photo re-decoded at up to DETAIL_SIDE px (or the working image when it is fine enough), go
# through the text detector.
FLAT_SHARE = 0.9
PRODUCT_AREA = 0.01
MARK_HEIGHT = 0.08
MAX_REGIONS = 4
LINE_ASPECT = 2.5  # width / height of a joined group of marks that reads as a line of type
NET_CANDIDATE = 0.9
# A hot cell in the frame's two outer rings wakes the detector from this score (any background).
EDGE_CANDIDATE = 0.85
# Marks (or joined lines) lower than this (px of the working image, before the 3 px joining
# dilation) are specks and hairlines, not type: small type at 1.2 % of the height is 3 px there.
MIN_MARK_PX = 2
DETAIL_SIDE = 1000  # long side of the re-decoded image the regions are cut from
# The re-decode may be this much coarser than asked (a 1600 px JPEG at 1/2 is 800 px, its
# small type 0.8x as high): a DCT-scaled decode costs a fraction of a whole one.
DETAIL_SLACK = 0.8
DET_SIDE = 640  # long side of one region as the detector reads it
# At most this many detector input pixels per region (the detector costs ~0.2 us a pixel: a
# region that merged across the whole frame cost ~95 ms at 640 x 640, now ~22 ms at 320 x 320).
DET_MAX_PIXELS = 320 * 320
MAX_LINES = 3  # overlay lines read per image (the tallest first)
# Scale of the search: text whose height stage 1 measured is decoded only as finely as the
# recogniser needs (READ_PX high) and shown to the detector at DET_TEXT_PX high; small type
# (and the network's regions, where the size is unknown) at up to DETAIL_SIDE / DET_SIDE.
READ_PX = 24
DET_TEXT_PX = 20
# Where a line counts as an overlay.
SURROUND_TOLERANCE = 20  # max channel difference from the border colour
SURROUND_SHARE = 0.8  # share of the ring around the line that must match it
EDGE_BAND = 0.1
EDGE_MAX_HEIGHT = 0.04
# A line the detector is sure of (AGREE_LINE) where the network's cell reaches AGREE_CELL is an
# overlay wherever it lies, unless inside the product's outline (tuned on the tune photos).
AGREE_LINE = 0.8
AGREE_CELL = 0.7
LINE_SCORE = 0.7  # detector score of an overlay line for IMG007 (tuned: watermark_eval_real.py)


@dataclass(frozen=True, slots=True)
class Line:
    """A text line in frame coordinates (0..1), its detector score, overlay verdict and text."""

    box: tuple[float, float, float, float]
    score: float
    overlay: bool
    text: str


Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Region:
    """A part of the frame (0..1) the detector searches, and the height (share of the frame's
    height) of the smallest text stage 1 saw there; None when unknown (a network region)."""

    box: Box
    text: float | None = None


@dataclass(frozen=True, slots=True)
class Stage1:
    """Stage 1 of one image: the regions to search, and the product's outline (or None)."""

    regions: list[Region]
    hull: np.ndarray | None


def _ring(rgb: np.ndarray) -> np.ndarray:
    """(n, 3) int16 pixels of a 2 % ring along the frame's border."""
    h, w = rgb.shape[:2]
    k = max(1, round(0.02 * min(h, w)))
    parts = [rgb[:k], rgb[-k:], rgb[:, :k], rgb[:, -k:]]
    return np.concatenate([p.reshape(-1, 3) for p in parts]).astype(np.int16)


def border_colour(rgb: np.ndarray) -> np.ndarray:
    """Median colour of the border ring (the photo's background)."""
    return np.median(_ring(rgb), axis=0)


def _parts(work: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Connected parts that differ from a flat background: (labels, stats, centroids); None
    when the photo has no flat background."""
    ring = _ring(work)[::3]  # every third border pixel: the median and shares are as good
    border = np.median(ring, axis=0)
    if float((np.abs(ring - border).max(axis=1) <= SURROUND_TOLERANCE).mean()) < FLAT_SHARE:
        return None
    # Distance from the border colour, max over channels, in OpenCV (numpy's reduction over
    # the 3-channel axis cost ~10x more on a 250 px image).
    flat = np.empty_like(work)
    flat[:] = np.clip(border, 0, 255).astype(np.uint8)
    c0, c1, c2 = cv2.split(cv2.absdiff(work, flat))
    fg = cv2.compare(cv2.max(cv2.max(c0, c1), c2), SURROUND_TOLERANCE, cv2.CMP_GT)
    _, labels, stats, centroids = cv2.connectedComponentsWithStats(fg, connectivity=8)
    return labels, stats, centroids


def _hull(labels: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """The product's outline: the convex hull of its large parts, as a 0/1 mask.

    Marks inside it are print on the product (a white T-shirt's print, a book cover's title:
    the product's own white reads as background there); captions, labels and arrows lie
    beside it.
    """
    h, w = labels.shape
    hull = np.zeros((h, w), np.uint8)
    large = np.flatnonzero(stats[:, 4] >= PRODUCT_AREA * h * w)
    large = large[large > 0]
    if len(large):
        keep = np.zeros(len(stats), bool)
        keep[large] = True
        mask = keep[labels]
        # The hull of a set is the hull of each row's leftmost and rightmost pixels: ~2 h
        # points instead of every product pixel (the hull of tens of thousands of points cost
        # ~1 ms, as much as the rest of stage 1).
        rows = np.flatnonzero(mask.any(axis=1))
        sub = mask[rows]
        left = sub.argmax(axis=1)
        right = w - 1 - sub[:, ::-1].argmax(axis=1)
        points = np.concatenate([np.stack([left, rows], 1), np.stack([right, rows], 1)])
        cv2.fillConvexPoly(hull, cv2.convexHull(points.astype(np.int32)), 1)
    return hull


def mark_regions(work: np.ndarray) -> list[Box]:
    """Boxes (0..1) around small separate marks beside the product on a flat background."""
    return [r.box for r in stage_one(work, None).regions]


def _mark_lines(
    work: np.ndarray, parts: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[list[Region], np.ndarray | None]:
    """Regions around small separate marks beside the product, and the product's outline
    (None when there are no small marks: the outline is not needed then)."""
    h, w = work.shape[:2]
    labels, stats, centroids = parts
    small = (stats[:, 4] < PRODUCT_AREA * h * w) & (stats[:, 3] <= MARK_HEIGHT * h)
    small[0] = False  # the background itself
    if not small.any():
        return [], None
    # Only now the outline (a convex hull costs as much as the rest of this stage).
    hull = _hull(labels, stats)
    cx = np.clip(centroids[:, 0].astype(int), 0, w - 1)
    cy = np.clip(centroids[:, 1].astype(int), 0, h - 1)
    small &= hull[cy, cx] == 0
    if not small.any():
        return [], hull
    marks = small[labels].astype(np.uint8)
    # Letters of one line are separate parts: join them sideways into lines.
    lines = cv2.dilate(marks, np.ones((3, 9), np.uint8))
    regions = []
    for x, y, bw, bh in text_strokes.boxes_of(lines):
        # A line of type is long; a logo or signature sits near the frame's edge. Other small
        # parts (a product of thin pieces, crumbs, a shadow's speck) do not wake the detector.
        edge = min(x, y, w - x - bw, h - y - bh) <= EDGE_BAND * min(h, w)
        if (bw < LINE_ASPECT * bh and not edge) or bh - 2 < MIN_MARK_PX:
            continue
        pad_x, pad_y = bh + 0.01 * w, bh
        box = (max(0.0, (x - pad_x) / w), max(0.0, (y - pad_y) / h),
               min(1.0, (x + bw + pad_x) / w), min(1.0, (y + bh + pad_y) / h))
        # The dilation added 2 px to the line's height.
        regions.append(Region(box, max(1, bh - 2) / h))
    return cap_regions(merge_regions(regions)), hull


def merge_regions(regions: list[Region]) -> list[Region]:
    """Overlapping regions joined until none overlap (keeping the smaller text height)."""
    regions = list(regions)
    merged = True
    while merged:
        merged = False
        for i in range(len(regions)):
            for j in range(i + 1, len(regions)):
                a, b = regions[i].box, regions[j].box
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    ta, tb = regions[i].text, regions[j].text
                    text = None if ta is None or tb is None else min(ta, tb)
                    regions[i] = Region((min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
                                         max(a[3], b[3])), text)
                    del regions[j]
                    merged = True
                    break
            if merged:
                break
    return regions


def cap_regions(regions: list[Region]) -> list[Region]:
    """The largest regions first; past MAX_REGIONS one region around all the rest."""
    regions = sorted(regions, key=lambda r: -(r.box[2] - r.box[0]) * (r.box[3] - r.box[1]))
    if len(regions) <= MAX_REGIONS:
        return regions
    rest = regions[MAX_REGIONS - 1 :]
    texts = [r.text for r in rest]
    box = (min(r.box[0] for r in rest), min(r.box[1] for r in rest),
           max(r.box[2] for r in rest), max(r.box[3] for r in rest))
    return [*regions[: MAX_REGIONS - 1],
            Region(box, None if None in texts else min(t for t in texts if t is not None))]


def hot_region(cells: np.ndarray | None) -> list[Box]:
    """The 3 x 3 cells around the network's hottest cell when it reaches NET_CANDIDATE."""
    if cells is None or float(cells.max()) < NET_CANDIDATE:
        return []
    grid = cells.shape[0]
    r, c = divmod(int(cells.argmax()), grid)
    return [(max(0, c - 1) / grid, max(0, r - 1) / grid,
             min(grid, c + 2) / grid, min(grid, r + 2) / grid)]


def edge_region(cells: np.ndarray | None) -> list[Box]:
    """The cells around the hottest cell of the frame's two outer rings when it reaches
    EDGE_CANDIDATE (a copyright line or signature on a photo without a plain background)."""
    if cells is None or EDGE_CANDIDATE >= NET_CANDIDATE:
        return []
    grid = cells.shape[0]
    ring = cells.copy()
    ring[2:-2, 2:-2] = 0
    best = float(ring.max())
    if best < EDGE_CANDIDATE or best >= NET_CANDIDATE:  # >= NET_CANDIDATE: hot_region has it
        return []
    r, c = divmod(int(ring.argmax()), grid)
    return [(max(0, c - 1) / grid, max(0, r - 1) / grid,
             min(grid, c + 2) / grid, min(grid, r + 2) / grid)]


def stage_one(work: np.ndarray, cells: np.ndarray | None) -> Stage1:
    """The regions of the frame the detector searches ([]: no candidate) and the outline."""
    parts = _parts(work)
    if parts is not None:
        regions, hull = _mark_lines(work, parts)
    else:  # no plain background: rows of small type along the edges
        regions, hull = [Region(b, t) for b, t in text_strokes.edge_lines(work, cells)], None
    hot = [Region(b) for b in hot_region(cells) + edge_region(cells)]
    if hot and parts is not None and hull is None:
        hull = _hull(parts[0], parts[1])  # is the network's hot region on the product?
    return Stage1(merge_regions(regions + hot), hull)


def candidate_regions(work: np.ndarray, cells: np.ndarray | None) -> list[Box]:
    """Regions (0..1) of the frame the text detector searches; [] when it is no candidate."""
    return [r.box for r in stage_one(work, cells).regions]


def decode_detail(data: bytes, side: int = DETAIL_SIDE) -> np.ndarray:
    """Upright RGB of the image with its long side at least DETAIL_SLACK x `side` (a JPEG
    DCT-scaled by the coarsest 1/2, 1/4 or 1/8 that keeps it; other formats reduced by an
    integer box). The frame is not resized as a whole: the detector resizes each region and
    the recogniser each line (a 1600 px JPEG decoded whole and resized to 1000 px cost ~27 ms,
    its 1/2 decode ~4 ms)."""
    im = Image.open(io.BytesIO(data))
    orientation = int(im.getexif().get(0x0112, 1) or 1)
    width, height = im.size
    scale = _draft_scale(width, height, max(1, int(side * DETAIL_SLACK)))
    if im.format in ("JPEG", "MPO") and scale > 1:
        im.draft("RGB", (width // scale, height // scale))
        im.load()
    else:
        im.load()
        if scale > 1 and im.mode in ("RGB", "RGBA", "L", "LA"):
            im = im.reduce(scale)
    return np.ascontiguousarray(upright(_to_rgb(im), orientation))


def on_background(rgb: np.ndarray, box: text_detect.TextBox, border: np.ndarray) -> bool:
    """Whether the ring around a line has the border's colour (the line lies on the background)."""
    h, w = rgb.shape[:2]
    pad = max(3.0, 0.5 * (box.y1 - box.y0))
    x0, y0 = int(max(0, box.x0 - pad)), int(max(0, box.y0 - pad))
    x1, y1 = int(min(w, box.x1 + pad)), int(min(h, box.y1 + pad))
    outer = rgb[y0:y1, x0:x1].astype(np.int16)
    inside = np.zeros(outer.shape[:2], bool)
    inside[int(box.y0) - y0 : int(np.ceil(box.y1)) - y0, int(box.x0) - x0 : int(np.ceil(box.x1)) - x0] = True
    ring = outer[~inside]
    if ring.size == 0:
        return False
    close = np.abs(ring - border.astype(np.int16)).max(axis=1) <= SURROUND_TOLERANCE
    return float(close.mean()) >= SURROUND_SHARE


def at_edge(box: tuple[float, float, float, float]) -> bool:
    """Small type near an edge of the frame (a corner copyright line, URL or signature)."""
    x0, y0, x1, y1 = box
    near = min(x0, y0, 1 - x1, 1 - y1) <= EDGE_BAND
    return near and (y1 - y0) <= EDGE_MAX_HEIGHT


def _inside(hull: np.ndarray | None, box: Box) -> bool:
    """Whether a line's centre lies inside the product's outline (then it is print)."""
    if hull is None:
        return False
    h, w = hull.shape
    x, y = (box[0] + box[2]) / 2 * w, (box[1] + box[3]) / 2 * h
    return bool(hull[min(h - 1, int(y)), min(w - 1, int(x))])


def find_lines(data: bytes, work: np.ndarray, cells: np.ndarray | None) -> list[Line] | None:
    """Text lines of a candidate image (None: not a candidate, the detector was not run)."""
    found = search(data, work, cells)
    return None if found is None else found[0]


def detail_side(regions: list[Region], work: np.ndarray) -> int:
    """Long side of the re-decode: fine enough that the smallest text is READ_PX high (a
    caption 4 % of the frame high needs ~600 px, small type the whole DETAIL_SIDE)."""
    h, w = work.shape[:2]
    texts = [r.text for r in regions]
    if None in texts:
        return DETAIL_SIDE
    need = READ_PX / min(t for t in texts if t is not None) * max(h, w) / h
    return int(min(DETAIL_SIDE, max(need, max(h, w))))


def _det_side(crop: np.ndarray, text: float | None, frame: tuple[int, int], g: float = 1.0) -> int:
    """Long side of one region as the detector reads it, as it would be cut from the frame
    decoded at the side asked for (`g`: that side over the frame's own, > 1 when the decode was
    DCT-scaled coarser): its text (when stage 1 measured it) at most DET_TEXT_PX high, and at
    most DET_MAX_PIXELS in all."""
    ch, cw = crop.shape[:2]
    long = max(ch, cw)
    f = g
    if text is not None:
        f = g * min(1.0, DET_TEXT_PX / max(1.0, text * frame[0] * g))
    f = min(f, (DET_MAX_PIXELS / (ch * cw)) ** 0.5)
    return int(min(DET_SIDE, max(32, long * f)))


def search(
    data: bytes, work: np.ndarray, cells: np.ndarray | None
) -> tuple[list[Line], bool] | None:
    """(text lines, textless) of a candidate image; None when it is no candidate.

    `textless`: the network's hot region lies inside the product's outline on a flat
    background and the detector found no text line there: the network answered a pattern of
    the product (an LED array, a leaf print), not a mark laid over it.
    """
    stage = stage_one(work, cells)
    if not stage.regions or not text_detect.available():
        return None
    side = detail_side(stage.regions, work)
    # Large type (a poster's promo line) is read well enough on the working image itself: no
    # second decode then.
    rgb = work if max(work.shape[:2]) >= side * DETAIL_SLACK else decode_detail(data, side)
    h, w = rgb.shape[:2]
    # The regions reach the detector at the scale of the side asked for (a 1600 px JPEG decoded
    # at 800 px: each region enlarged 1.25x, a fraction of the cost of the whole decode), never
    # above the photo's own size.
    g = min(side, max(Image.open(io.BytesIO(data)).size)) / max(h, w)
    hull = stage.hull
    border = border_colour(rgb)
    found: list[tuple[tuple[float, float, float, float], text_detect.TextBox]] = []
    for region in stage.regions:
        rx0, ry0, rx1, ry1 = region.box
        px0, py0, px1, py1 = int(rx0 * w), int(ry0 * h), int(np.ceil(rx1 * w)), int(np.ceil(ry1 * h))
        crop = rgb[py0:py1, px0:px1]
        if min(crop.shape[:2]) < 8:
            continue
        for b in text_detect.detect(crop, max_side=_det_side(crop, region.text, (h, w), g)):
            full = text_detect.TextBox(b.x0 + px0, b.y0 + py0, b.x1 + px0, b.y1 + py0, b.score)
            found.append(((full.x0 / w, full.y0 / h, full.x1 / w, full.y1 / h), full))
    lines = []
    # Read the largest overlay lines first; the rest keep an empty text.
    order = sorted(range(len(found)), key=lambda i: -(found[i][1].y1 - found[i][1].y0))
    reads = 0
    for i in order:
        box, pix = found[i]
        placed = at_edge(box) or on_background(rgb, pix, border)
        # Two cheap witnesses agreeing: the network is warm where the detector found a line.
        agreed = pix.score >= AGREE_LINE and _cells_max(cells, box) >= AGREE_CELL
        overlay = (placed or agreed) and not _inside(hull, box)
        text = ""
        if overlay and pix.score >= LINE_SCORE and reads < MAX_LINES:
            text = text_detect.read(rgb, pix)
            reads += 1
        lines.append(Line(tuple(round(v, 4) for v in box), round(pix.score, 3), overlay, text))
    return lines, _textless(hot_region(cells), hull, [box for box, _ in found])


def _cells_max(cells: np.ndarray | None, box: Box) -> float:
    """The network's highest cell under a box (0..1 frame coordinates)."""
    if cells is None:
        return 0.0
    g = cells.shape[0]
    c0, r0 = min(g - 1, int(box[0] * g)), min(g - 1, int(box[1] * g))
    c1, r1 = max(c0 + 1, int(np.ceil(box[2] * g))), max(r0 + 1, int(np.ceil(box[3] * g)))
    return float(cells[r0:r1, c0:c1].max())


def _textless(hot: list[Box], hull: np.ndarray | None, boxes: list[Box]) -> bool:
    """The hot region is inside the product outline and no detected line touches it."""
    if not hot or hull is None or not _inside(hull, hot[0]):
        return False
    x0, y0, x1, y1 = hot[0]
    return not any(b[0] < x1 and x0 < b[2] and b[1] < y1 and y0 < b[3] for b in boxes)
