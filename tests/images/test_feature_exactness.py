"""The fast feature paths give exactly the values of their plain definitions (issue 12 speed).

Engines and caches compare features byte for byte, and rule thresholds sit on these values, so
a speed-up may not move any of them by even one ulp.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
import pytest

from listing_preflight.images import backdrop, background, extract


def plain_sharpness(luma: np.ndarray, bg: background.Background) -> float | None:
    """IMG008's acuity as written before the speed-up: a full sort of the float32 gradient."""
    luma = extract.product_region(luma, bg)  # the crop is not what the speed-up changed
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


@lru_cache(maxsize=1)
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


def labelled_background(white: np.ndarray) -> np.ndarray:
    """The background by its definition: every 4-connected white region touching the edge."""
    _, labels = cv2.connectedComponents(white, connectivity=4)
    edge = np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1]))
    keep = np.unique(edge[edge != 0])
    return np.isin(labels, keep)


@pytest.mark.parametrize("seed", range(12))
def test_the_flood_filled_background_is_every_white_region_on_the_edge(seed: int) -> None:
    rng = np.random.default_rng(seed)
    h, w = (int(v) for v in rng.integers(1, 120, 2))
    # Blobs of white and not-white at several scales: enclosed white holes, regions that
    # touch the edge at one pixel, diagonal-only contacts (not 4-connected).
    noise = rng.random((h, w))
    white = (cv2.GaussianBlur(noise, (0, 0), float(rng.uniform(0.3, 3))) > 0.5).astype(np.uint8)
    assert np.array_equal(background._border_connected(white), labelled_background(white))


def test_a_white_hole_inside_the_product_is_not_background() -> None:
    white = np.ones((9, 9), np.uint8)
    white[2:7, 2:7] = 0
    white[4, 4] = 1  # enclosed by the product
    mask = background._border_connected(white)
    assert mask[0, 0] and not mask[4, 4] and not mask[3, 3]


@pytest.mark.parametrize("seed", range(6))
def test_region_means_are_the_exact_float64_means_of_each_region(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 256, (int(rng.integers(4, 97)), int(rng.integers(4, 97)), 3), np.uint8)
    smooth = (cv2.GaussianBlur(rng.random(rgb.shape[:2]), (0, 0), 2.0) > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smooth, connectivity=4)
    regions = np.arange(count)
    got = backdrop._region_means(rgb, labels, stats, regions)
    for i in regions:
        assert got[i].tolist() == rgb[labels == i].astype(np.float64).mean(axis=0).tolist()
