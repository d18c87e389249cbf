"""Fine edges of each watermark-network cell, packed as one 64-bit code per cell.

A seller's mark stamped on many photos leaves the same strokes at the same pixels of every
frame, whatever the product underneath; a print on the product moves and changes with the
product. IMG007's catalog evidence compares these codes across one seller's photos to find
strokes that repeat at the same place (rules/image.py). Each cell of the GRID x GRID map is
EDGE_SIDE / GRID = 8 x 8 pixels of the network input's luma reduced to EDGE_SIDE x EDGE_SIDE;
a bit is set where one of its 2 x 2 input pixels differs from its 3 x 3 neighbourhood mean by
more than LEVEL.
"""

from __future__ import annotations

import cv2
import numpy as np

from .watermark_net import GRID

EDGE_SIDE = 96  # 8 x 8 pixels per cell: the 64 bits of a code
# Grey levels (0-255) a pixel must stand out from its neighbourhood: JPEG noise on flat areas
# stays below it; the strokes of a mark at 25 % opacity reach it.
LEVEL = 6
_POOL = np.ones((2, 2), np.uint8)


def cell_codes(x: np.ndarray) -> np.ndarray:
    """(GRID * GRID,) uint64 fine-edge codes, row-major, of a uint8 network input."""
    grey = cv2.cvtColor(x, cv2.COLOR_RGB2GRAY)
    contrast = cv2.absdiff(grey, cv2.blur(grey, (3, 3)))
    # Found at the input's full 192 px, where a small mark's strokes are still 1-2 px wide,
    # then kept at 96 px where any of 2 x 2 pixels is an edge (a 2 x 2 maximum, every 2nd).
    f = grey.shape[0] // EDGE_SIDE
    pooled = cv2.dilate(contrast, _POOL, anchor=(0, 0))[::f, ::f]
    bits = pooled > LEVEL
    k = EDGE_SIDE // GRID
    blocks = bits.reshape(GRID, k, GRID, k).transpose(0, 2, 1, 3).reshape(GRID * GRID, k * k)
    return np.packbits(blocks, axis=1).view(">u8").ravel().astype(np.uint64)
