"""Stage 1 of the overlay-text cascade: which regions of a photo the text detector searches.

Runs on the working image every feature sees (200-320 px), for every image, so it must be cheap:
- the photo has a flat background (at least FLAT_SHARE of its 2 % border ring within
  SURROUND_TOLERANCE of the ring's median colour) carrying small separate marks beside the
  product: connected parts that differ from the background, smaller than PRODUCT_AREA of the
  frame and lower than MARK_HEIGHT (letters, a logo, an arrow; the product is the large parts),
  joined into lines;
- or, without a flat background, rows of small type along the edges (text_strokes.py);
- or the watermark network's hottest cell reaches NET_CANDIDATE (the 3 x 3 cells around it),
  or its hottest cell in the two outer rings reaches EDGE_CANDIDATE.
An image with no region is no candidate: the detector never runs on it (overlay_text.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from . import text_strokes
from .row_ends import row_end_points

FLAT_SHARE = 0.9
PRODUCT_AREA = 0.01
MARK_HEIGHT = 0.08
MAX_REGIONS = 4
LINE_ASPECT = 2.5  # width / height of a joined group of marks that reads as a line of type
# The network's hottest cell wakes the detector from this score. The stop-15 network (IMG007
# threshold 0.978) is surer of itself than the one before: on the tune photos 0.95 keeps the
# same recall as 0.9 with fewer clean photos searched (benchmarks/README.md, "stop 15"). With
# the stop-17 network (threshold 0.990) 0.9 gains 1 tune variant of 1,104: kept at 0.95.
NET_CANDIDATE = 0.95
# A mark the network finds away from the frame's two outer rings is searched as type at least
# this high (share of the frame's height): the detector then reads the region coarser (about
# 4x fewer pixels). Small type (a corner copyright line, 1.2 % high) sits at the edges, whose
# regions are still searched at the finest scale. Chosen on the tune photos: IMG007 tune recall
# unchanged (0.572), the cascade's CPU per image on JPEGs cut from real photos 4.1 -> 3.4 ms
# (benchmarks/README.md, "Issue 12, stop 14").
HOT_TEXT = 0.045
# A hot cell in the frame's two outer rings wakes the detector from this score (any background).
EDGE_CANDIDATE = 0.85
# Marks (or joined lines) lower than this (px of the working image, before the 3 px joining
# dilation) are specks and hairlines, not type: small type at 1.2 % of the height is 3 px there.
MIN_MARK_PX = 2
SURROUND_TOLERANCE = 20  # max channel difference from the border colour
EDGE_BAND = 0.1  # share of the frame's short side along each edge where small type is a mark


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
        points = row_end_points(mask, np.flatnonzero(mask.any(axis=1)))
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


def _hot(cells: np.ndarray | None) -> list[Region]:
    """The 3 x 3 cells around the network's hottest cell when it reaches NET_CANDIDATE: type
    at least HOT_TEXT high unless the hottest cell is at the edge."""
    if cells is None or float(cells.max()) < NET_CANDIDATE:
        return []
    grid = cells.shape[0]
    r, c = divmod(int(cells.argmax()), grid)
    at_edge = min(r, c, grid - 1 - r, grid - 1 - c) < text_strokes.OUTER_RINGS
    return [Region((max(0, c - 1) / grid, max(0, r - 1) / grid,
                    min(grid, c + 2) / grid, min(grid, r + 2) / grid),
                   None if at_edge else HOT_TEXT)]


def edge_region(cells: np.ndarray | None) -> list[Box]:
    """The cells around the hottest cell of the frame's two outer rings when it reaches
    EDGE_CANDIDATE (a copyright line or signature on a photo without a plain background)."""
    if cells is None or EDGE_CANDIDATE >= NET_CANDIDATE:
        return []
    grid = cells.shape[0]
    ring = text_strokes.edge_cells(cells)
    best = float(ring.max())
    if best < EDGE_CANDIDATE or best >= NET_CANDIDATE:  # >= NET_CANDIDATE: _hot has it
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
    hot = _hot(cells) + [Region(b) for b in edge_region(cells)]
    if hot and parts is not None and hull is None:
        # A line the detector finds in the network's region may be print on the product.
        hull = _hull(parts[0], parts[1])
    return Stage1(merge_regions(regions + hot), hull)


def candidate_regions(work: np.ndarray, cells: np.ndarray | None) -> list[Box]:
    """Regions (0..1) of the frame the text detector searches; [] when it is no candidate."""
    return [r.box for r in stage_one(work, cells).regions]
