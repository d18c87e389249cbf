"""Generated photos for IMG006 backdrop cases: product at the edge, floors, frames, scenes."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import image_files as gen


def product_touching_edges(size: int = 1000) -> Image.Image:
    """A dark monitor-like product cut off at the bottom, left and right edges, white above."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle((0, int(size * 0.35), size, size), fill=(25, 25, 30))
    screen = (int(size * 0.08), int(size * 0.42), int(size * 0.92), int(size * 0.9))
    d.rectangle(screen, fill=(60, 90, 140))
    return im


def gradient_floor(size: int = 1000, floor: int = 205) -> Image.Image:
    """White wall above, a grey reflection floor fading in below the horizon, a product on it."""
    arr = np.full((size, size, 3), 255, np.float32)
    top = int(size * 0.55)
    ramp = np.linspace(255, floor, size - top, dtype=np.float32)[:, None, None]
    arr[top:] = ramp
    im = Image.fromarray(arr.astype(np.uint8))
    d = ImageDraw.Draw(im)
    c = size // 2
    box = (c - size // 5, int(size * 0.3), c + size // 5, int(size * 0.75))
    d.rounded_rectangle(box, 30, fill=(150, 40, 40))
    return im


def scene(size: int = 1000, seed: int = 3) -> Image.Image:
    """A textured scene (blurred random blobs over noise): no plain backdrop anywhere."""
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (size, size), (120, 100, 80))
    d = ImageDraw.Draw(im)
    for _ in range(1500):
        x, y = rng.integers(-50, size, 2)
        r = int(rng.integers(20, 120))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        d.ellipse((int(x), int(y), int(x) + r, int(y) + r), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(2))
    arr = np.asarray(im).astype(np.int16) + rng.normal(0, 8, (size, size, 3)).astype(np.int16)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def framed_scene(
    size: int = 1000, border: float = 0.06, photo: Image.Image | None = None
) -> Image.Image:
    """A scene photo (or `photo`) pasted inside a white frame."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    k = int(size * border)
    inner = scene(size - 2 * k) if photo is None else photo.resize((size - 2 * k, size - 2 * k))
    im.paste(inner, (k, k))
    return im


def cased(size: int = 1000, border: float = 0.08, rim: float = 0.015, seed: int = 3,
          colour: tuple[int, int, int] = (30, 30, 34)) -> Image.Image:
    """A product with a rim of its own shot front-on on white (a DVD case, a television): a
    scene inside a band of `colour`, `rim` of the frame wide, with white margins of `border`."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    k, r = int(size * border), max(1, int(size * rim))
    ImageDraw.Draw(im).rectangle((k, k, size - k - 1, size - k - 1), fill=colour)
    im.paste(scene(size - 2 * (k + r), seed=seed), (k + r, k + r))
    return im


def on_backdrop(colour: tuple[int, int, int], size: int = 1000) -> Image.Image:
    """The standard packshot on a uniform backdrop of the given colour."""
    return gen.packshot(size, bg=colour)


def padded(photo: Image.Image, size: int = 1000, bar: float = 0.15) -> Image.Image:
    """`photo` made square by white bars of `bar` of the frame: above and below when the
    photo is landscape, left and right when it is portrait (as a seller meets the 1:1 rule)."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    k = int(size * bar)
    if photo.width >= photo.height:
        im.paste(photo.resize((size, size - 2 * k)), (0, k))
    else:
        im.paste(photo.resize((size - 2 * k, size)), (k, 0))
    return im


def outlined(
    photo: Image.Image, colour: tuple[int, int, int] = (0, 0, 0), width: int = 3
) -> Image.Image:
    """`photo` with a frame `width` px wide drawn round it (a line or a band)."""
    im = photo.copy()
    draw = ImageDraw.Draw(im)
    for i in range(width):
        draw.rectangle((i, i, im.width - 1 - i, im.height - 1 - i), outline=colour)
    return im
