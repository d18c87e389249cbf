"""The watermark network's second look: the frame's edge band at twice the resolution.

The first look (watermark_net.py) reads the whole frame at 192 px, where a corner copyright
line or URL in 1.2-2.2 % type is ~2-4 px high: on a scene, a gradient or a coloured backdrop
it often stays below IMG007's threshold, and the text cascade finds no candidate there
(overlay_candidates.py). When the first look's hottest cell in the frame's two outer rings
reaches ZOOM_GATE, the photo is decoded again at ~ZOOM_SIDE px (DCT-scaled) and the network
reads a square window of half the frame's short side centred on that cell, so the same type is
twice as high. Only the window's cells within EDGE_BAND of the frame's edge count: zoomed in,
the network also calls print on the product a mark (of 1,000 generated print products IMG007
flagged 10; with every cell of a window round the hottest cell counting, 30; with only the
edge cells, the same 10).

Chosen on the tune photos of the real-photo corpus (benchmarks/README.md, "Issue 12, stop
25"): a gate of 0.7 runs the second look on ~5 % of clean photos.
"""

from __future__ import annotations

import cv2
import numpy as np

from . import text_strokes, watermark_net
from .overlay_text import Detail

ZOOM_GATE = 0.7  # the first look's hottest outer-ring cell that wakes the second look
ZOOM_SIDE = 500  # long side of the re-decode (at least 0.8 x of it; a 1000 px JPEG at 1/2)
EDGE_BAND = 0.1  # share of the frame along each edge where the second look's cells count
MIN_WINDOW = 96  # px: a smaller window has nothing finer to show than the first look
# IMG007's default: a cell of the second look at this probability is a mark (the first look's
# own threshold is 0.990; zoomed in, the network is warmer on everything).
ZOOM_MARK = 0.995


def edge_look(detail: Detail, cells: np.ndarray | None) -> list[float] | None:
    """[x0, y0, x1, y1 (0..1 of the frame), probability] of the second look's hottest cell
    within EDGE_BAND of the frame's edge; None when the second look does not run. `detail`
    holds the photo's finer decodes (one the text cascade made, when fine enough, is reused)."""
    if cells is None:
        return None
    grid = cells.shape[0]
    ring = text_strokes.edge_cells(cells)  # the first look's two outer rings of cells
    row, col = divmod(int(ring.argmax()), grid)
    if ring[row, col] < ZOOM_GATE:
        return None
    fine = detail.at(ZOOM_SIDE)
    h, w = fine.shape[:2]
    side = min(h, w) // 2
    if side < MIN_WINDOW:
        return None
    cy, cx = (row + 0.5) / grid * h, (col + 0.5) / grid * w
    y0 = int(np.clip(cy - side / 2, 0, h - side))
    x0 = int(np.clip(cx - side / 2, 0, w - side))
    window = cv2.resize(fine[y0 : y0 + side, x0 : x0 + side],
                        (watermark_net.NET_SIDE, watermark_net.NET_SIDE),
                        interpolation=cv2.INTER_AREA)
    zoomed = watermark_net.probabilities(window)
    # Each window cell's centre in frame coordinates: only those near the frame's edge count.
    centres = (np.arange(grid) + 0.5) / grid * side
    ys, xs = (y0 + centres) / h, (x0 + centres) / w
    near = (np.minimum(ys, 1 - ys)[:, None] <= EDGE_BAND) | (
        np.minimum(xs, 1 - xs)[None, :] <= EDGE_BAND)
    masked = np.where(near, zoomed, -1.0)
    r, c = divmod(int(masked.argmax()), grid)
    cell = side / grid
    box = ((x0 + c * cell) / w, (y0 + r * cell) / h,
           (x0 + (c + 1) * cell) / w, (y0 + (r + 1) * cell) / h)
    return [*(round(v, 4) for v in box), round(float(masked[r, c]), 4)]
