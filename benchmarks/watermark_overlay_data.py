"""Training samples for the watermark network from the overlay kinds real marketplace photos carry.

Issue 12 §3: the network that ships before this file was fitted on make_image_evalset-style
marks (big centre text, tiles, banners) and finds few of the overlays of watermark_overlays.py
(small corner copyright lines, logos, signatures, captions, colour labels, dimension arrows,
poster frames, faint diagonal text). This builder draws those kinds, with more variety than the
evaluation draws them (size, position, opacity, typeface, script, ink that stays visible on
the local background, repeated diagonal text), on:

- the **tune** photos of benchmarks/realphotos/labels.csv only (`split == tune`; the holdout
  photos are never read here, in any form); a grouped share of them (watermark_data.is_validation)
  is kept out of fitting for choosing the threshold;
- generated product photos (watermark_data.synth_photo) and generated products whose *print*
  must stay "no mark": a paint jar label, a jewellery card, calligraphy on a plate, a brand on a
  USB hub, an LED array, a leaf-print fabric, glassware (issue 12's false alarms).

A share of the marked variants still carries the earlier kinds (watermark_data.any_mark), so the
network keeps finding them. Every variant goes the runtime path (watermark_data.render: JPEG at
700-1600 px, reduced decode, net_input) and each output cell is labelled by the share of its
pixels the mark visibly changed (watermark_data.coverage; a poster: the frame around the photo).

    python benchmarks/watermark_overlay_data.py --out benchmarks/data/overlay_samples.npz
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_image_evalset as mk
import watermark_data as wd
import watermark_overlays as wo

from listing_preflight.images import watermark_net

LABELS = HERE / "realphotos" / "labels.csv"
REALDATA = wd.REALDATA
LATIN_FONTS = sorted(
    str(p)
    for d in ("dejavu", "liberation")
    for p in (Path("/usr/share/fonts/truetype") / d).glob("*.ttf")
    if "Math" not in p.name
)
ITALIC_FONTS = [f for f in LATIN_FONTS if "Italic" in f or "Oblique" in f]
OVERLAY_SHARE = 0.75  # marked variants with an overlay kind (the rest: watermark_data's kinds)
PRINTS = ["paint_jar", "jewellery_card", "plate", "usb_hub", "led_array", "leaf_print", "glassware"]
LINES = [
    "Copyright © Photo by {}.com",
    "www.{}.com",
    "© {} store",
    "Photo: {}.com",
    "© 2024 {}. All rights reserved",
    "IG @{}",
    "{}.aliexpress.com/store/1102",
    "shop: {}.joom.com",
    "版权所有 {}",
    "{} 官方旗舰店",
]


def tune_photos(labels: Path = LABELS) -> list[str]:
    """The realdata photos of the corpus's `tune` split (the holdout ones are never used here)."""
    with labels.open(encoding="utf-8") as fh:
        # Strips narrower than 64 px (one vendure banner of 10 px) carry no overlay to learn.
        return [
            r["file"]
            for r in csv.DictReader(fh)
            if r["split"] == "tune" and min(int(r["width"]), int(r["height"])) >= 64
        ]


def _font(size: int, rng: random.Random, italic: bool = False, text: str = "") -> ImageFont.FreeTypeFont:
    """A Latin typeface of the system (or the script's font for CJK / Arabic text)."""
    if any(0x2E80 <= ord(c) <= 0x9FFF for c in text):
        return wo.font("chinese", size, rng)[0]
    paths = (ITALIC_FONTS if italic else LATIN_FONTS) or LATIN_FONTS
    if not paths:
        return ImageFont.load_default(size=max(8, size))  # type: ignore[return-value]
    return wo._font(rng.choice(paths), max(8, size))


def _ink(im: Image.Image, box: tuple[int, int, int, int], rng: random.Random, lo: float, hi: float):
    """An RGBA ink that stands out from the photo under `box` (dark on light, light on dark)."""
    luma = mk._luma(im, tuple(int(v) for v in box))
    if rng.random() < 0.25:
        c = tuple(rng.randint(0, 255) for _ in range(3))
        if abs(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] - luma) < 60:
            c = (255, 255, 255) if luma < 128 else (10, 10, 10)
    elif luma >= 128:
        c = rng.choice([(10, 10, 10), (60, 60, 60), (110, 110, 110), (180, 30, 30), (30, 60, 160)])
    else:
        c = rng.choice([(255, 255, 255), (235, 235, 235), (250, 220, 120)])
    return (*c, int(255 * rng.uniform(lo, hi)))


def _clip_box(x: float, y: float, tw: float, th: float, w: int, h: int) -> tuple[int, int, int, int]:
    x0, y0 = max(0, int(x)), max(0, int(y))
    return x0, y0, max(x0 + 1, min(w, int(x + tw))), max(y0 + 1, min(h, int(y + th)))


def _corner_text(im: Image.Image, text: str, f, rng: random.Random, lo: float, hi: float,
                 top_share: float = 0.5, edge: float = 0.06) -> Image.Image:
    """A transparent layer with `text` near an edge (corner or centred), visible on its spot."""
    w, h = im.size
    d = ImageDraw.Draw(im)
    x0b, y0b, x1b, y1b = d.textbbox((0, 0), text, font=f)
    tw, th = x1b, y1b
    mx, my = int(w * rng.uniform(0.005, edge)), int(h * rng.uniform(0.005, edge))
    x = rng.choice([mx, w - tw - mx, (w - tw) // 2, rng.randint(0, max(1, w - tw))])
    y = my if rng.random() < top_share else h - th - my
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    ink = _ink(im, _clip_box(x, y, tw, th, w, h), rng, lo, hi)
    stroke = 0
    if rng.random() < 0.2:  # an outline or shadow keeps white type readable on any photo
        stroke = max(1, th // 12)
    ImageDraw.Draw(layer).text(
        (x, y), text, font=f, fill=ink, stroke_width=stroke,
        stroke_fill=(0, 0, 0, ink[3] // 2) if stroke else None,
    )
    if rng.random() < 0.12:  # vertical, along a side edge
        layer = layer.rotate(rng.choice([90, -90]), expand=False)
    return layer


def overlay_mark(im: Image.Image, kind: str, rng: random.Random) -> tuple[Image.Image, np.ndarray | None]:
    """A copy of `im` with one overlay of watermark_overlays.KINDS drawn with training variety,
    and for a poster the mask of its frame (None: label by the visible change)."""
    w, h = im.size
    if kind in ("caption", "colour_labels", "dimensions"):  # drawn on the background as evaluated
        return wo.mark(im, kind, rng), None
    if kind == "poster":
        return _poster(im, rng)
    if kind == "copyright_line":
        text = rng.choice(LINES).format(rng.choice(wo.SHOPS))
        f = _font(int(h * rng.uniform(0.009, 0.03)), rng, text=text)
        layer = _corner_text(im, text, f, rng, 0.45, 1.0)
    elif kind == "signature":
        text = rng.choice(["A. Petrova", "J. Smith 2024", "Mira K.", "by Lorenzo", "E. Chen",
                           "Photo by Sofia", "M.R. 2023", "Ivanova"])
        f = _font(int(h * rng.uniform(0.02, 0.055)), rng, italic=rng.random() < 0.8, text=text)
        layer = _corner_text(im, text, f, rng, 0.5, 1.0, top_share=0.2)
    elif kind == "corner_logo":
        layer = _logo(im, rng)
    else:  # faint_diagonal, once or repeated over the frame
        layer = _diagonal(im, rng)
    return mk._overlay(im, layer), None


def _logo(im: Image.Image, rng: random.Random) -> Image.Image:
    """A small shop logo in a corner: a ring, a badge or a wordmark."""
    w, h = im.size
    r = int(min(w, h) * rng.uniform(0.025, 0.08))
    m = int(min(w, h) * rng.uniform(0.01, 0.06))
    cx = rng.choice([m + r, w - m - r])
    cy = rng.choice([m + r, h - m - r])
    ink = _ink(im, (cx - r, cy - r, cx + r, cy + r), rng, 0.45, 1.0)
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    style = rng.random()
    letters = rng.choice(["LS", "HP", "GX", "K", "AM", "JOY", "S", "精品"])
    if style < 0.4:
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=max(2, r // 7))
        d.text((cx, cy), letters, font=_font(int(r * 0.8), rng, text=letters), fill=ink, anchor="mm")
    elif style < 0.7:
        d.rounded_rectangle((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), radius=r // 4, fill=ink)
        back = (255, 255, 255, 255) if sum(ink[:3]) < 400 else (0, 0, 0, 255)
        d.text((cx, cy), letters, font=_font(int(r * 0.7), rng, text=letters), fill=back, anchor="mm")
    else:
        word = rng.choice(wo.SHOPS)
        d.text((cx, cy), word, font=_font(int(r * 0.6), rng), fill=ink, anchor="mm")
    return layer


def _diagonal(im: Image.Image, rng: random.Random) -> Image.Image:
    """Faint large shop text across the photo at an angle, once or repeated."""
    w, h = im.size
    text = rng.choice([s.upper() + ".COM" for s in wo.SHOPS] + wo.SHOPS + ["SAMPLE", "样品"])
    f = _font(int(h * rng.uniform(0.05, 0.13)), rng, text=text)
    colour = rng.choice([(120, 120, 120), (0, 0, 0), (255, 255, 255), (200, 200, 200)])
    fill = (*colour, int(255 * rng.uniform(0.12, 0.45)))
    txt = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(txt)
    if rng.random() < 0.6:
        d.text((int(w * rng.uniform(0.35, 0.65)), int(h * rng.uniform(0.35, 0.65))), text,
               font=f, fill=fill, anchor="mm")
    else:
        step_y = int(h * rng.uniform(0.2, 0.35))
        for k, yy in enumerate(range(step_y // 2, h, step_y)):
            d.text((w // 2 + (k % 2) * w // 4 - w // 8, yy), text, font=f, fill=fill, anchor="mm")
    return txt.rotate(rng.uniform(-50, 50), resample=Image.Resampling.BICUBIC)


def _poster(im: Image.Image, rng: random.Random) -> tuple[Image.Image, np.ndarray]:
    """The photo shrunk onto a coloured frame with big promo text; the frame is the mark."""
    w, h = im.size
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    canvas = Image.new("RGB", (w, h), colour)
    s = rng.uniform(0.55, 0.85)
    small = im.resize((max(1, int(w * s)), max(1, int(h * s))), Image.Resampling.LANCZOS)
    top = rng.random() < 0.5
    px = (w - small.width) // 2 + rng.randint(-(w - small.width) // 3, (w - small.width) // 3)
    py = h - small.height - int(0.03 * h) if top else int(0.03 * h)
    canvas.paste(small, (px, py))
    mask = np.ones((h, w), bool)
    mask[py : py + small.height, px : px + small.width] = False
    d = ImageDraw.Draw(canvas)
    text = rng.choice(wo.PROMO)
    f = _font(int(h * rng.uniform(0.04, 0.1)), rng, text=text)
    band = (0, py) if top else (py + small.height, h)
    ink = (255, 255, 255) if sum(colour) < 450 else (20, 20, 20)
    d.text((w // 2, (band[0] + band[1]) // 2), text, font=f, fill=ink, anchor="mm")
    return canvas, mask


def mask_coverage(mask: np.ndarray) -> np.ndarray:
    """(GRID, GRID) share of each cell covered by a boolean full-size mask."""
    side, g = watermark_net.NET_SIDE, watermark_net.GRID
    small = cv2.resize(mask.astype(np.float32), (side, side), interpolation=cv2.INTER_AREA)
    return small.reshape(g, side // g, g, side // g).mean(axis=(1, 3)).astype(np.float16)


def _backdrop(rng: random.Random, w: int, h: int) -> Image.Image:
    """White, a light gradient, a coloured backdrop or a blurred scene."""
    r = rng.random()
    if r < 0.45:
        return Image.new("RGB", (w, h), (255, 255, 255))
    if r < 0.65:
        ramp = np.linspace(rng.randint(200, 255), rng.randint(140, 240), h)[:, None, None]
        return Image.fromarray(np.clip(ramp.repeat(w, 1).repeat(3, 2), 0, 255).astype(np.uint8))
    if r < 0.8:
        return Image.new("RGB", (w, h), tuple(rng.randint(60, 240) for _ in range(3)))
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 1, (h // 20, w // 20, 3))
    arr = cv2.resize(noise.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    base = np.array([rng.randint(50, 210) for _ in range(3)], np.float32)
    return Image.fromarray(np.clip(base + arr * rng.uniform(15, 45), 0, 255).astype(np.uint8))


def print_product(rng: random.Random, side: int = 1000) -> Image.Image:
    """A generated product whose print is part of the product (a clean photo: label 0 everywhere)."""
    w, h = side, int(side * rng.choice([1.0, 1.0, 1.25]))
    im = _backdrop(rng, w, h)
    d = ImageDraw.Draw(im)
    kind = rng.choice(PRINTS)
    cx, cy = w // 2 + rng.randint(-w // 10, w // 10), h // 2 + rng.randint(-h // 10, h // 10)
    bw, bh = int(w * rng.uniform(0.35, 0.7)), int(h * rng.uniform(0.35, 0.7))
    x0, y0, x1, y1 = cx - bw // 2, cy - bh // 2, cx + bw // 2, cy + bh // 2
    body = tuple(rng.randint(0, 255) for _ in range(3))
    dark = sum(body) < 380
    ink = (245, 245, 245) if dark else (20, 20, 20)
    word = rng.choice(wd.PRINT_WORDS + ["ACRYLIC PAINT", "Ocean Blue", "USB 3.0", "SILVER 925"])
    if kind == "paint_jar":
        d.rectangle((x0, y0 + bh // 8, x1, y1), fill=body)
        d.ellipse((x0, y0, x1, y0 + bh // 4), fill=tuple(min(255, c + 30) for c in body))
        ly0, ly1 = y0 + bh // 3, y0 + int(bh * 0.8)
        d.rectangle((x0, ly0, x1, ly1), fill=(250, 250, 245))
        d.text((cx, ly0 + (ly1 - ly0) // 3), word, font=_font(bh // 10, rng), fill=(20, 20, 20), anchor="mm")
        for k in range(3):
            d.text((cx, ly0 + (ly1 - ly0) * (k + 5) // 9), "Net 250 ml  Non-toxic",
                   font=_font(bh // 30, rng), fill=(60, 60, 60), anchor="mm")
    elif kind == "jewellery_card":
        card = rng.choice([(250, 250, 250), (200, 170, 130), (30, 30, 30)])
        d.rectangle((x0, y0, x1, y1), fill=card)
        card_ink = (30, 30, 30) if sum(card) > 380 else (230, 210, 150)
        d.text((cx, y0 + bh // 8), rng.choice(["Luna Jewels", "ELEGANCE", "925 Sterling"]),
               font=_font(bh // 12, rng, italic=True), fill=card_ink, anchor="mm")
        pts = [(cx + bw * 0.35 * math.cos(a), y0 + bh * 0.3 + bh * 0.45 * math.sin(a))
               for a in np.linspace(0.1, math.pi - 0.1, 40)]
        for px, py in pts:
            d.ellipse((px - 4, py - 4, px + 4, py + 4), fill=(200, 200, 210))
        d.ellipse((cx - bw // 12, y0 + bh * 0.72, cx + bw // 12, y0 + bh * 0.88), fill=(180, 20, 60))
    elif kind == "plate":
        d.ellipse((x0, y0, x1, y0 + bw), fill=(248, 246, 238), outline=(120, 40, 30), width=6)
        text = rng.choice(["福", "寿", "和", "龍", "春"])
        d.text((cx, y0 + bw // 2), text, font=wo.font("chinese", bw // 3, rng)[0],
               fill=(20, 20, 20), anchor="mm")
        d.rectangle((cx + bw // 6, y0 + bw * 0.6, cx + bw // 6 + bw // 12, y0 + bw * 0.6 + bw // 12),
                    fill=(190, 20, 20))
    elif kind == "usb_hub":
        hb = bh // 3
        d.rounded_rectangle((x0, cy - hb // 2, x1, cy + hb // 2), radius=hb // 4, fill=body)
        for k in range(4):
            px = x0 + bw * (k + 1) // 6
            d.rectangle((px, cy - hb // 8, px + bw // 14, cy + hb // 8), fill=(10, 10, 10))
        d.text((x0 + bw // 10, cy - hb // 3), rng.choice(["UGREEN", "ANKER", "Hub 4-Port"]),
               font=_font(hb // 6, rng), fill=ink)
        d.ellipse((x1 - bw // 10, cy - 5, x1 - bw // 10 + 10, cy + 5), fill=(40, 140, 255))
    elif kind == "led_array":
        d.rectangle((x0, y0, x1, y1), fill=(25, 25, 25))
        step = rng.randint(10, 24)
        glow = rng.choice([(255, 240, 200), (255, 60, 60), (80, 160, 255), (255, 255, 255)])
        for yy in range(y0 + step // 2, y1, step):
            for xx in range(x0 + step // 2, x1, step):
                d.ellipse((xx - step // 4, yy - step // 4, xx + step // 4, yy + step // 4), fill=glow)
    elif kind == "leaf_print":
        d.rectangle((x0, y0, x1, y1), fill=body)
        leaf = tuple((c + 120) % 256 for c in body)
        step = rng.randint(30, 60)
        for yy in range(y0, y1 - step // 2, step):
            for xx in range(x0, x1 - step // 2, step):
                a = rng.uniform(0, math.pi)
                dx, dy = step * 0.4 * math.cos(a), step * 0.4 * math.sin(a)
                d.polygon([(xx + step / 2 - dx, yy + step / 2 - dy), (xx + step / 2 + dy / 3, yy + step / 2 - dx / 3),
                           (xx + step / 2 + dx, yy + step / 2 + dy), (xx + step / 2 - dy / 3, yy + step / 2 + dx / 3)],
                          fill=leaf)
    else:  # glassware: the backdrop seen through a clear glass, rim, highlights, etched text
        arr = np.asarray(im).astype(np.float32)
        region = arr[y0:y1, x0:x1]
        arr[y0:y1, x0:x1] = np.clip(region[:, ::-1] * 0.92 + 12, 0, 255)
        im = Image.fromarray(arr.astype(np.uint8))
        d = ImageDraw.Draw(im)
        d.rounded_rectangle((x0, y0, x1, y1), radius=bw // 5, outline=(150, 160, 165), width=5)
        d.ellipse((x0, y0 - bh // 20, x1, y0 + bh // 20), outline=(140, 150, 160), width=4)
        for k in range(rng.randint(1, 3)):
            hx = x0 + bw * (k + 1) // 5
            d.line((hx, y0 + bh // 8, hx + 6, y1 - bh // 8), fill=(250, 250, 250), width=rng.randint(3, 9))
        if rng.random() < 0.5:
            d.text((cx, cy), rng.choice(["CRYSTAL", "Bohemia"]), font=_font(bh // 12, rng),
                   fill=(200, 205, 210), anchor="mm")
    return im.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.0)))


def train_mark(im: Image.Image, rng: random.Random, pick) -> tuple[Image.Image, str, np.ndarray | None]:
    """A marked copy: an overlay kind (OVERLAY_SHARE) or one of watermark_data's kinds."""
    if rng.random() < OVERLAY_SHARE:
        kind = rng.choice(wo.KINDS + ["copyright_line", "faint_diagonal", "signature"])
        marked, mask = overlay_mark(im, kind, rng)
        return marked, kind, mask
    default = mk.font
    try:
        marked, kind = wd.any_mark(im, rng, pick)
    finally:
        mk.font = default
    return marked, kind, None


def _job(args: tuple) -> list[tuple]:
    """Every sample of one source photo (runs in a worker)."""
    source, split, seed, n_clean, n_marks, partners = args
    cv2.setNumThreads(1)
    rng = random.Random(seed)
    pick = wd._font_picker(rng)
    real = not source.startswith(("synth:", "print:"))
    if source.startswith("synth:"):
        photo = wd.synth_photo(rng)
    elif source.startswith("print:"):
        photo = print_product(rng)
    else:
        photo = mk.load_rgb(REALDATA / source, max_side=1000)  # the size the eval marks
    remix = real and not wd.is_validation(source)
    empty = np.zeros((watermark_net.GRID,) * 2, np.float16)
    rows = []
    for i in range(n_clean):
        im = photo if i == 0 else wd.augment(photo, rng, partners, remix=remix)
        if i and rng.random() < 0.2:
            im = wd.pad_on_white(im, rng)
        rows.append((wd.render(im, rng), empty, 0, "none", source, split))
    for j in range(n_marks):
        base = photo if j == 0 else wd.augment(photo, rng, partners, remix=remix)
        if j and rng.random() < 0.2:
            base = wd.pad_on_white(base, rng)
        if max(base.size) > 1200:  # the eval draws on 1000 px photos; keep sizes comparable
            base.thumbnail((1200, 1200), Image.Resampling.LANCZOS)
        try:
            marked, kind, mask = train_mark(base, rng, pick)
        except (ValueError, ZeroDivisionError):  # a kind that cannot be drawn at this size: an overlay kind instead
            kind = rng.choice(wo.KINDS)
            marked, mask = overlay_mark(base, kind, rng)
        cov = mask_coverage(mask) if mask is not None else wd.coverage(base, marked)
        rows.append((wd.render(marked, rng), cov, 1, kind, source, split))
    return rows


def build(seed: int, jobs: int, n_clean: int, n_marks: int, n_synth: int, n_print: int) -> dict:
    """Samples of the tune photos, generated product photos and generated print products."""
    photos = tune_photos()
    fit = [p for p in photos if not wd.is_validation(p)]
    tasks = []
    for i, name in enumerate(photos):
        partners = [] if wd.is_validation(name) else fit
        tasks.append((name, "train", seed * 100_003 + i, n_clean, n_marks, partners))
    for k in range(n_synth):
        split = "test" if k % 5 == 0 else "train"
        tasks.append((f"synth:{k}", split, seed * 100_003 + 50_000 + k, 3, 5, []))
    for k in range(n_print):
        split = "test" if k % 5 == 0 else "train"
        tasks.append((f"print:{k}", split, seed * 100_003 + 80_000 + k, 3, 2, []))
    return wd.collect(_job, tasks, jobs)


def main() -> None:
    """Write the samples to an .npz (git-ignored benchmarks/data)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "data" / "overlay_samples.npz")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--clean", type=int, default=16, help="clean variants per tune photo")
    ap.add_argument("--marks", type=int, default=56, help="marked variants per tune photo")
    ap.add_argument("--synth", type=int, default=500)
    ap.add_argument("--prints", type=int, default=500)
    args = ap.parse_args()
    data = build(args.seed, args.jobs, args.clean, args.marks, args.synth, args.prints)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **data)
    print(f"wrote {len(data['y'])} samples ({int(data['y'].sum())} marked) -> {args.out}")


if __name__ == "__main__":
    main()
