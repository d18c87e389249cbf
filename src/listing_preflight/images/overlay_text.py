"""Overlay text at sufficient resolution: a cascade from the watermark network to PP-OCR.

The watermark network reads a 192 px copy of the photo, where a 10 px line of small type is
~2 px high. Stage 1 (overlay_candidates.py) picks
the regions worth searching from the working image and the network's 12 x 12 cell map; only those
are decoded again at up to DETAIL_SIDE px (DCT-scaled, at least DETAIL_SLACK of it) and searched
by the text detector (text_detect.py). Each text line found is then judged by where it sits:

- on the photo's own background: the ring of pixels around the line has the colour of the
  frame's border (white studio background, a poster's coloured frame; within a few levels, so
  a white card or label on a white backdrop is the product) -> laid over the photo:
  captions, colour labels, dimension annotations, promo text on a poster frame;
- small type (at most EDGE_MAX_HEIGHT of the frame) within EDGE_BAND of an edge -> a corner
  copyright line, shop URL or signature;
- anything else (surrounded by product pixels) -> print on the product: not an overlay, unless
  the network agrees (below); a line on a surface of nearly the background's colour but not it
  (a white card on a white backdrop) is print whatever the network says.

Overlay lines are read by the recogniser (IMG014 matches the text against the promo wordlists).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import text_detect
from .decode import _draft_scale, _to_rgb, upright
from .overlay_candidates import (
    EDGE_BAND,
    SURROUND_TOLERANCE,
    Box,
    Region,
    border_colour,
    stage_one,
)

# Stage 2: the regions stage 1 found, cut from the photo re-decoded at up to DETAIL_SIDE px (or
# the working image when it is fine enough), go through the text detector.
DETAIL_SIDE = 1000  # long side of the re-decoded image the regions are cut from
# The re-decode may be this much coarser than asked (a 1600 px JPEG at 1/2 is 800 px, its
# small type 0.8x as high): a DCT-scaled decode costs a fraction of a whole one.
DETAIL_SLACK = 0.8
DET_SIDE = 640  # long side of one region as the detector reads it
# At most this many detector input pixels per region (the detector costs ~0.2 us a pixel: a
# region that merged across the whole frame cost ~95 ms at 640 x 640, now ~22 ms at 320 x 320).
DET_MAX_PIXELS = 320 * 320
MAX_LINES = 2  # overlay lines read per image (the tallest first; ~16 ms each on one core)
# Scale of the search: text whose height stage 1 measured is decoded only as finely as the
# recogniser needs (READ_PX high) and shown to the detector at DET_TEXT_PX high; small type
# (and the network's regions, where the size is unknown) at up to DETAIL_SIDE / DET_SIDE.
READ_PX = 24
DET_TEXT_PX = 20
# Where a line counts as an overlay: its ring within SURROUND_TOLERANCE of the border colour, or
# small type (EDGE_MAX_HEIGHT of the frame) within EDGE_BAND of an edge (overlay_candidates.py).
SURROUND_SHARE = 0.8  # share of the ring around the line that must match it
# ... and the ring's median colour must be the border's within RING_MATCH per channel (the
# whole border's median, or the border level with the line: a backdrop darkening towards the
# floor). A white card, label or box (250) on a white backdrop (255) is inside
# SURROUND_TOLERANCE, but it is a surface and the words on it are the product's print. On
# 2,000 generated print products 73 were flagged, 56 of them by lines, most of them words on a
# white jewellery card; with this check 27, and 22 when a line on a surface also never counts
# by the network's agreement. IMG007 tune recall unchanged (0.739) at 2, 3 and 4
# (benchmarks/README.md, "Issue 12, stop 19").
RING_MATCH = 4
EDGE_MAX_HEIGHT = 0.04
# A line the detector is sure of (AGREE_LINE) where the network's cell reaches AGREE_CELL is an
# overlay wherever it lies, unless inside the product's outline (tuned on the tune photos).
AGREE_LINE = 0.8
AGREE_CELL = 0.7
# ... and wherever it lies where the cell reaches SURE_CELL: words tiled over a photo on a flat
# backdrop join the product's outline (its convex hull) and would pass for print. On the tune
# photos +1 variant, no clean photo and no generated print product more (stop 15). The cell
# levels here and in stage 1 stay as tuned for the stop-15 network: moved with the stop-17
# network's higher threshold (the same logit distance), tune recall fell 0.739 -> 0.730.
SURE_CELL = 0.95
LINE_SCORE = 0.7  # detector score of an overlay line for IMG007 (tuned: watermark_eval_real.py)


@dataclass(frozen=True, slots=True)
class Line:
    """A text line in frame coordinates (0..1), its detector score, overlay verdict and text."""

    box: tuple[float, float, float, float]
    score: float
    overlay: bool
    text: str


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


class Detail:
    """Finer decodes of one photo, shared by the text cascade and the network's second look
    (watermark_zoom.py): a request is served by an earlier decode made for at least its side
    (a re-decode costs about as much as the 1/8 floor, however coarse)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._side = 0
        self._rgb: np.ndarray | None = None

    def at(self, side: int) -> np.ndarray:
        """decode_detail(data, side), or an earlier decode at least as fine."""
        if self._rgb is None or side > self._side:
            self._rgb, self._side = decode_detail(self.data, side), side
        return self._rgb


def surround(rgb: np.ndarray, box: text_detect.TextBox, border: np.ndarray) -> str:
    """What a line sits on: "background" (its ring has the border's colour), "surface" (a
    surface of nearly that colour but not it: a white card or label on a white backdrop) or
    "other" (the product, a scene)."""
    h, w = rgb.shape[:2]
    pad = max(3.0, 0.5 * (box.y1 - box.y0))
    x0, y0 = int(max(0, box.x0 - pad)), int(max(0, box.y0 - pad))
    x1, y1 = int(min(w, box.x1 + pad)), int(min(h, box.y1 + pad))
    outer = rgb[y0:y1, x0:x1].astype(np.int16)
    inside = np.zeros(outer.shape[:2], bool)
    inside[int(box.y0) - y0 : int(np.ceil(box.y1)) - y0, int(box.x0) - x0 : int(np.ceil(box.x1)) - x0] = True
    ring = outer[~inside]
    if ring.size == 0:
        return "other"
    close = np.abs(ring - border.astype(np.int16)).max(axis=1) <= SURROUND_TOLERANCE
    if float(close.mean()) < SURROUND_SHARE:
        return "other"
    colour = np.median(ring, axis=0)
    off = min(float(np.abs(colour - ref).max()) for ref in (border, *_border_beside(rgb, box)))
    return "background" if off <= RING_MATCH else "surface"


def _border_beside(rgb: np.ndarray, box: text_detect.TextBox) -> list[np.ndarray]:
    """Median colours of the frame's border level with a line: the left and right border strips
    over its rows, the top and bottom strips over its columns (a backdrop that darkens towards
    the floor has the line's own shade there, where the whole border's median has not)."""
    h, w = rgb.shape[:2]
    k = max(1, round(0.02 * min(h, w)))
    y0, y1 = int(box.y0), max(int(box.y0) + 1, int(np.ceil(box.y1)))
    x0, x1 = int(box.x0), max(int(box.x0) + 1, int(np.ceil(box.x1)))
    rows = np.concatenate([rgb[y0:y1, :k].reshape(-1, 3), rgb[y0:y1, -k:].reshape(-1, 3)])
    cols = np.concatenate([rgb[:k, x0:x1].reshape(-1, 3), rgb[-k:, x0:x1].reshape(-1, 3)])
    return [np.median(part, axis=0) for part in (rows, cols) if len(part)]


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
    data: bytes, work: np.ndarray, cells: np.ndarray | None, detail: Detail | None = None
) -> list[Line] | None:
    """Text lines of a candidate image; None when it is no candidate (`detail`: its finer
    decodes, when shared with another step)."""
    stage = stage_one(work, cells)
    if not stage.regions or not text_detect.available():
        return None
    side = detail_side(stage.regions, work)
    # Large type (a poster's promo line) is read well enough on the working image itself: no
    # second decode then.
    fine = detail or Detail(data)
    rgb = work if max(work.shape[:2]) >= side * DETAIL_SLACK else fine.at(side)
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
        sits_on = surround(rgb, pix, border)
        placed = at_edge(box) or sits_on == "background"
        # Two cheap witnesses agreeing: the network is warm where the detector found a line;
        # where the network is all but certain, even inside the product's outline. Not on a
        # surface of nearly the background's colour: the network is warm on any words, and
        # those on a white card are its print.
        agreeing = pix.score >= AGREE_LINE and sits_on != "surface"
        cell = _cells_max(cells, box) if agreeing else 0.0
        overlay = ((placed or cell >= AGREE_CELL) and not _inside(hull, box)) or cell >= SURE_CELL
        text = ""
        if overlay and pix.score >= LINE_SCORE and reads < MAX_LINES:
            text = text_detect.read(rgb, pix)
            reads += 1
        lines.append(Line(tuple(round(v, 4) for v in box), round(pix.score, 3), overlay, text))
    return lines


def _cells_max(cells: np.ndarray | None, box: Box) -> float:
    """The network's highest cell under a box (0..1 frame coordinates)."""
    if cells is None:
        return 0.0
    g = cells.shape[0]
    c0, r0 = min(g - 1, int(box[0] * g)), min(g - 1, int(box[1] * g))
    c1, r1 = max(c0 + 1, int(np.ceil(box[2] * g))), max(r0 + 1, int(np.ceil(box[3] * g)))
    return float(cells[r0:r1, c0:c1].max())
