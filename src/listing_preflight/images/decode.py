"""Decoding at reduced size: header facts first, then as few pixels as the features need.

JPEGs are decoded with libjpeg DCT scaling (Pillow `draft`), which skips most of the IDCT and
colour work; other formats pay a full decode and are reduced right after. The result is an RGB
array whose long side is about WORK_SIDE pixels, upright (EXIF orientation applied) and with
any transparency composited on white, so every feature sees what a shopper sees.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageFile

from ..i18n import _t
from .sniff import sniff

# Long side of the working image all pixel features are computed on: 200-320 px. The DCT
# scale is the smallest that keeps >= 200 px, so a 1000 px JPEG decodes at 1/4 (250 px) and a
# 1600 px one at 1/8 (200 px), both without any resize; the 1/4 decode costs ~1.1x the 1/8
# floor (image-techniques.md §3.2: 1.67 vs 1.53 ms at 1000 px).
WORK_SIDE = 256
_MIN_DRAFT_SIDE = 200
_MAX_WORK_SIDE = 320

# EXIF orientation -> PIL transpose operations that make the image upright.
_ORIENT = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}

ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is an error, never half an image


class ImageError(Exception):
    """An image that cannot be used; the message is shown to the seller as is."""


@dataclass(slots=True)
class Decoded:
    """Header facts and the reduced, upright, white-composited RGB pixels."""

    width: int  # after EXIF orientation
    height: int
    format: str  # JPEG, PNG, WEBP, GIF, ... (MPO reported as JPEG)
    frames: int  # > 1 for animated images
    rgb: np.ndarray  # uint8 (h, w, 3), long side <= _MAX_WORK_SIDE


def _draft_scale(width: int, height: int, min_side: int = _MIN_DRAFT_SIDE) -> int:
    """Largest DCT scale (8, 4, 2, 1) that keeps the long side >= `min_side`."""
    long_side = max(width, height)
    for scale in (8, 4, 2):
        if long_side // scale >= min_side:
            return scale
    return 1


def upright(rgb: np.ndarray, orientation: int) -> np.ndarray:
    """`rgb` turned as its EXIF orientation says (1: as it is)."""
    for op in _ORIENT.get(orientation, ()):
        rgb = np.asarray(Image.fromarray(rgb).transpose(op))
    return rgb


def _to_rgb(im: Image.Image) -> np.ndarray:
    """RGB uint8 array of any Pillow mode, transparency composited on white."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        # 16-bit / 32-bit greyscale: scale to 8 bits instead of clipping at 255.
        arr = np.asarray(im, dtype=np.float32)
        peak = 65535.0 if mode.startswith("I;16") or float(arr.max(initial=0)) > 255 else 255.0
        grey = np.clip(arr * (255.0 / peak) + 0.5, 0, 255).astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    has_alpha = (
        mode in ("RGBA", "LA", "PA", "RGBa", "La")
        or (mode == "P" and "transparency" in im.info)
        or (mode in ("L", "RGB") and "transparency" in im.info)
    )
    if has_alpha:
        rgba = np.asarray(im.convert("RGBA"))
        alpha = rgba[:, :, 3:4].astype(np.uint16)
        rgb = rgba[:, :, :3].astype(np.uint16)
        # The RGB under transparent pixels is often black or junk: weight it by alpha.
        out = (rgb * alpha + 255 * (255 - alpha) + 127) // 255
        return out.astype(np.uint8)
    if mode != "RGB":
        im = im.convert("RGB")
    return np.asarray(im)


def _shrink(rgb: np.ndarray) -> np.ndarray:
    """Resize to the working size with area averaging when the long side is above the cap."""
    h, w = rgb.shape[:2]
    long_side = max(h, w)
    if long_side <= _MAX_WORK_SIDE:
        return np.ascontiguousarray(rgb)
    f = WORK_SIDE / long_side
    size = (max(1, round(w * f)), max(1, round(h * f)))
    # INTER_AREA is slow for non-integer ratios and only needed for strong reductions.
    method = cv2.INTER_AREA if f <= 0.5 else cv2.INTER_LINEAR
    return cv2.resize(rgb, size, interpolation=method)


def decode(data: bytes, *, max_pixels: int) -> Decoded:
    """Header check then reduced decode of `data`; raises ImageError with a seller-facing message."""
    if not data:
        raise ImageError(_t("empty file (0 bytes)"))
    kind = sniff(data[:512])
    if kind == "HTML":
        raise ImageError(_t("an HTML page, not an image (hotlink/error page saved as an image file?)"))
    try:
        with warnings.catch_warnings():
            # Pillow's own guard (warn above MAX_IMAGE_PIXELS, 89.5 MP by default; refuse
            # above twice that, "could be decompression bomb DOS attack") is aligned with our
            # limit, which is checked just below in our own words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = max_pixels
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ImageError(_t("decompression bomb refused: more than twice the {} MP limit").format(
            f"{max_pixels / 1e6:.0f}")) from None
    except Exception:  # noqa: BLE001 - Pillow raises many types for unreadable input
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        svg = head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head)
        if svg:
            message = _t("cannot read image header (an SVG drawing; upload a JPEG or PNG photo)")
        elif kind:
            message = _t("cannot read image header ({} file; unsupported format or corrupt)").format(kind)
        else:
            message = _t("cannot read image header (not an image; unsupported format or corrupt)")
        raise ImageError(message) from None
    width, height = im.size
    if width * height > max_pixels:
        raise ImageError(
            _t("decompression bomb refused: {}x{} = {:.0f} MP exceeds the {:.0f} MP limit").format(
                width, height, width * height / 1e6, max_pixels / 1e6)
        )
    fmt = "JPEG" if im.format == "MPO" else (im.format or kind or "unknown")
    frames = int(getattr(im, "n_frames", 1) or 1)
    try:
        orientation = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not lose the image
        orientation = 1
    try:
        if fmt == "JPEG":
            scale = _draft_scale(width, height)
            if scale > 1:
                im.draft("RGB", (width // scale, height // scale))
            im.load()
        else:
            im.load()  # first frame of animated GIF/PNG/WebP
            scale = _draft_scale(width, height)
            if scale > 1 and im.mode in ("RGB", "RGBA", "L", "LA"):
                im = im.reduce(scale)
        rgb = _to_rgb(im)
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001
        reason = str(exc) or type(exc).__name__
        raise ImageError(_t("corrupt or truncated image: {}").format(reason)) from None
    rgb = upright(rgb, orientation)
    if orientation in _ORIENT and orientation >= 5:
        width, height = height, width
    return Decoded(width=width, height=height, format=fmt, frames=frames, rgb=_shrink(rgb))
