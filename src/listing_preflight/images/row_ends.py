"""The leftmost and rightmost set pixel of chosen rows of a mask: the outline of a shape for hulls
and turned boxes, from ~2 points a row instead of every pixel."""

from __future__ import annotations

import numpy as np


def row_end_points(mask: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(2n, 2) int64 x, y of the first and last non-zero pixel of each of `rows` (each must hold one).

    The convex hull of a shape, and the box of any turn of it, is that of these points.
    """
    w = mask.shape[1]
    sub = mask[rows]
    left = sub.argmax(axis=1)
    right = w - 1 - sub[:, ::-1].argmax(axis=1)
    return np.concatenate([np.stack([left, rows], 1), np.stack([right, rows], 1)])
