"""Learned watermark score: a compact feature vector per image and a small shipped MLP over it.

The hand-written cues of overlay.py find crisp text in a white background, banners and text
hugging the frame edge; faint, rotated, tiled marks and logos over a scene look to them like
the photo's own texture. Here the same cheap responses (thin-stroke top-hat/black-hat,
gradient orientation, autocorrelation of the high-pass image) are summarised into ~120 numbers
per image, and a one-hidden-layer network trained by benchmarks/train_watermark.py on the
project's own labelled images (synthetic marks on real and synthesised photos, split by source
photo) turns them into a probability. Inference is numpy only; the weights ship next to this
module (watermark_mlp.json). Cost: ~1.0-1.5 ms per working-size (200-320 px) image, about half
what the first version of these same features cost (benchmarks/watermark_features_speed.py
checks the two agree within 1e-5 and times them).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from .background import Background
from .overlay import Region

WEIGHTS = Path(__file__).with_name("watermark_mlp.json")
# Default decision threshold on the probability (IMG007's min_model_score): the value
# benchmarks/train_watermark.py chose and stored in the JSON (a test keeps the two equal).
MODEL_THRESHOLD = 0.823
GRID = 4  # cells per side of the position grid
MIN_SIDE = 32  # working-size images narrower than this get no probability
AC_SIDE = 96  # side of the square high-pass image whose autocorrelation is measured
_KINDS = (
    "text-on-background",
    "text-across-outline",
    "text-at-edge",
    "text-near-edge",
    "text",
    "tiled",
    "repeated-word",
    "banner",
    "mark-on-background",
    "letters-on-background",
)
WHITE_INDEX = 139  # position of the white-background flag in the vector (the trainer reports by it)
_S_BINS = np.array([0, 4, 8, 12, 16, 24, 40, 64, 256], np.float32)
_K3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
_K5 = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
_K9 = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))


def _cells(masks: tuple[np.ndarray, ...]) -> np.ndarray:
    """(n, GRID, GRID) cell shares of 0/255 uint8 masks (block means; the last few px are dropped).

    Cell sums come from integral images (~5x faster than reshaped numpy means). The sums are
    exact integers, divided in float64 and rounded to float32 as numpy's mean did, so the
    values are bit-identical to the block means the shipped weights were trained on.
    """
    h, w = masks[0].shape
    ch, cw = h // GRID, w // GRID
    if ch == 0 or cw == 0:  # narrower than the grid: empty cells (NaN, as their means were)
        return np.full((len(masks), GRID, GRID), np.nan, np.float32)
    # int32 integrals; sums of 0/255 over a working-size image stay far below 2**31.
    corners = np.stack(
        [cv2.integral(m)[: ch * GRID + 1 : ch, : cw * GRID + 1 : cw] for m in masks]
    ).astype(np.int64)
    sums = corners[:, 1:, 1:] - corners[:, :-1, 1:] - corners[:, 1:, :-1] + corners[:, :-1, :-1]
    return (sums / (ch * cw)).astype(np.float32) / np.float32(255)


def _ge(a: np.ndarray, level: float) -> np.ndarray:
    """0/255 uint8 mask of a >= level (OpenCV: ~10x faster than numpy + astype).

    For uint8 images and whole levels a binary threshold at level - 1 is the same mask and
    about twice as fast as cv2.compare.
    """
    if a.dtype == np.uint8 and float(level).is_integer():
        return cv2.threshold(a, level - 1, 255, cv2.THRESH_BINARY)[1]
    return cv2.compare(a, level, cv2.CMP_GE)


_S_LEVELS = [int(v) for v in _S_BINS[1:-1]]  # lower edges of the bins above the first


def _hists(images: list[np.ndarray], totals: list[int]) -> list[np.ndarray]:
    """Shares of each uint8 image (up to 4, same shape) in the _S_BINS bins above the first.

    Counted as pixels >= each bin edge on the images merged into one multi-channel array
    (one threshold + one per-channel sum per edge, ~13 us) instead of a 256-bin calcHist per
    image (~60 us each); the counts are the same integers, so the shares are identical.
    `totals` are the pixel counts the shares are relative to (an image may be zero outside
    the region it stands for: zeros fall in the first bin, which is not reported).
    """
    merged = cv2.merge(images) if len(images) > 1 else images[0]
    buf = np.empty_like(merged)
    at_least = np.array(
        [
            cv2.sumElems(cv2.threshold(merged, level - 1, 1, cv2.THRESH_BINARY, dst=buf)[1])
            for level in _S_LEVELS
        ]
        + [(0.0, 0.0, 0.0, 0.0)]
    )[:, : len(images)]
    counts = (at_least[:-1] - at_least[1:]).astype(np.float32)
    return [
        counts[:, i] / np.float32(total) if total > 0 else counts[:, i]
        for i, total in enumerate(totals)
    ]


def _position_features(masks: tuple[np.ndarray, ...]) -> list[float]:
    """Per mask: its GRID x GRID cell shares, then corner / edge-cell / centre mean, max, std,
    min and mean of the 4 busiest cells, all masks' rows computed at once (numpy calls on
    4x4 arrays cost more in overhead than in arithmetic)."""
    c = _cells(masks)  # (n, GRID, GRID) float32
    flat = c.reshape(len(masks), GRID * GRID)
    corners = (c[:, 0, 0] + c[:, 0, -1] + c[:, -1, 0] + c[:, -1, -1]) / 4
    border = np.concatenate([c[:, 0], c[:, -1], c[:, 1:-1, 0], c[:, 1:-1, -1]], axis=1)
    summary = np.stack(
        [
            corners,
            border.mean(axis=1),
            c[:, 1:-1, 1:-1].reshape(len(masks), -1).mean(axis=1),
            flat.max(axis=1),
            flat.std(axis=1),
            flat.min(axis=1),
            np.sort(flat, axis=1)[:, -4:].mean(axis=1),
        ],
        axis=1,
    )
    return np.concatenate([flat, summary], axis=1).ravel().tolist()


def _orientation_hists(
    octant: np.ndarray, edges: np.ndarray, stroke_edges: np.ndarray, centre: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """8-bin gradient-orientation shares under three 0/255 masks, plus the edge pixel count.

    One 64-bin histogram of octant + 8*edge + 16*stroke edge + 32*centre stroke replaces three
    masked histograms (calcHist costs ~65 us per call whatever the bin count): the masks'
    histograms are sums of its 8-bin groups. stroke_edges must lie inside edges.
    """
    code = cv2.bitwise_or(octant, cv2.bitwise_and(edges, 8))
    code = cv2.bitwise_or(code, cv2.bitwise_and(stroke_edges, 16))
    code = cv2.bitwise_or(code, cv2.bitwise_and(centre, 32))
    groups = cv2.calcHist([code], [0], None, [64], [0, 64]).reshape(8, 8)
    stroke = groups[2] + groups[3] + groups[6] + groups[7]
    edge = groups[1] + groups[5] + stroke
    middle = groups[4] + groups[5] + groups[6] + groups[7]
    shares = []
    for hist in (stroke, edge, middle):
        total = hist.sum()
        shares.append((hist / total if total > 0 else hist).astype(np.float32))
    return shares[0], shares[1], shares[2], int(edge.sum())


@lru_cache(maxsize=1)
def _lags() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat indices, in the unshifted autocorrelation, of the lag sets.

    Ring 6..c-2, near ring 3..5, diagonal of the ring; indexing the unshifted array by
    ifftshifted masks saves an fftshift and three boolean masks per call.
    """
    c = AC_SIDE // 2
    yy, xx = np.ogrid[-c : AC_SIDE - c, -c : AC_SIDE - c]
    r = np.hypot(yy, xx)
    ring = (r >= 6) & (r <= c - 2)
    masks = (ring, (r >= 3) & (r < 6), ring & (np.abs(np.abs(yy) - np.abs(xx)) <= 2))
    return tuple(np.flatnonzero(np.fft.ifftshift(m)) for m in masks)  # type: ignore[return-value]


def _small(a: np.ndarray) -> np.ndarray:
    """AC_SIDE x AC_SIDE float32 copy of a uint8 image (pyramid halving, then bilinear)."""
    half = cv2.pyrDown(a)
    return cv2.resize(half, (AC_SIDE, AC_SIDE), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def _autocorr(signed: np.ndarray) -> tuple[float, float, float]:
    """Periodicity of the high-pass image: strongest normalised autocorrelation off the origin.

    A tiled mark repeats one word on a lattice, so the autocorrelation has peaks away from
    zero lag; most photos decay smoothly. Returns (peak at lags 6..AC_SIDE/2, same with the
    lag-0 neighbourhood's decay removed, share of the peak's energy on the lattice diagonal).
    """
    a = signed - np.float32(cv2.mean(signed)[0])
    # Wiener-Khinchin: autocorrelation = inverse DFT of the power spectrum. OpenCV's DFT is
    # ~4x faster than numpy's pocketfft at this size (same float32 precision as before).
    f = cv2.dft(a)
    ac = cv2.idft(cv2.mulSpectrums(f, f, 0, conjB=True), flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_SCALE)
    zero = float(ac[0, 0])
    if zero <= 1e-6:
        return 0.0, 0.0, 0.0
    flat = ac.ravel()
    ring, near_ring, diagonal = _lags()
    # Dividing by the lag-0 value after picking the lags is the same as normalising first.
    peak = float(flat[ring].max()) / zero
    near = float(flat[near_ring].mean(dtype=np.float64)) / zero
    diag = float(flat[diagonal].max()) / zero
    return peak, peak - max(near, 0.0), diag


def feature_vector(
    rgb: np.ndarray,
    luma: np.ndarray,
    bg: Background,
    white_bg: bool,
    score: float,
    regions: list[Region],
) -> np.ndarray:
    """The model's input: 161 float32 numbers summarising one working-size image."""
    h, w = luma.shape
    feats: list[float] = []
    # Thin-stroke responses at two scales plus a bigger one for large overlay letters.
    s3 = cv2.max(
        cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, _K3),
        cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, _K3),
    )
    s5 = cv2.max(
        cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, _K5),
        cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, _K5),
    )
    top9 = cv2.morphologyEx(luma, cv2.MORPH_TOPHAT, _K9)
    black9 = cv2.morphologyEx(luma, cv2.MORPH_BLACKHAT, _K9)
    s9 = cv2.max(top9, black9)
    strong = _ge(s5, 24)
    faint = cv2.bitwise_and(_ge(s5, 8), cv2.bitwise_not(strong))
    big = _ge(s9, 16)
    # Position: where strokes are (grid cells, then corners / edges / centre summaries).
    feats.extend(_position_features((strong, faint, big)))
    # Contrast histogram of stroke responses: an overlay adds a bump at its own contrast.
    cy0, cy1, cx0, cx1 = h // 4, h - h // 4, w // 4, w - w // 4  # centre region
    s9_centre = np.zeros_like(s9)
    s9_centre[cy0:cy1, cx0:cx1] = s9[cy0:cy1, cx0:cx1]
    hists = _hists([s3, s5, s9, s9_centre], [h * w] * 3 + [(cy1 - cy0) * (cx1 - cx0)])
    for hist in hists[:3]:
        feats.extend(hist.tolist())
    # Polarity balance: a light (or dark) mark is all top-hat (or all black-hat).
    tp = cv2.countNonZero(_ge(top9, 16)) / top9.size
    bp = cv2.countNonZero(_ge(black9, 16)) / top9.size
    feats.extend([tp, bp, abs(tp - bp) / (tp + bp + 1e-6)])
    # Row and column profiles of strong strokes: a line of text is a dense horizontal band.
    rows = cv2.reduce(strong, 1, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel() / 255
    cols = cv2.reduce(strong, 0, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel() / 255
    band, cband = max(2, h // 8), max(2, w // 8)
    # Band means and the 5-row running mean from prefix sums (float64), std from OpenCV:
    # a handful of calls instead of seven numpy reductions, equal within ~1e-7.
    rsum = np.concatenate(([0.0], np.cumsum(rows, dtype=np.float64)))
    csum = np.concatenate(([0.0], np.cumsum(cols, dtype=np.float64)))
    feats.extend(
        [
            rsum[band] / band,
            (rsum[-1] - rsum[-1 - band]) / band,
            csum[cband] / cband,
            (csum[-1] - csum[-1 - cband]) / cband,
            float((rsum[5:] - rsum[:-5]).max()) / 5 if h >= 5 else 0.0,
            float(cv2.meanStdDev(rows)[1][0, 0]),
            float(cv2.meanStdDev(cols)[1][0, 0]),
        ]
    )
    # Orientation of stroke edges vs all edges: rotated text is diagonal, products rarely are.
    # Both 3x3 Sobel derivatives in one exact int16 pass (same reflect-101 border), then float32:
    # the same integer values as two float Sobel calls, in about half the time.
    dx, dy = cv2.spatialGradient(luma)
    gx, gy = dx.astype(np.float32), dy.astype(np.float32)
    mag, ang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    # 16 rounded bins over 360 degrees folded onto 8 over 180 (opposite directions agree).
    octant = cv2.bitwise_and(cv2.convertScaleAbs(ang, alpha=16 / 360), 7)
    edges = _ge(mag, 40)
    # Centre region only (big semi-transparent text sits there).
    centre = _ge(s9_centre, 8)  # zero outside the centre region
    stroke_hist, edge_hist, centre_hist, n_edges = _orientation_hists(
        octant, edges, cv2.bitwise_and(edges, _ge(s9, 12)), centre
    )
    feats.extend(stroke_hist.tolist())
    feats.extend(edge_hist.tolist())
    feats.extend([n_edges / edges.size, cv2.countNonZero(_ge(mag, 120)) / edges.size])
    feats.extend(centre_hist.tolist())
    feats.extend(hists[3].tolist())
    # Periodicity (tiled marks) of the signed stroke image and of the faint strokes alone.
    feats.extend(_autocorr(_small(top9) - _small(black9)))
    feats.extend(_autocorr(_small(faint)))
    # Context: background, brightness, how textured the photo is anyway. OpenCV's float64
    # statistics replace numpy's float32 ones (same values within ~1e-7 relative, 10x faster).
    mean, std = cv2.meanStdDev(luma)
    lap = cv2.Laplacian(luma, cv2.CV_16S, ksize=1)  # exact integers, as the float32 version
    feats.extend(
        [
            float(white_bg),
            float(bg.ring_level) / 255.0,
            float(bg.ring_spread) / 64.0,
            float(bg.product_fill),
            float(mean[0, 0]) / 255.0,
            float(std[0, 0]) / 128.0,
            cv2.countNonZero(_ge(luma, 250)) / luma.size,
            cv2.norm(lap, cv2.NORM_L1) / lap.size / 32.0,
        ]
    )
    # Where the strokes sit relative to the product on white backgrounds.
    if white_bg:
        back = np.ascontiguousarray(bg.background).view(np.uint8)  # bool -> 0/1 bytes
        n_back = cv2.countNonZero(back)
        feats.extend(
            [
                cv2.countNonZero(cv2.bitwise_and(strong, back)) / n_back if n_back else 0.0,
                cv2.countNonZero(cv2.bitwise_and(faint, back)) / faint.size,
            ]
        )
    else:
        feats.extend([0.0, 0.0])
    # The hand-written cues: their score and how many candidates of each kind.
    kinds = [r.kind for r in regions]
    feats.append(float(score))
    feats.extend(float(kinds.count(k)) for k in _KINDS)
    feats.append(float(len(regions)))
    return np.asarray(feats, np.float32)


@lru_cache(maxsize=1)
def _weights() -> dict[str, np.ndarray]:
    """The shipped network (loaded once per process)."""
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return {k: np.asarray(v, np.float32) for k, v in raw.items() if isinstance(v, list)}


def n_features() -> int:
    """Length of the feature vector the shipped weights expect."""
    return int(_weights()["mean"].shape[0])


def predict(x: np.ndarray, weights: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Probabilities of 'watermark' for feature rows x (n, d): standardise, ReLU layer, sigmoid."""
    p = _weights() if weights is None else weights
    z = (np.atleast_2d(x) - p["mean"]) / p["std"]
    hidden = np.maximum(z @ p["w1"] + p["b1"], 0.0)
    logit = hidden @ p["w2"] + p["b2"]
    return 1.0 / (1.0 + np.exp(-np.clip(logit.ravel(), -30, 30)))


def watermark_probability(
    rgb: np.ndarray,
    luma: np.ndarray,
    bg: Background,
    white_bg: bool,
    score: float,
    regions: list[Region],
) -> float | None:
    """Probability (0..1) that the image carries a watermark, logo stamp or overlay text.

    None for images too small to say (a strip or an icon under MIN_SIDE px at working size).
    """
    if min(luma.shape) < MIN_SIDE:
        return None
    x = feature_vector(rgb, luma, bg, white_bg, score, regions)
    p = float(predict(x)[0])
    return p if np.isfinite(p) else None
