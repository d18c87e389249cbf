"""Product photos and derived copies for the similarity tests, generated on the fly (real JPEGs)."""

from __future__ import annotations

import colorsys
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter


def product(seed: int, *, hue: float | None = None, size: int = 800, background=(255, 255, 255)) -> Image.Image:
    """A packshot: a random silhouette with printed details on a plain background.

    Different seeds give different shapes and details; the same seed with another `hue` is a
    colour variant of the same design.
    """
    rng = np.random.default_rng(seed)
    hue = rng.uniform(0, 1) if hue is None else hue
    base = tuple(int(255 * v) for v in colorsys.hsv_to_rgb(hue, 0.75, 0.8))
    accent = tuple(int(255 * v) for v in colorsys.hsv_to_rgb((hue + 0.5) % 1, 0.6, 0.35))
    im = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(im)
    centre = np.array([size / 2, size / 2]) + rng.uniform(-0.06, 0.06, 2) * size
    angles = np.sort(rng.uniform(0, 2 * np.pi, rng.integers(7, 13)))
    radii = size * rng.uniform(0.18, 0.38, angles.size)
    outline = [tuple(centre + r * np.array([np.cos(a), np.sin(a)])) for a, r in zip(angles, radii)]
    draw.polygon(outline, fill=base)
    for _ in range(rng.integers(3, 7)):   # printed details inside the silhouette
        x, y = centre + rng.uniform(-0.15, 0.15, 2) * size
        r = size * rng.uniform(0.02, 0.07)
        shape = rng.integers(0, 3)
        if shape == 0:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=accent)
        elif shape == 1:
            draw.rectangle((x - r, y - r / 2, x + r, y + r / 2), fill=accent)
        else:
            draw.line((x - 2 * r, y, x + 2 * r, y + r), fill=accent, width=max(2, int(r / 3)))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    arr = np.asarray(im).astype(np.int16)
    inside = arr.min(axis=2) < 250
    arr[inside] += rng.normal(0, 5, (int(inside.sum()), 3)).astype(np.int16)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def jpeg(im: Image.Image, quality: int = 90) -> bytes:
    """JPEG bytes of an image."""
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def save(folder: Path, name: str, im: Image.Image, quality: int = 90) -> str:
    """Write `im` as a JPEG under `folder`; return `name`."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg(im, quality))
    return name


# ---- derived copies -------------------------------------------------------------------------

def resized(im: Image.Image, factor: float = 0.5) -> Image.Image:
    return im.resize((int(im.width * factor), int(im.height * factor)), Image.Resampling.LANCZOS)


def recompressed(im: Image.Image, quality: int = 35) -> Image.Image:
    return Image.open(io.BytesIO(jpeg(im, quality))).convert("RGB")


def mirrored(im: Image.Image) -> Image.Image:
    return im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def padded(im: Image.Image, margin: float = 0.2) -> Image.Image:
    extra = int(im.width * margin)
    canvas = Image.new("RGB", (im.width + 2 * extra, im.height + 2 * extra), "white")
    canvas.paste(im, (extra, extra))
    return canvas


def cropped(im: Image.Image, share: float = 0.06) -> Image.Image:
    dx, dy = int(im.width * share), int(im.height * share)
    return im.crop((dx, dy, im.width - dx // 2, im.height - dy))


def recoloured(im: Image.Image) -> Image.Image:
    """A mild colour change: a bit brighter, more saturated."""
    im = ImageEnhance.Brightness(im).enhance(1.08)
    return ImageEnhance.Color(im).enhance(1.2)


def scene(seed: int, size: int = 800) -> Image.Image:
    """A full-frame photo (no white background): textured gradient with objects."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    colours = rng.uniform(40, 220, (3, 3))
    arr = np.stack([colours[c, 0] + colours[c, 1] * x * 0.5 + colours[c, 2] * y * 0.3 for c in range(3)], axis=2)
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        cx, cy, r = rng.uniform(0.1, 0.9) * size, rng.uniform(0.1, 0.9) * size, rng.uniform(0.05, 0.2) * size
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    return im
