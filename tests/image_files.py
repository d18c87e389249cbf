"""Image files for the image tests, generated on the fly (real JPEG/PNG/GIF bytes, no fixtures)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def packshot(
    size: int = 1000,
    *,
    bg: tuple[int, int, int] = (255, 255, 255),
    product_share: float = 0.7,
    seed: int = 0,
) -> Image.Image:
    """A product-like object (textured rounded box + soft shadow) centred on a background."""
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(im)
    half = int(size * product_share / 2)
    c = size // 2
    # Soft shadow under the product, not reaching the border: darker than the backdrop.
    for i in range(12):
        shade = 1 - (12 - i) * 0.012
        d.ellipse(
            (c - half + i * 3, c + half - 20 + i, c + half - i * 3, c + half + 30 - i),
            fill=tuple(int(v * shade) for v in bg),
        )
    colour = tuple(int(v) for v in rng.integers(30, 200, 3))
    d.rounded_rectangle((c - half, c - half, c + half, c + half), radius=size // 20, fill=colour)
    arr = np.asarray(im).astype(np.int16)
    noise = rng.normal(0, 6, arr.shape)
    inside = np.zeros(arr.shape[:2], bool)
    inside[c - half : c + half, c - half : c + half] = True
    arr[inside] = np.clip(arr[inside] + noise[inside], 0, 255)
    return Image.fromarray(arr.astype(np.uint8))


def still_life(size: int = 1000, *, seed: int = 0, bg=(235, 235, 235)) -> Image.Image:
    """A few objects of random shape, size, colour and place (a different layout per seed),
    clear of a margin of a tenth of the frame."""
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(im)
    margin = size // 10
    for _ in range(int(rng.integers(2, 5))):
        w, h = (int(v) for v in rng.integers(size // 6, size // 2, 2))
        x = int(rng.integers(margin, size - margin - w))
        y = int(rng.integers(margin, size - margin - h))
        colour = tuple(int(v) for v in rng.integers(20, 220, 3))
        shape = d.ellipse if rng.random() < 0.5 else d.rectangle
        shape((x, y, x + w, y + h), fill=colour)
    return im


def with_text(
    im: Image.Image, text: str, xy: tuple[int, int], size: int, fill=(0, 0, 0)
) -> Image.Image:
    """A copy of `im` with `text` drawn at `xy`."""
    out = im.copy()
    ImageDraw.Draw(out).text(xy, text, font=ImageFont.load_default(size=size), fill=fill)
    return out


def centre_overlay(im: Image.Image, text: str, alpha: int, size: int = 70) -> Image.Image:
    """A copy of `im` with white `text` laid over its centre at opacity alpha / 255."""
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).text(
        (im.width // 2, im.height // 2),
        text,
        font=ImageFont.load_default(size=size),
        fill=(255, 255, 255, alpha),
        anchor="mm",
    )
    return Image.alpha_composite(im.convert("RGBA"), layer).convert("RGB")


def jpeg_bytes(im: Image.Image, quality: int = 90, **kw) -> bytes:
    """Encode as JPEG."""
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def save(folder: Path, name: str, data: bytes | Image.Image, fmt: str | None = None) -> Path:
    """Write bytes or an image (format from `fmt` or the name) into `folder`."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, Image.Image):
        data.save(path, fmt) if fmt else data.save(path)
    else:
        path.write_bytes(data)
    return path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 40000, height: int = 40000) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def exif_rotated(width: int, height: int, orientation: int) -> bytes:
    """A JPEG stored width x height carrying an EXIF orientation tag."""
    im = packshot(max(width, height)).resize((width, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    return jpeg_bytes(im, exif=exif.tobytes())


def transparent_cutout(size: int = 900) -> bytes:
    """RGBA PNG: product on a fully transparent background whose RGB is black junk."""
    arr = np.zeros((size, size, 4), np.uint8)  # RGB under alpha=0 is black, like saleor's cut-outs
    q = size // 4
    arr[q:-q, q:-q] = (40, 90, 200, 255)
    buf = io.BytesIO()
    Image.fromarray(arr, "RGBA").save(buf, "PNG")
    return buf.getvalue()


def cmyk_jpeg(size: int = 900) -> bytes:
    """A CMYK JPEG of a white packshot."""
    return jpeg_bytes(packshot(size).convert("CMYK"))


def png16_grey(size: int = 900) -> bytes:
    """A 16-bit greyscale PNG: white (65535) background with a mid-grey square."""
    arr = np.full((size, size), 65535, np.uint16)
    q = size // 4
    arr[q:-q, q:-q] = 20000
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def palette_png(size: int = 900) -> bytes:
    """A palette PNG with a transparent background colour."""
    im = Image.new("P", (size, size), 0)
    im.putpalette([0, 0, 0, 200, 30, 30] + [0] * 762)
    ImageDraw.Draw(im).rectangle((size // 4, size // 4, 3 * size // 4, 3 * size // 4), fill=1)
    buf = io.BytesIO()
    im.save(buf, "PNG", transparency=0)
    return buf.getvalue()


def animated_gif(size: int = 900, frames: int = 3) -> bytes:
    """An animated GIF."""
    ims = [packshot(size, seed=i).convert("P") for i in range(frames)]
    buf = io.BytesIO()
    ims[0].save(buf, "GIF", save_all=True, append_images=ims[1:], duration=100, loop=0)
    return buf.getvalue()


def video(path: Path, seconds: float, fps: float = 2.0) -> Path:
    """A tiny MP4 (mp4v) of the given duration."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (32, 32))
    for i in range(int(seconds * fps)):
        writer.write(np.full((32, 32, 3), i % 255, np.uint8))
    writer.release()
    return path
