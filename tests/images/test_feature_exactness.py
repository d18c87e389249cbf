"""The fast feature paths give exactly the values of their plain definitions (issue 12 speed).

Engines and caches compare features byte for byte, and rule thresholds sit on these values, so
a speed-up may not move any of them by even one ulp.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from listing_preflight.images import background, extract


def plain_sharpness(luma: np.ndarray, bg: background.Background) -> float | None:
    """IMG008's acuity as written before the speed-up: a full sort of the float32 gradient."""
    if bg.bbox is not None:
        h, w = luma.shape
        x0, y0, x1, y1 = bg.bbox
        crop = luma[int(y0 * h) : int(y1 * h) + 1, int(x0 * w) : int(x1 * w) + 1]
        if crop.shape[0] >= 8 and crop.shape[1] >= 8:
            luma = crop
    luma = np.ascontiguousarray(luma, dtype=np.uint8)
    lap = np.abs(cv2.Laplacian(luma, cv2.CV_16S, ksize=1)).astype(np.float32)
    gx = cv2.Sobel(luma, cv2.CV_16S, 1, 0, ksize=3).astype(np.float32)
    gy = cv2.Sobel(luma, cv2.CV_16S, 0, 1, ksize=3).astype(np.float32)
    grad = np.sqrt(gx * gx + gy * gy)
    cut = np.sort(grad.ravel())[int(grad.size * 0.95)]
    edges = grad > cut
    mean_grad = float(grad[edges].mean(dtype=np.float64)) if edges.any() else 0.0
    if mean_grad < 8.0:
        return None
    return float(lap[edges].mean(dtype=np.float64)) / mean_grad


def pictures() -> list[np.ndarray]:
    """Working-size pictures: product shots on white (many equal gradients), noise, blur,
    extreme contrast (the largest squared gradients), a blank frame and tiny crops."""
    rng = np.random.default_rng(12)
    out = []
    for i in range(24):
        h, w = (int(v) for v in rng.integers(8, 320, 2))
        rgb = np.full((h, w, 3), 255, np.uint8)
        for _ in range(4):
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            colour = tuple(int(v) for v in rng.integers(0, 256, 3))
            cv2.rectangle(rgb, (x0, y0), (x0 + w // 3, y0 + h // 3), colour, -1)
        if i % 3 == 1:
            rgb = cv2.GaussianBlur(rgb, (0, 0), float(rng.uniform(0.5, 3)))
        if i % 3 == 2:
            noise = rng.normal(0, 6, rgb.shape)
            rgb = np.clip(rgb + noise, 0, 255).astype(np.uint8)
        out.append(rgb)
    checker = (np.indices((64, 64)).sum(axis=0) % 2 * 255).astype(np.uint8)
    out.append(np.dstack([checker] * 3))  # every gradient at the Sobel maximum
    out.append(np.full((50, 70, 3), 255, np.uint8))  # blank: no edges
    return out


@pytest.mark.parametrize("index", range(26))
def test_sharpness_equals_its_plain_definition(index: int) -> None:
    rgb = pictures()[index]
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    bg = background.analyse(rgb, luma)
    assert extract.sharpness(luma, bg) == plain_sharpness(luma, bg)


def test_a_blank_frame_has_no_sharpness() -> None:
    luma = np.full((40, 40), 255, np.uint8)
    assert extract.sharpness(luma, background.analyse(np.dstack([luma] * 3), luma)) is None
