"""Stage 1 without a plain background: rows of small type along the frame's edges.

On a scene, a coloured backdrop or a gradient there is no flat border colour to find marks
against (overlay_candidates._parts). Type still has a signature of its own at the working size:
thin strokes much darker or lighter than their immediate surround (a morphological black-hat
or top-hat), several of them side by side in a short, low row, with few strokes around the
row (a copyright line or signature sits on a calm part of the photo, texture does not stop).
Only the outer band of the frame is searched: that is where a corner copyright line, URL or
signature sits, and where small type can be told from print without a product outline. The
constants were chosen on the tune photos (benchmarks/README.md, IMG007): with them ~8 % of
clean tune photos without a plain background wake the detector.
"""

from __future__ import annotations

import cv2
import numpy as np

STROKE_CONTRAST = 30  # grey levels a stroke differs from its 5 x 5 neighbourhood's closing/opening
BAND = 0.1  # share of the frame's short side searched along each edge
MIN_HEIGHT = 2  # px of the working image: small type at 1.2 % of a 1000 px photo is ~3 px
MAX_HEIGHT = 0.05  # share of the frame's height: larger type is a caption, not small type
ASPECT = 2.5  # width / height of a row of type
FILL = (0.15, 0.6)  # share of a row's box that is stroke pixels
MAX_SURROUND = 0.08  # share of stroke pixels in the ring around the row
MAX_LINES = 2
# The watermark network's cell at the row's centre must reach this: texture rows it reads as
# photo (a shelf edge, a fence) are left alone.
MIN_CELL = 0.4
# The watermark network's cells along the frame's edges: its two outer rings of cells.
OUTER_RINGS = 2

Box = tuple[float, float, float, float]
_KERNEL = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))


def boxes_of(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each 8-connected part of a 0/1 mask that no other part
    encloses (the outer contours: ~0.02 ms on a sparse 250 px mask, where OpenCV's labelling
    with statistics costs ~0.4 ms whatever the mask holds)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [cv2.boundingRect(c) for c in contours]


def edge_cells(cells: np.ndarray) -> np.ndarray:
    """A copy of the network's cell map with every cell inside its OUTER_RINGS set to 0."""
    ring = cells.copy()
    ring[OUTER_RINGS:-OUTER_RINGS, OUTER_RINGS:-OUTER_RINGS] = 0
    return ring


def edge_lines(work: np.ndarray, cells: np.ndarray | None) -> list[tuple[Box, float]]:
    """(box 0..1, text height share of the frame) of rows of small type near the edges
    where the network's cell (GRID x GRID map `cells`) reaches MIN_CELL."""
    if cells is None:
        return []
    if float(edge_cells(cells).max()) < MIN_CELL:
        return []  # the network reads every edge part as photo: no search
    h, w = work.shape[:2]
    band = max(4, int(BAND * min(h, w)))
    if 2 * band >= min(h, w):
        return []
    mask = np.zeros((h, w), np.uint8)
    # The strokes of the four strips along the edges only (a 5 x 5 kernel needs 2 px more).
    for ys, xs in (((0, band + 2), (0, w)), ((h - band - 2, h), (0, w)),
                   ((0, h), (0, band + 2)), ((0, h), (w - band - 2, w))):
        luma = cv2.cvtColor(np.ascontiguousarray(work[ys[0] : ys[1], xs[0] : xs[1]]),
                            cv2.COLOR_RGB2GRAY)
        strokes = cv2.max(cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, _KERNEL),
                          cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, _KERNEL))
        part = mask[ys[0] : ys[1], xs[0] : xs[1]]
        np.maximum(part, (strokes > STROKE_CONTRAST).astype(np.uint8), out=part)
    mask[band:-band, band:-band] = 0  # only the outer band
    rows = cv2.dilate(mask, np.ones((3, 7), np.uint8))
    found = []
    for x, y, bw, bh in boxes_of(rows):
        height = bh - 2
        if height < MIN_HEIGHT or height > MAX_HEIGHT * h or bw < ASPECT * bh:
            continue
        if min(x, y, w - x - bw, h - y - bh) > band:
            continue
        fill = float(mask[y : y + bh, x : x + bw].mean())
        if not FILL[0] <= fill <= FILL[1]:
            continue
        pad = max(2, bh)
        x0, y0, x1, y1 = max(0, x - pad), max(0, y - pad), min(w, x + bw + pad), min(h, y + bh + pad)
        outer = mask[y0:y1, x0:x1]
        ring = (float(outer.sum()) - float(mask[y : y + bh, x : x + bw].sum())) / max(
            1, outer.size - bw * bh)
        if ring > MAX_SURROUND:
            continue
        g = cells.shape[0]
        if cells[min(g - 1, int((y + bh / 2) / h * g)), min(g - 1, int((x + bw / 2) / w * g))] < MIN_CELL:
            continue
        found.append(((x0 / w, y0 / h, x1 / w, y1 / h), height / h, bw * bh))
    found.sort(key=lambda f: -f[2])
    return [(box, t) for box, t, _ in found[:MAX_LINES]]
