"""Watermark, logo-stamp and overlay-text cues from the working image, without model weights.

Text is found morphologically (the cheap cousin of MSER/SWT in image-techniques.md §1b): thin
strokes from top-hat/black-hat, merged horizontally into word boxes, kept when a box is flat,
moderately filled and has the dense left-right stroke alternation of letters. Then *where* a box
sits decides: text in the white background away from the product, or straddling the product's
outline, is laid over the photo; text inside the product is usually printed on it and is not
held against the seller unless it tiles the frame. Compact marks in the corners of a white
background are logo stamps; letters lined up in a white background (at any angle) are overlay
text; a full-width strip with text at the top or bottom is a banner; on scene photos only a
line of text hugging the frame edge counts (the scene's own lettering is everywhere else).
Faint marks that repeat at the same place across one seller's images are caught by the catalog
part of IMG007 (rules/image.py), which reads the weak candidates listed here too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .background import Background

STROKE_KERNEL = 5  # strokes thinner than this (working px) respond to top-hat/black-hat
STROKE_MIN = 24  # minimum stroke contrast (0-255) of a text candidate
MAX_CANDIDATES = 8  # weak candidates kept per image for the catalog-level evidence
LARGE_PART = 0.02  # non-background parts above this share of the frame are "the product"
CRISP = 40  # 90th-percentile stroke contrast of real lettering (shadows stay below)
EDGE_BAND = 0.12  # weak candidates: text within this share of the top/bottom edge
# Scene photos: a shop name or URL hugging the frame edge. Tuned on benchmarks/eval_images.py
# (so optimistic): a crisp line of >= 3 letter widths within 5 % of an edge, and at most
# MAX_EDGE_LINES such lines (scenes with lettering everywhere are their own content).
# Measured 2 FP of 85 clean scene photos; at 12 % / any count it was 14 of 85.
TIGHT_BAND = 0.05
MIN_LINE_ASPECT = 3.0
MAX_EDGE_LINES = 2
EDGE_TEXT_SCORE = 0.55


@dataclass(slots=True)
class Region:
    """One overlay candidate: box in 0..1 coordinates, kind and strength."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str
    score: float


def _stroke_map(luma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(binary stroke map, stroke contrast) of thin light-on-dark and dark-on-light strokes."""
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (STROKE_KERNEL, STROKE_KERNEL))
    tophat = cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, k)
    blackhat = cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, k)
    strength = np.maximum(tophat, blackhat)
    return (strength >= STROKE_MIN).astype(np.uint8), strength


def _word_boxes(
    strokes: np.ndarray, strength: np.ndarray, luma: np.ndarray
) -> list[tuple[int, int, int, int, float]]:
    """Boxes (x0, y0, x1, y1, contrast) that look like words or lines of text."""
    h, w = strokes.shape
    merged = cv2.morphologyEx(
        strokes, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 3))
    )
    _, _, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    out = []
    for x, y, bw, bh, _area in stats[1:]:
        if bh < 4 or bh > 0.2 * h or bw < 1.8 * bh or bw > 0.95 * w:
            continue
        patch = luma[y : y + bh, x : x + bw]
        _, ink = cv2.threshold(patch, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        if ink.mean() > 0.5:
            ink = 1 - ink  # the minority class is the lettering
        fill = float(ink.mean())
        if not 0.08 <= fill <= 0.6:
            continue
        # Letters alternate ink/gap along a line: rising edges per row, per letter width.
        rises = np.count_nonzero(np.diff(ink.astype(np.int8), axis=1) == 1, axis=1)
        alternation = float(np.median(rises[bh // 4 : bh - bh // 4 or None])) / max(1.0, bw / bh)
        if alternation < 0.9:
            continue
        box = strokes[y : y + bh, x : x + bw]
        contrast = (
            float(np.percentile(strength[y : y + bh, x : x + bw][box > 0], 90))
            if box.any()
            else 0.0
        )
        out.append((int(x), int(y), int(x + bw), int(y + bh), contrast))
    return out


def _large_parts(labels: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """Mask of the non-background parts big enough to be the product (not text or specks)."""
    h, w = labels.shape
    large = np.zeros(len(stats), bool)
    large[1:] = stats[1:, cv2.CC_STAT_AREA] >= LARGE_PART * h * w
    return large[labels]


def _banner(rgb: np.ndarray, boxes: list[tuple[int, int, int, int, float]]) -> list[Region]:
    """A uniform, non-white full-width strip at the top or bottom holding text (a promo banner)."""
    h = rgb.shape[0]
    if h < 40:
        return []  # a strip of a few pixels cannot hold a readable banner
    rows = rgb.astype(np.int16)
    # Share of columns that change sharply between consecutive rows: a banner ends in a
    # straight full-width edge, a sky or backdrop fades out. (Channel max via np.maximum:
    # .max(axis=2) is ~20x slower, image-techniques.md §1a.)
    diff = cv2.absdiff(rgb[1:], rgb[:-1])
    step = (np.maximum(np.maximum(diff[..., 0], diff[..., 1]), diff[..., 2]) > 20).mean(axis=1)
    out = []
    lo, hi = int(0.04 * h), int(0.22 * h)
    for top in (True, False):
        for depth in range(lo, hi):
            edge = depth - 1 if top else h - depth - 1
            if step[edge] < 0.8:
                continue
            y0, y1 = (0, depth) if top else (h - depth, h)
            strip = rows[y0:y1].reshape(-1, 3)
            median = np.median(strip, axis=0)
            close = float((np.abs(strip - median).max(axis=1) < 30).mean())
            if (
                median.min() < 235
                and close >= 0.6
                and any(b[1] >= y0 - 2 and b[3] <= y1 + 2 for b in boxes)
            ):
                out.append(Region(0.0, y0 / h, 1.0, y1 / h, kind="banner", score=0.8))
                break
    return out


def find_overlays(
    rgb: np.ndarray, bg: Background, white_bg: bool, luma: np.ndarray | None = None
) -> tuple[float, list[Region]]:
    """Overlay score in 0..1 and the regions behind it (strong first, then weak candidates)."""
    h, w = bg.background.shape
    if luma is None:
        luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    strokes, strength = _stroke_map(luma)
    boxes = _word_boxes(strokes, strength, luma)
    white_bg = white_bg and bg.part_labels is not None and bg.part_stats is not None
    if white_bg:
        stats = bg.part_stats
        product = _large_parts(bg.part_labels, stats)
        grown = cv2.dilate(product.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    regions: list[Region] = []
    band = EDGE_BAND
    for x0, y0, x1, y1, contrast in boxes:
        inside = float(grown[y0:y1, x0:x1].mean()) if white_bg else 1.0
        box = (x0 / w, y0 / h, x1 / w, y1 / h)
        crisp = contrast >= CRISP  # soft shadows and gradients are not lettering
        near_edge = min(box[1], 1 - box[3]) < band or min(box[0], 1 - box[2]) < band / 2
        if white_bg and crisp and inside < 0.3:
            regions.append(Region(*box, kind="text-on-background", score=1.0))
        elif white_bg and crisp and inside < 0.7 and not product[y0:y1, x0:x1].all(axis=0).any():
            regions.append(Region(*box, kind="text-across-outline", score=0.6))
        elif not white_bg and crisp and near_edge:
            tight = min(*box[:2], 1 - box[2], 1 - box[3]) < TIGHT_BAND
            long_line = (x1 - x0) >= MIN_LINE_ASPECT * (y1 - y0)
            kind = "text-at-edge" if tight and long_line else "text-near-edge"
            regions.append(Region(*box, kind=kind, score=0.0))
        else:
            regions.append(Region(*box, kind="text", score=0.0))
    edge_lines = [r for r in regions if r.kind == "text-at-edge"]
    if len(edge_lines) <= MAX_EDGE_LINES:
        for r in edge_lines:
            r.score = EDGE_TEXT_SCORE
    _mark_tiles(regions)
    _mark_repeats(regions, w, h)
    regions.extend(_banner(rgb, boxes))
    if white_bg:
        regions.extend(_background_marks(stats, bg.part_labels, h, w, luma, strokes))
        regions.extend(_background_letters(stats, bg.part_labels, h, w, luma))
    # Position order, not label order: OpenCV's parallel labelling numbers components
    # differently from run to run, and the kept candidates must not depend on it.
    regions.sort(key=lambda r: (-r.score, r.y0, r.x0, r.y1, r.x1))
    strong = [r for r in regions if r.score > 0]
    weak = [r for r in regions if r.score == 0][:MAX_CANDIDATES]
    score = max((r.score for r in strong), default=0.0)
    return score, strong + weak


def _mark_tiles(regions: list[Region]) -> None:
    """Several text boxes of one height spread over the frame: a tiled watermark."""
    text = [r for r in regions if r.kind == "text"]
    if len(text) < 3:
        return
    heights = np.array([r.y1 - r.y0 for r in text])
    med = float(np.median(heights))
    same = [r for r, hh in zip(text, heights) if abs(hh - med) <= 0.25 * med]
    if len(same) < 3:
        return
    ys = [(r.y0 + r.y1) / 2 for r in same]
    xs = [(r.x0 + r.x1) / 2 for r in same]
    if max(ys) - min(ys) > 0.45 and max(xs) - min(xs) > 0.3:
        for r in same:
            r.kind, r.score = "tiled", 0.8


def _mark_repeats(regions: list[Region], w: int, h: int) -> None:
    """The same word box (same width and height) three or more times across the frame.

    A tiled watermark repeats one word; scene texture and product lettering rarely give three
    boxes of identical size far apart (0 of 137 clean photos in benchmarks/eval_images.py).
    """
    words = [r for r in regions if r.score == 0.0 and r.kind.startswith("text")]
    for r in words:
        rw, rh = (r.x1 - r.x0) * w, (r.y1 - r.y0) * h
        same = [
            c
            for c in words
            if abs((c.x1 - c.x0) * w - rw) <= max(2.0, 0.12 * rw)
            and abs((c.y1 - c.y0) * h - rh) <= max(1.0, 0.15 * rh)
        ]
        if len(same) < 3:
            continue
        ys = [(c.y0 + c.y1) / 2 for c in same]
        xs = [(c.x0 + c.x1) / 2 for c in same]
        if max(max(ys) - min(ys), max(xs) - min(xs)) > 0.3:
            for c in same:
                c.kind, c.score = "repeated-word", 0.8
            return


def _background_marks(
    stats: np.ndarray, labels: np.ndarray, h: int, w: int, luma: np.ndarray, strokes: np.ndarray
) -> list[Region]:
    """Compact marks in the white background near an edge, apart from the product (logo stamps)."""
    if len(stats) <= 2:
        return []
    areas = stats[1:, cv2.CC_STAT_AREA]
    main = int(np.argmax(areas)) + 1
    candidates = []
    for i in range(1, len(stats)):
        x, y, cw, ch, area = stats[i]
        if (
            i == main
            or area < 0.0015 * h * w
            or cw * ch > 0.06 * h * w
            or area > 0.25 * areas[main - 1]
        ):
            continue
        # Ink, not a soft floor shadow: dark pixels and crisp strokes inside the part.
        if (
            int(luma[y : y + ch, x : x + cw].min()) > 170
            or float(strokes[y : y + ch, x : x + cw].mean()) < 0.08
        ):
            continue
        if min(x, y, w - (x + cw), h - (y + ch)) >= 0.15 * max(h, w):
            continue  # marks sit near an edge or a corner
        candidates.append(i)
    if not candidates:
        return []
    # Distance of every pixel to the product: a mark stands apart from it (a second shoe of
    # a pair or a strap touches or nearly touches the main part).
    apart = cv2.distanceTransform((labels != main).view(np.uint8), cv2.DIST_L2, 3)
    out: list[Region] = []
    for i in candidates:
        x, y, cw, ch, _ = stats[i]
        own = labels[y : y + ch, x : x + cw] == i
        if float(apart[y : y + ch, x : x + cw][own].min()) < 0.04 * max(h, w):
            continue
        out.append(
            Region(x / w, y / h, (x + cw) / w, (y + ch) / h, kind="mark-on-background", score=0.7)
        )
    return out


def _background_letters(
    stats: np.ndarray, labels: np.ndarray, h: int, w: int, luma: np.ndarray
) -> list[Region]:
    """Letters on the white background in a line, at any angle (big or rotated overlay text).

    Word boxes only find horizontal text; a diagonal "SAMPLE" across a white-background photo
    leaves letter-sized islands of ink in the background, apart from the product and lined up.
    """
    if len(stats) <= 4:
        return []
    areas = stats[1:, cv2.CC_STAT_AREA]
    main = int(np.argmax(areas)) + 1
    side = max(h, w)
    pick = []
    for i in range(1, len(stats)):
        x, y, cw, ch, area = stats[i]
        if (
            i == main
            or not (0.0002 * h * w <= area <= 0.01 * h * w)
            or not (0.025 * side <= max(cw, ch) <= 0.2 * side)
        ):
            continue
        if int(luma[y : y + ch, x : x + cw].min()) > 225:
            continue  # a faint speck or shadow, no ink
        pick.append(i)
    if len(pick) < 4:
        return []
    apart = cv2.distanceTransform((labels != main).view(np.uint8), cv2.DIST_L2, 3)
    keep = []
    for i in pick:
        x, y, cw, ch, _ = stats[i]
        own = labels[y : y + ch, x : x + cw] == i
        if float(apart[y : y + ch, x : x + cw][own].min()) >= 0.02 * side:
            keep.append(i)
    if len(keep) < 4:
        return []
    boxes = stats[keep, :4].astype(np.float64)
    heights = np.maximum(boxes[:, 2], boxes[:, 3])
    similar = np.abs(heights - np.median(heights)) <= 0.5 * np.median(heights)
    boxes = boxes[similar]
    if len(boxes) < 4:
        return []
    centres = boxes[:, :2] + boxes[:, 2:] / 2
    spread = np.cov(centres.T)
    evals = np.sort(np.linalg.eigvalsh(spread))
    # Lined up: the centres scatter along one direction (a line of text), not in a blob
    # (a set of beads) - minor axis under ~15 % of the major one.
    if evals[1] <= 0 or evals[0] / evals[1] > 0.02:
        return []
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = (boxes[:, 0] + boxes[:, 2]).max(), (boxes[:, 1] + boxes[:, 3]).max()
    return [Region(x0 / w, y0 / h, x1 / w, y1 / h, kind="letters-on-background", score=0.8)]
