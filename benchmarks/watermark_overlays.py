"""The overlay kinds real marketplace photos carry (issue 12), drawn on real photos for evaluation.

Kinds: a one-line copyright/URL in small type near a corner, a small corner logo, an artist's
signature, a caption on the background beside the product, colour labels next to the variants,
dimension annotations (arrows and "35 cm"), a poster layout (coloured frame, big promo text,
smaller photo) and faint diagonal text; captions and labels in Latin, Arabic/Persian and Chinese
script. System fonts (Debian fonts-dejavu, fonts-wqy-microhei, fonts-hosny-amiri) are used where
installed; a script whose font is missing falls back to Latin text (the kind still runs, but
the figures change: without Amiri, IMG007 tune recall read 0.752 instead of 0.739, so the
evaluation refuses to run unless told to, see missing_fonts).
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = {
    "latin": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    ],
    "script": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"],
    "chinese": ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"],
    "arabic": ["/usr/share/fonts/truetype/fonts-hosny-amiri/Amiri-Regular.ttf",
               "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"],
}
SHOPS = ["bestdeal", "lunashop", "homestyle", "gadgetpro", "silkroad", "artmarket", "kidsjoy"]
CAPTIONS = {
    "latin": ["Wireless Earbuds", "With frame", "Premium Quality", "Vintage Lamp", "Set of 3",
              "Ceramic Vase", "Size M"],
    "chinese": ["新款上市", "带相框", "高品质", "无线耳机", "三件套", "陶瓷花瓶"],
    "arabic": ["مع إطار", "جودة عالية", "ساعة يد", "با قاب", "مجموعة من ٣"],
}
COLOURS = {
    "latin": ["Red", "Blue", "Black", "White", "Pink", "Green", "Grey"],
    "chinese": ["红色", "蓝色", "黑色", "白色", "粉色", "绿色"],
    "arabic": ["أحمر", "أزرق", "أسود", "أبيض", "قرمز", "سبز"],
}
PROMO = ["HOT SALE", "50% OFF", "NEW ARRIVAL", "BEST SELLER", "FREE SHIPPING", "限时特价",
         "BUY 1 GET 1"]
KINDS = ["copyright_line", "corner_logo", "signature", "caption", "colour_labels",
         "dimensions", "poster", "faint_diagonal"]


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, max(8, size))


def missing_fonts() -> list[str]:
    """Scripts none of whose fonts is installed (their overlays would be drawn in Latin)."""
    return [script for script, paths in FONTS.items() if not any(Path(p).is_file() for p in paths)]


def font(script: str, size: int, rng: random.Random) -> tuple[ImageFont.FreeTypeFont, str]:
    """A font of `script` at `size` px, or a Latin one; returns (font, script actually used)."""
    paths = [p for p in FONTS.get(script, []) if Path(p).is_file()]
    if not paths:
        script = "latin"
        paths = [p for p in FONTS["latin"] if Path(p).is_file()]
    if not paths:
        return ImageFont.load_default(size=max(8, size)), "latin"  # type: ignore[return-value]
    return _font(rng.choice(paths), size), script


def product_box(im: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box of the pixels that are not near-white (the whole frame on a scene photo)."""
    a = np.asarray(im.convert("L"))
    ys, xs = np.nonzero(a < 235)
    if len(xs) == 0:
        return 0, 0, im.width, im.height
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _ink(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice([(20, 20, 20), (90, 90, 90), (150, 150, 150), (200, 40, 40), (30, 70, 170)])


def _script(rng: random.Random) -> str:
    return rng.choice(["latin", "latin", "chinese", "arabic"])


def mark(im: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """A copy of `im` (RGB) carrying one overlay of `kind`."""
    im = im.copy()
    w, h = im.size
    if kind == "poster":
        return _poster(im, rng)
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    margin = int(0.02 * min(w, h)) + rng.randint(0, int(0.02 * min(w, h)))
    if kind == "copyright_line":
        text = rng.choice(["Copyright © Photo by {}.com", "www.{}.com", "© {} store",
                           "Photo: {}.com"]).format(rng.choice(SHOPS))
        f, _ = font("latin", int(h * rng.uniform(0.012, 0.022)), rng)
        tw, th = d.textbbox((0, 0), text, font=f)[2:]
        x = rng.choice([margin, w - tw - margin, (w - tw) // 2])
        y = rng.choice([margin, h - th - margin])
        d.text((x, y), text, font=f, fill=(*_ink(rng), int(255 * rng.uniform(0.6, 1.0))))
    elif kind == "corner_logo":
        r = int(min(w, h) * rng.uniform(0.03, 0.06))
        cx = rng.choice([margin + r, w - margin - r])
        cy = rng.choice([margin + r, h - margin - r])
        ink = (*_ink(rng), int(255 * rng.uniform(0.6, 1.0)))
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=max(2, r // 7))
        f, _ = font("latin", int(r * 0.8), rng)
        d.text((cx, cy), rng.choice(["LS", "HP", "GX", "K", "AM"]), font=f, fill=ink, anchor="mm")
    elif kind == "signature":
        f, _ = font("script", int(h * rng.uniform(0.025, 0.045)), rng)
        text = rng.choice(["A. Petrova", "J. Smith 2024", "Mira K.", "by Lorenzo"])
        tw, th = d.textbbox((0, 0), text, font=f)[2:]
        x = rng.choice([margin, w - tw - margin])
        d.text((x, h - th - margin), text, font=f, fill=(*_ink(rng), 230))
    elif kind in ("caption", "colour_labels"):
        _labels(d, im, kind, rng)
    elif kind == "dimensions":
        _dimensions(d, im, rng)
    else:  # faint_diagonal
        f, _ = font("latin", int(h * rng.uniform(0.07, 0.12)), rng)
        txt = Image.new("RGBA", im.size, (0, 0, 0, 0))
        ImageDraw.Draw(txt).text(
            (w // 2, h // 2), rng.choice(SHOPS).upper() + ".COM", font=f,
            fill=(*rng.choice([(120, 120, 120), (0, 0, 0), (255, 255, 255)]),
                  int(255 * rng.uniform(0.18, 0.4))),
            anchor="mm",
        )
        layer = txt.rotate(rng.choice([30, -30, 45, -45]), resample=Image.Resampling.BICUBIC)
    base = im.convert("RGBA")
    base.alpha_composite(layer)
    return base.convert("RGB")


def _labels(d: ImageDraw.ImageDraw, im: Image.Image, kind: str, rng: random.Random) -> None:
    """A caption or colour names on the background beside the product (below or above it)."""
    w, h = im.size
    _, y0, _, y1 = product_box(im)
    script = _script(rng)
    size = int(h * rng.uniform(0.025, 0.05))
    f, script = font(script, size, rng)
    below = (h - y1) >= (y0)
    band_top, band_bottom = (y1, h) if below else (0, y0)
    if band_bottom - band_top < size * 1.6:  # no room on the background: overlap the edge
        band_top, band_bottom = (h - int(size * 2), h) if below else (0, int(size * 2))
    y = (band_top + band_bottom) // 2
    ink = (*_ink(rng), 255)
    if kind == "caption":
        d.text((w // 2, y), rng.choice(CAPTIONS[script]), font=f, fill=ink, anchor="mm")
        return
    names = rng.sample(COLOURS[script], rng.randint(2, 4))
    for i, name in enumerate(names):
        d.text((int(w * (i + 0.5) / len(names)), y), name, font=f, fill=ink, anchor="mm")


def _dimensions(d: ImageDraw.ImageDraw, im: Image.Image, rng: random.Random) -> None:
    """Arrows along the product box's bottom and side with sizes in cm."""
    w, h = im.size
    x0, y0, x1, y1 = product_box(im)
    ink = (*_ink(rng), 255)
    width = max(1, int(min(w, h) * 0.003))
    gap = int(0.025 * h)
    f, _ = font("latin", int(h * rng.uniform(0.025, 0.04)), rng)
    yb = min(h - 3 * gap, y1 + gap)
    d.line((x0, yb, x1, yb), fill=ink, width=width)
    for x, s in ((x0, 1), (x1, -1)):
        d.polygon([(x, yb), (x + s * gap // 2, yb - gap // 3), (x + s * gap // 2, yb + gap // 3)],
                  fill=ink)
    d.text(((x0 + x1) // 2, min(h - gap, yb + gap)), f"{rng.randint(10, 90)} cm", font=f,
           fill=ink, anchor="mm")
    if rng.random() < 0.6:
        xr = min(w - 3 * gap, x1 + gap)
        d.line((xr, y0, xr, y1), fill=ink, width=width)
        d.text((min(w - 2 * gap, xr + gap), (y0 + y1) // 2), f"{rng.randint(10, 90)}cm", font=f,
               fill=ink, anchor="lm")


def _poster(im: Image.Image, rng: random.Random) -> Image.Image:
    """The photo shrunk onto a coloured frame with big promotional text above or below."""
    w, h = im.size
    colour = rng.choice([(220, 30, 40), (250, 200, 20), (30, 90, 200), (20, 20, 20), (240, 120, 0)])
    canvas = Image.new("RGB", (w, h), colour)
    f_scale = rng.uniform(0.6, 0.75)
    small = im.resize((int(w * f_scale), int(h * f_scale)), Image.Resampling.LANCZOS)
    top = rng.random() < 0.5
    px = (w - small.width) // 2
    py = h - small.height - int(0.04 * h) if top else int(0.04 * h)
    canvas.paste(small, (px, py))
    d = ImageDraw.Draw(canvas)
    f, _ = font("latin", int(h * rng.uniform(0.06, 0.1)), rng)
    text = rng.choice(PROMO)
    if not f.getmask(text).getbbox() or any(ord(c) > 0x2FFF for c in text):
        f, _ = font("chinese", int(h * 0.08), rng)
    band = (0, py) if top else (py + small.height, h)
    ink = (255, 255, 255) if sum(colour) < 500 else (20, 20, 20)
    d.text((w // 2, (band[0] + band[1]) // 2), text, font=f, fill=ink, anchor="mm")
    return canvas
