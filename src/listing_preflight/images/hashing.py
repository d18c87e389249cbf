"""Perceptual hashes and a colour signature of a decoded (reduced, white-composited) image.

Called by the feature extractor once per unique image; the similarity rules and the reference
index use the same function on the same decode path, so catalog and reference hashes compare.

Why these columns (calibration in benchmarks/eval_similarity.py, notes in similarity/score.py):
- Hashing the whole frame lets a re-framed copy escape (a 15 % white margin moves the whole-frame
  phash by ~16 bits) and makes unrelated packshots on white look alike (shared margins), so the
  similarity uses hashes of the product bounding box (the non-white region) instead.
- A mirrored copy has an unrelated phash, so the crop is also hashed mirrored.
- Greyscale hashes cannot tell colour variants of one design apart; a small colour signature of
  the product region (mean CIELAB) does.
"""

from __future__ import annotations

import cv2
import imagehash
import numpy as np
import polars as pl
from PIL import Image

# Bump when the hash definition changes: cached features of an older version are recomputed.
HASH_VERSION = "2"

HASH_COLUMNS: dict[str, pl.DataType] = {
    "img_phash": pl.UInt64(),               # DCT hash of the whole frame
    "img_dhash": pl.UInt64(),               # gradient hash of the whole frame
    "img_crop_phash": pl.UInt64(),          # DCT hash of the product bounding box
    "img_crop_dhash": pl.UInt64(),          # gradient hash of the product bounding box
    "img_crop_phash_mirror": pl.UInt64(),   # the same two hashes of the box mirrored left-right
    "img_crop_dhash_mirror": pl.UInt64(),
    "img_color": pl.UInt64(),               # packed mean CIELAB of the product (see pack_color)
}

#: The columns the similarity search needs (the whole-frame hashes are for other rules).
SIMILARITY_COLUMNS = (
    "img_crop_phash", "img_crop_dhash", "img_crop_phash_mirror", "img_crop_dhash_mirror",
    "img_color",
)

# A pixel is "product" when its darkest channel is below this (white backgrounds are >= 245
# after JPEG; 240 leaves room for compression noise).
WHITE_LEVEL = 240
# A row/column belongs to the product box when at least this share of it is non-white; it
# ignores specks of dust and JPEG ringing far from the product.
MIN_DARK_SHARE = 0.01


def _to_int(h: imagehash.ImageHash) -> int:
    return int.from_bytes(np.packbits(h.hash.flatten()).tobytes(), "big")


def product_box(rgb: np.ndarray, threshold: int = WHITE_LEVEL) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of the non-white region, or None if all white."""
    dark = rgb.min(axis=2) < threshold
    height, width = dark.shape
    rows = np.flatnonzero(dark.sum(axis=1) >= max(1, MIN_DARK_SHARE * width))
    cols = np.flatnonzero(dark.sum(axis=0) >= max(1, MIN_DARK_SHARE * height))
    if rows.size == 0 or cols.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def pack_color(lab: np.ndarray) -> int:
    """Pack mean (L, a, b) of the product pixels, each 0..255 as OpenCV scales them, in 24 bits."""
    values = np.clip(np.rint(lab), 0, 255).astype(np.uint64)
    return int(values[0]) << 16 | int(values[1]) << 8 | int(values[2])


def unpack_color(packed: np.ndarray) -> np.ndarray:
    """Inverse of pack_color over an array of packed values: (n, 3) float L, a, b."""
    packed = np.asarray(packed, dtype=np.uint64)
    return np.stack(
        [(packed >> np.uint64(s)) & np.uint64(0xFF) for s in (16, 8, 0)], axis=-1
    ).astype(np.float64)


def color_signature(crop: np.ndarray) -> int:
    """Mean CIELAB of the product pixels of a crop (all pixels when none is non-white)."""
    small = cv2.resize(crop, (64, 64), interpolation=cv2.INTER_AREA) if crop.shape[0] * crop.shape[1] > 4096 else crop
    lab = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float64)
    mask = small.reshape(-1, 3).min(axis=1) < WHITE_LEVEL
    chosen = lab[mask] if mask.sum() >= 0.05 * mask.size else lab
    return pack_color(chosen.mean(axis=0))


def compute_hashes(rgb: np.ndarray) -> dict[str, int]:
    """Hashes of an RGB uint8 array (H, W, 3), keyed as in HASH_COLUMNS."""
    image = Image.fromarray(rgb)
    box = product_box(rgb)
    crop_rgb = rgb[box[1]:box[3], box[0]:box[2]] if box else rgb
    crop = Image.fromarray(np.ascontiguousarray(crop_rgb))
    mirror = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return {
        "img_phash": _to_int(imagehash.phash(image)),
        "img_dhash": _to_int(imagehash.dhash(image)),
        "img_crop_phash": _to_int(imagehash.phash(crop)),
        "img_crop_dhash": _to_int(imagehash.dhash(crop)),
        "img_crop_phash_mirror": _to_int(imagehash.phash(mirror)),
        "img_crop_dhash_mirror": _to_int(imagehash.dhash(mirror)),
        "img_color": color_signature(crop_rgb),
    }
