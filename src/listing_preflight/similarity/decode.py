"""Reduced decode for reference images, mirroring the catalog image pipeline.

Hashes differ across decode paths (image-techniques §5.1), so reference images must be decoded
the way catalog images are: Pillow draft to >= 256 px, EXIF orientation applied, alpha
composited on white, RGB. The index build prefers the image pipeline's own extractor when it
is available and falls back to this function otherwise.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

# Smallest side the reduced decode keeps; DCT scaling in the JPEG decoder stops above it.
DRAFT_SIZE = 256
# Refuse absurd images instead of exhausting memory (decompression bombs).
MAX_PIXELS = 200_000_000


def decode_reduced(source: str | Path | bytes) -> np.ndarray:
    """Decode an image file (path or bytes) to an RGB uint8 array at reduced size."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    with Image.open(handle) as image:
        image.draft("RGB", (DRAFT_SIZE, DRAFT_SIZE))
        image = ImageOps.exif_transpose(image)
        return to_rgb_on_white(image)


def to_rgb_on_white(image: Image.Image) -> np.ndarray:
    """RGB array of `image`, with any transparency composited on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        canvas.alpha_composite(rgba)
        return np.asarray(canvas.convert("RGB"))
    if image.mode == "I;16" or image.mode.startswith("I"):
        image = image.point(lambda v: v / 256).convert("L")
    return np.asarray(image.convert("RGB"))
