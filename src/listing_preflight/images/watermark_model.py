"""Learned watermark score: a compact feature vector per image and a small shipped MLP over it.

The hand-written cues of overlay.py find crisp text in a white background, banners and text
hugging the frame edge; faint, rotated, tiled marks and logos over a scene look to them like
the photo's own texture. Here the same cheap responses (thin-stroke top-hat/black-hat,
gradient orientation, autocorrelation of the high-pass image) are summarised into ~120 numbers
per image, and a one-hidden-layer network trained by benchmarks/train_watermark.py on the
project's own labelled images (synthetic marks on real and synthesised photos, split by source
photo) turns them into a probability. Inference is numpy only; the weights ship next to this
module (watermark_mlp.json). Cost: ~1-2 ms per working-size (200-320 px) image.
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


def _cells(mask255: np.ndarray) -> np.ndarray:
    """GRID x GRID cell shares of a 0/255 uint8 mask (block means; the last few px are dropped).

    A reshape is ~3x faster than an INTER_AREA resize to a non-integer ratio.
    """
    h, w = mask255.shape
    ch, cw = h // GRID, w // GRID
    blocks = mask255[: ch * GRID, : cw * GRID].reshape(GRID, ch, GRID, cw)
    return blocks.mean(axis=(1, 3), dtype=np.float32) / 255


def _ge(a: np.ndarray, level: float) -> np.ndarray:
    """0/255 uint8 mask of a >= level (OpenCV compare: ~10x faster than numpy + astype)."""
    return cv2.compare(a, level, cv2.CMP_GE)


def _hist(a: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Shares of uint8 `a` (under mask) in the _S_BINS contrast bins above the first."""
    full = cv2.calcHist([a], [0], mask, [256], [0, 256]).ravel()
    counts = np.add.reduceat(full, _S_BINS[:-1].astype(np.int64))
    total = counts.sum()
    return (counts[1:] / total if total > 0 else counts[1:]).astype(np.float32)


def _ring_centre(c: np.ndarray) -> tuple[float, float, float, float]:
    """(corner mean, edge-cell mean, centre mean, max) of a GRID x GRID cell array."""
    corners = (c[0, 0] + c[0, -1] + c[-1, 0] + c[-1, -1]) / 4
    border = np.concatenate([c[0], c[-1], c[1:-1, 0], c[1:-1, -1]])
    return float(corners), float(border.mean()), float(c[1:-1, 1:-1].mean()), float(c.max())


def _orientation_hist(octant: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """8-bin histogram of gradient orientation (mod 180 degrees) under a 0/255 mask, as shares."""
    # Bin 8..15 = inside the mask: one unmasked 16-bin histogram (calcHist with a mask is slow).
    code = cv2.bitwise_or(octant, cv2.bitwise_and(mask, 8))
    hist = cv2.calcHist([code], [0], None, [16], [0, 16]).ravel()[8:]
    total = hist.sum()
    return (hist / total if total > 0 else hist).astype(np.float32)


@lru_cache(maxsize=1)
def _lags() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of the autocorrelation lags: ring 6..c-2, near ring 3..5, diagonal of the ring."""
    c = AC_SIDE // 2
    yy, xx = np.ogrid[-c : AC_SIDE - c, -c : AC_SIDE - c]
    r = np.hypot(yy, xx)
    ring = (r >= 6) & (r <= c - 2)
    return ring, (r >= 3) & (r < 6), ring & (np.abs(np.abs(yy) - np.abs(xx)) <= 2)


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
    a = signed - signed.mean()
    f = np.fft.rfft2(a)
    ac = np.fft.irfft2(f * np.conj(f), s=a.shape)
    zero = ac[0, 0]
    if zero <= 1e-6:
        return 0.0, 0.0, 0.0
    ac = np.fft.fftshift(ac / zero)
    ring, near_ring, diagonal = _lags()
    peak = float(ac[ring].max())
    near = float(ac[near_ring].mean())
    diag = float(ac[diagonal].max())
    return peak, peak - max(near, 0.0), diag


def feature_vector(
    rgb: np.ndarray,
    luma: np.ndarray,
    bg: Background,
    white_bg: bool,
    score: float,
    regions: list[Region],
) -> np.ndarray:
    """The model's input: ~120 float32 numbers summarising one working-size image."""
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
    for m in (strong, faint, big):
        c = _cells(m)
        feats.extend(c.ravel().tolist())
        feats.extend(_ring_centre(c))
        feats.extend([float(c.std()), float(c.min()), float(np.sort(c.ravel())[-4:].mean())])
    # Contrast histogram of stroke responses: an overlay adds a bump at its own contrast.
    for s in (s3, s5, s9):
        feats.extend(_hist(s).tolist())
    # Polarity balance: a light (or dark) mark is all top-hat (or all black-hat).
    tp = cv2.countNonZero(_ge(top9, 16)) / top9.size
    bp = cv2.countNonZero(_ge(black9, 16)) / top9.size
    feats.extend([tp, bp, abs(tp - bp) / (tp + bp + 1e-6)])
    # Row and column profiles of strong strokes: a line of text is a dense horizontal band.
    rows = cv2.reduce(strong, 1, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel() / 255
    cols = cv2.reduce(strong, 0, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel() / 255
    band, cband = max(2, h // 8), max(2, w // 8)
    feats.extend(
        [
            float(rows[:band].mean()),
            float(rows[-band:].mean()),
            float(cols[:cband].mean()),
            float(cols[-cband:].mean()),
            float(np.convolve(rows, np.ones(5) / 5, "valid").max()) if h >= 5 else 0.0,
            float(rows.std()),
            float(cols.std()),
        ]
    )
    # Orientation of stroke edges vs all edges: rotated text is diagonal, products rarely are.
    lf = luma.astype(np.float32)
    gx = cv2.Sobel(lf, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lf, cv2.CV_32F, 0, 1, ksize=3)
    mag, ang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    # 16 rounded bins over 360 degrees folded onto 8 over 180 (opposite directions agree).
    octant = np.bitwise_and(cv2.convertScaleAbs(ang, alpha=16 / 360), 7)
    edges = _ge(mag, 40)
    feats.extend(_orientation_hist(octant, cv2.bitwise_and(edges, _ge(s9, 12))).tolist())
    feats.extend(_orientation_hist(octant, edges).tolist())
    feats.extend(
        [cv2.countNonZero(edges) / edges.size, cv2.countNonZero(_ge(mag, 120)) / edges.size]
    )
    # Centre region only (big semi-transparent text sits there).
    cy0, cy1, cx0, cx1 = h // 4, h - h // 4, w // 4, w - w // 4
    feats.extend(
        _orientation_hist(
            np.ascontiguousarray(octant[cy0:cy1, cx0:cx1]),
            np.ascontiguousarray(_ge(s9, 8)[cy0:cy1, cx0:cx1]),
        ).tolist()
    )
    feats.extend(_hist(np.ascontiguousarray(s9[cy0:cy1, cx0:cx1])).tolist())
    # Periodicity (tiled marks) of the signed stroke image and of the faint strokes alone.
    feats.extend(_autocorr(_small(top9) - _small(black9)))
    feats.extend(_autocorr(_small(faint)))
    # Context: background, brightness, how textured the photo is anyway.
    feats.extend(
        [
            float(white_bg),
            float(bg.ring_level) / 255.0,
            float(bg.ring_spread) / 64.0,
            float(bg.product_fill),
            float(lf.mean()) / 255.0,
            float(lf.std()) / 128.0,
            float((luma >= 250).mean()),
            float(np.abs(cv2.Laplacian(lf, cv2.CV_32F, ksize=1)).mean()) / 32.0,
        ]
    )
    # Where the strokes sit relative to the product on white backgrounds.
    if white_bg:
        back = bg.background
        n_back = int(np.count_nonzero(back))
        feats.extend(
            [
                float(np.count_nonzero(strong[back])) / n_back if n_back else 0.0,
                float(np.count_nonzero(faint[back])) / faint.size,
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
