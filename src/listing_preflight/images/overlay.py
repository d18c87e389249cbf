"""Watermark, logo-stamp and overlay-text cues from the working image, without model weights.

Text is found as lines of thin, similarly sized strokes (morphological top-hat/black-hat, the
cheap cousin of MSER/SWT in image-techniques.md §1b), then judged by *where* it is: text in the
white background, away from the product, is laid over the photo; text inside the product box is
usually printed on the product and is not held against the seller unless it repeats as a tile
pattern across the frame or crosses the product outline. Marks that repeat at the same place
across one seller's images are caught by the catalog-level rule (rules/image.py, IMG007).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

STROKE_KERNEL = 5        # strokes thinner than this (working px) respond to top-hat/black-hat
STROKE_MIN = 28          # minimum stroke contrast (0-255) of a text candidate
MIN_CHARS = 3            # components in a line before it counts as text


@dataclass(slots=True)
class Region:
    """One overlay candidate: box in 0..1 coordinates, kind and strength."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str        # "text-on-background", "mark-on-background", "tiled", "text-across-outline"
    score: float


def _components(strokes: np.ndarray, h: int, w: int) -> np.ndarray:
    """Char-like components: rows of (x, y, w, h, area)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
    s = stats[1:]
    if s.size == 0:
        return s.reshape(0, 5)
    cw, ch, area = s[:, 2], s[:, 3], s[:, 4]
    ok = (ch >= 3) & (ch <= 0.2 * h) & (cw <= 0.25 * w) & (cw <= 4 * ch) & (area >= 4)
    fill = area / np.maximum(1, cw * ch)
    ok &= (fill > 0.12) & (fill < 0.95)
    return s[ok]


def _lines(comps: np.ndarray) -> list[np.ndarray]:
    """Group components into horizontal lines of similar height (union-find over neighbours)."""
    n = len(comps)
    if n < MIN_CHARS:
        return []
    order = np.argsort(comps[:, 0])
    comps = comps[order]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    x, y, cw, ch = comps[:, 0], comps[:, 1], comps[:, 2], comps[:, 3]
    cy = y + ch / 2
    right = x + cw
    for i in range(n):
        # Only look ahead a bounded number of neighbours: components are sorted by x.
        for j in range(i + 1, min(n, i + 24)):
            gap = x[j] - right[i]
            hmax = max(ch[i], ch[j])
            if gap > 1.5 * hmax:
                break
            if abs(cy[i] - cy[j]) < 0.5 * hmax and min(ch[i], ch[j]) > 0.45 * hmax:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [comps[idx] for idx in groups.values() if len(idx) >= MIN_CHARS]


def _box(line: np.ndarray) -> tuple[int, int, int, int]:
    x0, y0 = int(line[:, 0].min()), int(line[:, 1].min())
    x1 = int((line[:, 0] + line[:, 2]).max())
    y1 = int((line[:, 1] + line[:, 3]).max())
    return x0, y0, x1, y1


def find_overlays(rgb: np.ndarray, background: np.ndarray, white_bg: bool) -> tuple[float, list[Region]]:
    """Overlay score in 0..1 and the regions behind it."""
    h, w = background.shape
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (STROKE_KERNEL, STROKE_KERNEL))
    tophat = cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, k)
    blackhat = cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, k)
    strength = np.maximum(tophat, blackhat)
    strokes = (strength >= STROKE_MIN).astype(np.uint8)
    lines = _lines(_components(strokes, h, w))
    regions: list[Region] = []
    product = ~background
    tiled_heights: list[float] = []
    for line in lines:
        x0, y0, x1, y1 = _box(line)
        lw, lh = x1 - x0, y1 - y0
        if lw < 2.5 * np.median(line[:, 3]):
            continue
        on_product = float(product[y0:y1, x0:x1].mean()) if lw and lh else 1.0
        box = (x0 / w, y0 / h, x1 / w, y1 / h)
        if white_bg and on_product < 0.35:
            regions.append(Region(*box, kind="text-on-background", score=1.0))
        else:
            tiled_heights.append(float(np.median(line[:, 3])))
            regions.append(Region(*box, kind="text", score=0.0))
    # Tiled marks: many lines of the same height spread over the frame.
    text_regions = [r for r in regions if r.kind == "text"]
    if len(text_regions) >= 4:
        hs = np.array(tiled_heights)
        same = np.abs(hs - np.median(hs)) <= 0.2 * np.median(hs)
        ys = np.array([(r.y0 + r.y1) / 2 for r in text_regions])[same]
        if same.sum() >= 4 and ys.size and ys.max() - ys.min() > 0.4:
            for r, s in zip(text_regions, same):
                if s:
                    r.kind, r.score = "tiled", 0.8
    if white_bg:
        regions.extend(_background_marks(background, product, h, w))
    kept = [r for r in regions if r.score > 0]
    score = max((r.score for r in kept), default=0.0)
    return score, kept


def _background_marks(background: np.ndarray, product: np.ndarray, h: int, w: int) -> list[Region]:
    """Compact marks in the white background far from the main product (logo stamps)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(product.astype(np.uint8), connectivity=8)
    if count <= 2:
        return []
    areas = stats[1:, cv2.CC_STAT_AREA]
    main = int(np.argmax(areas)) + 1
    mx, my, mw, mh = stats[main, :4]
    out: list[Region] = []
    for i in range(1, count):
        if i == main:
            continue
        x, y, cw, ch, area = stats[i]
        if area < 0.0015 * h * w or area > 0.06 * h * w:
            continue
        # Far from the main part (not a second shoe of a pair): outside its box + margin.
        gap_x = max(mx - (x + cw), x - (mx + mw), 0)
        gap_y = max(my - (y + ch), y - (my + mh), 0)
        if max(gap_x, gap_y) < 0.04 * max(h, w):
            continue
        # A mark is much smaller than the product and sits near an edge or corner.
        near_edge = min(x, y, w - (x + cw), h - (y + ch)) < 0.15 * max(h, w)
        if area < 0.25 * areas[main - 1] and near_edge:
            out.append(Region(x / w, y / h, (x + cw) / w, (y + ch) / h, kind="mark-on-background",
                              score=0.7))
    return out
