"""Fast reductions of the working image for features that read it smaller."""

from __future__ import annotations

import cv2
import numpy as np


def shrink_to(rgb: np.ndarray, side: int) -> np.ndarray:
    """`rgb` reduced to long side `side` (as it is when not larger): box average, then bilinear."""
    h, w = rgb.shape[:2]
    f = side / max(h, w)
    if f >= 1:
        return np.ascontiguousarray(rgb)
    size = (max(1, round(w * f)), max(1, round(h * f)))
    # INTER_AREA at a non-integer ratio (250 or 200 -> 128 px) cost ~0.45 ms, a fifth of the
    # whole decode. An exact k x k box average (OpenCV's fast INTER_AREA path) followed by a
    # bilinear step of less than 2x costs ~0.06 ms; the hashes moved by 0.2-0.6 bits on
    # average (HASH_VERSION 3; benchmarks/eval_similarity.py re-run, see the image-speed note).
    k = min(max(h, w) // side, h, w)  # <= the short side: a 1 px sliver stays 1 px
    if k >= 2:
        hk, wk = h // k, w // k
        rgb = cv2.resize(rgb[: hk * k, : wk * k], (wk, hk), interpolation=cv2.INTER_AREA)
    return cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
