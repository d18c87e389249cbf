"""Labelled training images for the watermark network (seeded, reproducible; nothing goes to git).

Two sources of photos, each split by *source photo* (every variant of one photo lands on the
same side, so held-out figures never score a photo the network has seen in any form):

- the real photos of ../shared/realdata, split as the corpus splits them
  (benchmarks/realphotos/labels.csv: `holdout` photos are test photos, never trained on).
  Until stop 13 the split was a hash of the file name (TEST_SHARE held out), so 52 of the 80
  corpus `holdout` photos were training photos of the network shipped then;
- photos synthesised here: a product-like shape on a white, light-gradient or textured scene,
  often with text or a periodic pattern *printed on the product* (not a mark), split by index.

Each photo gives clean variants (crop, flip, brightness, white padding) and marked variants:
the five kinds of make_image_evalset.mark drawn with many typefaces, plus kinds seen on
marketplace photos (Chinese shop names, sale stickers, semi-transparent text boxes, outlined
text, vertical text along an edge, stock-photo grids). Every variant then goes the runtime
path: JPEG bytes at 700-1600 px -> decode() -> working image -> watermark_net.net_input. The
label of each output cell is where the mark visibly changed the photo (so an invisible white
mark on white is not taught as a mark).

System fonts are used when present (Debian: fonts-dejavu, fonts-liberation2, fonts-freefont-ttf,
fonts-open-sans, fonts-roboto-unhinted, fonts-urw-base35, fonts-wqy-microhei for Chinese);
without them Pillow's bundled font draws everything.

    python benchmarks/watermark_data.py            # ~6 min on 2 cores
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import io
import random
import sys
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_image_evalset as mk

from listing_preflight.images import watermark_net
from listing_preflight.images.decode import decode

REALDATA = HERE.parent.parent / "shared" / "realdata"
TEST_SHARE = 0.4  # share of the real photos held out (by file-name hash)
VAL_SHARE = 0.2  # share of the training photos kept for choosing the threshold
HARD_KINDS_TWICE = True  # --plain-kinds turns it off
KINDS = mk.KINDS
FONT_DIRS = [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts")]
PRINT_WORDS = [
    "ORGANIC",
    "Premium Quality",
    "100% COTTON",
    "NET WT 500g",
    "SPORT",
    "BIO",
    "ZERO",
    "Natural",
    "Made in",
    "AQUA",
    "Vitamin C",
    "LIMITED",
    "Classic",
    "FRESH",
    "2024",
]


def is_validation(name: str) -> bool:
    """Whether a training photo is kept aside for choosing the threshold (VAL_SHARE, by hash)."""
    h = int.from_bytes(hashlib.blake2b(("val:" + name).encode(), digest_size=4).digest(), "big")
    return (h % 1000) < VAL_SHARE * 1000


@functools.lru_cache(maxsize=1)
def _corpus_splits() -> dict[str, str]:
    """file -> 'tune' / 'holdout' of the labelled real-photo corpus."""
    path = HERE / "realphotos" / "labels.csv"
    return {r["file"]: r["split"] for r in csv.DictReader(path.open(encoding="utf-8"))}


def split_of(name: str) -> str:
    """'test' or 'train' for a real photo: the corpus's holdout photos are test photos; a photo
    outside the corpus is split by a hash of its file name (stable across runs)."""
    corpus = _corpus_splits().get(name)
    if corpus is not None:
        return "test" if corpus == "holdout" else "train"
    h = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")
    return "test" if (h % 1000) < TEST_SHARE * 1000 else "train"


def _fonts() -> tuple[list[Path], list[Path]]:
    """(Latin, CJK) scalable system fonts, if any (more letter shapes than the bundled default)."""
    files = sorted({p.resolve() for d in FONT_DIRS if d.is_dir() for p in d.rglob("*.tt[fc]")})
    files += sorted({p.resolve() for d in FONT_DIRS if d.is_dir() for p in d.rglob("*.otf")})
    cjk = [p for p in files if "wqy" in p.name.lower() or "cjk" in p.name.lower()]
    latin = [p for p in files if p not in cjk and "math" not in p.name.lower()]
    return latin, cjk


_FONT_FILES, _CJK_FONTS = _fonts()


def _font_picker(rng: random.Random):
    """A replacement for make_image_evalset.font that varies the typeface (training only)."""

    def pick(size: int) -> ImageFont.FreeTypeFont:
        if _FONT_FILES and rng.random() < 0.7:
            return ImageFont.truetype(str(rng.choice(_FONT_FILES)), max(8, size))
        return ImageFont.load_default(size=max(8, size))  # type: ignore[return-value]

    return pick


def synth_photo(rng: random.Random, side: int = 1000) -> Image.Image:
    """A product-like photo: white / gradient / textured backdrop, one object, maybe printed text."""
    w = side
    h = int(side * rng.choice([1.0, 1.0, 1.0, 1.25, 0.8]))
    kind = rng.random()
    if kind < 0.5:
        im = Image.new("RGB", (w, h), (255, 255, 255))
    elif kind < 0.7:
        top, bot = rng.randint(200, 255), rng.randint(150, 250)
        ramp = np.linspace(top, bot, h)[:, None, None].repeat(w, 1).repeat(3, 2)
        tint = np.array([rng.uniform(0.9, 1.05) for _ in range(3)])
        im = Image.fromarray(np.clip(ramp * tint, 0, 255).astype(np.uint8))
    else:  # a scene: blurred blobs, lines and noise (a table, a room, a street)
        arr = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 1, (h // 16, w // 16, 3))
        arr = cv2.resize(arr.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
        base = np.array([rng.randint(40, 220) for _ in range(3)], np.float32)
        im = Image.fromarray(np.clip(base + arr * rng.uniform(10, 50), 0, 255).astype(np.uint8))
        d = ImageDraw.Draw(im)
        for _ in range(rng.randint(0, 8)):
            c = tuple(rng.randint(0, 255) for _ in range(3))
            d.line(
                [(rng.randint(0, w), rng.randint(0, h)), (rng.randint(0, w), rng.randint(0, h))],
                fill=c,
                width=rng.randint(1, 12),
            )
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 3)))
    d = ImageDraw.Draw(im)
    bw, bh = int(w * rng.uniform(0.3, 0.8)), int(h * rng.uniform(0.3, 0.85))
    x0, y0 = (
        rng.randint(int(0.05 * w), w - bw - int(0.05 * w)),
        rng.randint(int(0.05 * h), h - bh - int(0.05 * h)),
    )
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    shape = rng.choice(["rect", "round", "ellipse", "bottle"])
    box = (x0, y0, x0 + bw, y0 + bh)
    if shape == "rect":
        d.rectangle(box, fill=colour)
    elif shape == "round":
        d.rounded_rectangle(box, radius=min(bw, bh) // 6, fill=colour)
    elif shape == "ellipse":
        d.ellipse(box, fill=colour)
    else:
        neck = bw // 3
        d.rectangle((x0 + neck, y0, x0 + bw - neck, y0 + bh // 4), fill=colour)
        d.rounded_rectangle((x0, y0 + bh // 5, x0 + bw, y0 + bh), radius=bw // 5, fill=colour)
    # Shading: a soft vertical light gradient over the object.
    arr = np.asarray(im).astype(np.float32)
    mask = np.zeros((h, w), np.float32)
    mask[y0 : y0 + bh, x0 : x0 + bw] = np.linspace(rng.uniform(-40, 0), rng.uniform(0, 40), bw)[
        None
    ]
    same = np.abs(arr - np.array(colour, np.float32)).max(axis=2) < 2
    arr += (mask * same)[..., None]
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    lum = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]
    ink = (255, 255, 255) if lum < 128 else (20, 20, 20)
    if rng.random() < 0.3:
        ink = tuple(rng.randint(0, 255) for _ in range(3))
    pick = _font_picker(rng)
    # Product print (label 0): a few lines of text inside the object, or a periodic pattern.
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 4)):
            size = int(bh * rng.uniform(0.04, 0.14))
            f = pick(size)
            word = rng.choice(PRINT_WORDS)
            tx = x0 + int(bw * rng.uniform(0.1, 0.5))
            ty = y0 + int(bh * rng.uniform(0.2, 0.8))
            d.text((tx, ty), word, font=f, fill=ink)
    if rng.random() < 0.25:
        step = rng.randint(8, 30)
        for k in range(x0, x0 + bw, step):
            d.line([(k, y0), (k, y0 + bh)], fill=ink, width=max(1, step // 4))
    return im.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.0)))


def augment(
    im: Image.Image, rng: random.Random, partners: list[str] = (), remix: bool = True
) -> Image.Image:
    """A new photo from a clean one: zoomed crop, mosaic with other training photos, mirror,
    colour and brightness shifts (marks are drawn afterwards, so they are never mirrored).

    The network sees few real photos; remixing them gives it many backgrounds and product
    layouts to learn as "no mark", so that an unfamiliar clean photo does not look marked.
    """
    w, h = im.size
    r = rng.random() if remix else 1.0  # held-out photos: a mild crop and brightness only
    if r < 0.3:  # zoom into a part of the photo
        f = rng.uniform(0.4, 0.85)
    else:
        f = rng.uniform(0.85, 1.0)
    cw, ch = max(8, int(w * f)), max(8, int(h * f))
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    im = im.crop((x, y, x + cw, y + ch)).resize((w, h), Image.Resampling.BICUBIC)
    if partners and 0.3 <= r < 0.5:  # a collage with one to three other training photos
        n = rng.choice([2, 2, 4])
        tiles = [im] + [mk.load_rgb(REALDATA / rng.choice(partners)) for _ in range(n - 1)]
        cols = 2
        rows = n // cols
        tw, th = w // cols, h // rows
        canvas = Image.new("RGB", (tw * cols, th * rows), (255, 255, 255))
        for k, t in enumerate(tiles):
            canvas.paste(ImageOps.fit(t, (tw, th)), ((k % cols) * tw, (k // cols) * th))
        im = canvas
    if not remix:
        arr = np.asarray(im).astype(np.float32) * rng.uniform(0.9, 1.08)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:
        im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    arr = np.asarray(im).astype(np.float32)
    grey = arr.mean(axis=2, keepdims=True)
    arr = grey + (arr - grey) * rng.uniform(0.6, 1.3)  # saturation
    arr = arr * np.array([rng.uniform(0.9, 1.1) for _ in range(3)]) * rng.uniform(0.9, 1.08)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


SHOP_WORDS = [
    "SuperStore",
    "@happy.home",
    "www.dealzone.net",
    "BEST BUY 4U",
    "ShopKing",
    "Original",
    "PROMO",
    "-50%",
    "FREE GIFT",
    "2025 NEW",
    "Global Shop",
    "sample only",
    "Tel 138 0000 0000",
    "WhatsApp +86 12345",
    "QualityFirst",
    "STOCK PHOTO",
]
CJK_WORDS = [
    "旗舰店",
    "正品保证",
    "包邮",
    "新款热卖",
    "官方店铺",
    "限时特价",
    "品质保障",
    "厂家直销",
]
STICKER_WORDS = ["-50%", "SALE", "NEW", "HOT", "TOP", "2+1", "FREE", "$9.99"]
EXTRA_KINDS = ["cjk_text", "sticker", "text_box", "outline_text", "edge_vertical", "stock_grid"]


def _text_layer(
    size: tuple[int, int],
    text: str,
    font,
    fill,
    anchor_xy: tuple[int, int],
    *,
    angle: float = 0,
    stroke: int = 0,
    stroke_fill=None,
) -> Image.Image:
    """A transparent layer with `text` centred at anchor_xy, rotated by `angle` about it."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).text(
        anchor_xy,
        text,
        font=font,
        fill=fill,
        anchor="mm",
        stroke_width=stroke,
        stroke_fill=stroke_fill,
    )
    if angle:
        layer = layer.rotate(angle, resample=Image.Resampling.BICUBIC, center=anchor_xy)
    return layer


def extra_mark(im: Image.Image, kind: str, rng: random.Random, pick) -> Image.Image:
    """A marked copy of `im` with one of EXTRA_KINDS (training only; the eval set uses mk.mark)."""
    w, h = im.size
    side = min(w, h)
    colour = mk._colour(rng, mk._luma(im))
    fill = (*colour, int(255 * rng.uniform(0.3, 1.0)))
    edge = [0.08, 0.12, 0.5, 0.88, 0.92]
    if kind == "cjk_text":
        size = int(side * rng.uniform(0.04, 0.12))
        font = ImageFont.truetype(str(rng.choice(_CJK_FONTS)), size) if _CJK_FONTS else pick(size)
        text = rng.choice(CJK_WORDS) + (rng.choice(SHOP_WORDS) if rng.random() < 0.3 else "")
        xy = (int(w * rng.choice(edge)), int(h * rng.choice(edge)))
        layer = _text_layer(im.size, text, font, fill, xy, angle=rng.choice([0, 0, 30, -30]))
    elif kind == "sticker":
        r = int(side * rng.uniform(0.07, 0.14))
        cx = int(w * rng.choice([0.12, 0.88, 0.15, 0.85]))
        cy = int(h * rng.choice([0.12, 0.88, 0.15, 0.85]))
        layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        base = rng.choice([(220, 20, 30), (250, 200, 0), (20, 120, 220), (0, 0, 0), (240, 90, 0)])
        if rng.random() < 0.5:
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*base, 255))
        else:
            pts = []
            for k in range(24):
                rad = r if k % 2 == 0 else r * 0.75
                ang = np.pi * 2 * k / 24
                pts.append((cx + rad * np.cos(ang), cy + rad * np.sin(ang)))
            d.polygon(pts, fill=(*base, 255))
        ink = (255, 255, 255) if sum(base) < 500 else (0, 0, 0)
        d.text(
            (cx, cy),
            rng.choice(STICKER_WORDS),
            font=pick(int(r * 0.6)),
            fill=(*ink, 255),
            anchor="mm",
        )
    elif kind == "text_box":
        lines = rng.sample(SHOP_WORDS, rng.randint(1, 3))
        size = int(side * rng.uniform(0.035, 0.07))
        font = pick(size)
        tw = max(int(ImageDraw.Draw(im).textlength(t, font=font)) for t in lines) + size
        th = int(size * 1.3 * len(lines)) + size // 2
        tw, th = min(tw, w - 4), min(th, h - 4)
        x0 = rng.choice([int(0.03 * w), w - tw - int(0.03 * w), (w - tw) // 2])
        y0 = rng.choice([int(0.03 * h), h - th - int(0.03 * h), rng.randint(0, max(1, h - th))])
        layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        box = rng.choice([(0, 0, 0), (255, 255, 255), (30, 30, 120), (200, 0, 0)])
        d.rounded_rectangle(
            (x0, y0, x0 + tw, y0 + th),
            radius=size // 3,
            fill=(*box, int(255 * rng.uniform(0.4, 0.9))),
        )
        ink = (255, 255, 255) if sum(box) < 400 else (0, 0, 0)
        for i, t in enumerate(lines):
            xy = (x0 + size // 2, y0 + size // 4 + int(i * size * 1.3))
            d.text(xy, t, font=font, fill=(*ink, 255))
    elif kind == "outline_text":
        font = pick(int(side * rng.uniform(0.06, 0.15)))
        xy = (int(w * rng.uniform(0.3, 0.7)), int(h * rng.uniform(0.2, 0.8)))
        layer = _text_layer(
            im.size,
            rng.choice(mk.WORDS + SHOP_WORDS),
            font,
            (*colour, int(255 * rng.uniform(0.0, 0.5))),
            xy,
            angle=rng.choice([0, 0, 20, -20, 35]),
            stroke=max(1, side // 300),
            stroke_fill=(*colour, int(255 * rng.uniform(0.4, 1.0))),
        )
    elif kind == "edge_vertical":
        font = pick(int(side * rng.uniform(0.03, 0.06)))
        x = int(w * rng.choice([0.04, 0.96]))
        layer = _text_layer(
            im.size,
            rng.choice(mk.WORDS + SHOP_WORDS),
            font,
            fill,
            (x, h // 2),
            angle=rng.choice([90, -90]),
        )
    else:  # stock_grid: thin diagonal lines plus tiled words at low opacity
        layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        a = int(255 * rng.uniform(0.15, 0.45))
        step = int(side * rng.uniform(0.15, 0.3))
        width = max(1, side // 500)
        for k in range(-h, w + h, step):
            d.line([(k, 0), (k + h, h)], fill=(*colour, a), width=width)
            d.line([(k, h), (k + h, 0)], fill=(*colour, a), width=width)
        font = pick(int(side * rng.uniform(0.03, 0.05)))
        word = rng.choice(mk.WORDS + SHOP_WORDS)
        for yy in range(step // 2, h, step):
            for xx in range(step // 2, w, step):
                d.text((xx, yy), word, font=font, fill=(*colour, a), anchor="mm")
    return mk._overlay(im, layer)


def any_mark(im: Image.Image, rng: random.Random, pick) -> tuple[Image.Image, str]:
    """A marked copy of `im`: a make_image_evalset kind (in varied fonts) or an extra kind."""
    # With HARD_KINDS_TWICE, big semi-transparent centre text and tiled marks (the hardest to
    # tell from product print) are drawn twice as often as the other kinds.
    if rng.random() < (0.65 if HARD_KINDS_TWICE else 0.6):
        kind = rng.choice(KINDS + ["center_text", "tiled"] if HARD_KINDS_TWICE else KINDS)
        mk.font = pick
        marked, _ = mk.mark(im, kind, rng)
        return marked, kind
    kind = rng.choice(EXTRA_KINDS)
    return extra_mark(im, kind, rng, pick), kind


def pad_on_white(im: Image.Image, rng: random.Random) -> Image.Image:
    """The photo shrunk onto a white square canvas (a packshot layout with wide margins)."""
    w, h = im.size
    side = int(max(w, h) * rng.uniform(1.05, 1.5))
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    canvas.paste(im, ((side - w) // 2, (side - h) // 2))
    return canvas


def render(im: Image.Image, rng: random.Random) -> np.ndarray:
    """The network input of `im` after the runtime path (JPEG at 700-1600 px, reduced decode)."""
    long_side = rng.choice([700, 800, 1000, 1000, 1200, 1600])
    f = long_side / max(im.size)
    size = (max(1, round(im.width * f)), max(1, round(im.height * f)))
    im = im.resize(size, Image.Resampling.LANCZOS if f < 1 else Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=rng.randint(70, 95))
    return watermark_net.net_input(decode(buf.getvalue(), max_pixels=100_000_000).rgb)


def coverage(clean: Image.Image, marked: Image.Image) -> np.ndarray:
    """(GRID, GRID) share of each cell's pixels the mark visibly changed (max channel diff > 12)."""
    diff = cv2.absdiff(np.asarray(clean), np.asarray(marked)).max(axis=2) > 12
    side, g = watermark_net.NET_SIDE, watermark_net.GRID
    small = cv2.resize(diff.astype(np.float32), (side, side), interpolation=cv2.INTER_AREA)
    return small.reshape(g, side // g, g, side // g).mean(axis=(1, 3)).astype(np.float16)


def _job(args: tuple) -> list[tuple]:
    """All samples of one source photo (runs in a worker)."""
    source, split, seed, n_clean, n_marks, partners = args
    cv2.setNumThreads(1)
    rng = random.Random(seed)
    # Held-out photos get the evaluation set's marks and font only (make_image_evalset).
    default_font = mk.font
    pick = _font_picker(rng) if split == "train" else default_font
    photo = synth_photo(rng) if source.startswith("synth:") else mk.load_rgb(REALDATA / source)
    empty = np.zeros((watermark_net.GRID,) * 2, np.float16)
    rows = []
    for i in range(n_clean):
        im = photo if i == 0 else augment(photo, rng, partners, remix=split == "train")
        if i and rng.random() < 0.25:
            im = pad_on_white(im, rng)
        rows.append((render(im, rng), empty, 0, "none", source, split))
    for j in range(n_marks):
        base = photo if j < len(KINDS) else augment(photo, rng, partners, remix=split == "train")
        if j >= len(KINDS) and rng.random() < 0.25:
            base = pad_on_white(base, rng)
        if split == "train":
            marked, kind = any_mark(base, rng, pick)
        else:
            kind = KINDS[j % len(KINDS)]
            marked, _ = mk.mark(base, kind, rng)
        rows.append((render(marked, rng), coverage(base, marked), 1, kind, source, split))
    mk.font = default_font
    return rows


def build(n_synth: int, seed: int, jobs: int, train_marks: int = 60) -> dict[str, np.ndarray]:
    """Every sample of the training and held-out sets."""
    # Strips narrower than 64 px (a 10 px vendure banner) carry no mark to learn, and the
    # evaluation's tiled marks cannot be drawn on them.
    real = [r["file"] for r in csv.DictReader((REALDATA / "labels.csv").open(encoding="utf-8"))
            if min(int(r["width"]), int(r["height"])) >= 64]
    tasks = []
    # Collage partners: fitting photos only, so validation photos stay unseen in any form.
    fit_photos = [n for n in real if split_of(n) == "train" and not is_validation(n)]
    for i, name in enumerate(real):
        split = split_of(name)
        # Held out: the photo as is + each evaluation mark kind twice; training: many variants,
        # collaged only with other training photos. Held-out variants are never remixed.
        if split == "train":
            partners = [] if is_validation(name) else fit_photos
            tasks.append((name, split, seed * 100_003 + i, 40, train_marks, partners))
        else:
            tasks.append((name, split, seed * 100_003 + i, 2, 10, []))
    for k in range(n_synth):
        split = "test" if k % 5 == 0 else "train"
        n = (4, 6) if split == "train" else (2, 5)
        tasks.append((f"synth:{k}", split, seed * 100_003 + 50_000 + k, *n, []))
    return collect(_job, tasks, jobs)


def collect(job: Any, tasks: list[tuple], jobs: int) -> dict[str, np.ndarray]:
    """Run the sample tasks in a process pool and stack their rows into the .npz arrays."""
    with Pool(jobs) as pool:
        rows = [r for batch in pool.imap(job, tasks, chunksize=1) for r in batch]
    return {
        "X": np.stack([r[0] for r in rows]),
        "cov": np.stack([r[1] for r in rows]),
        "y": np.array([r[2] for r in rows], np.int8),
        "kind": np.array([r[3] for r in rows]),
        "source": np.array([r[4] for r in rows]),
        "split": np.array([r[5] for r in rows]),
    }


def main() -> None:
    """Write the samples to an .npz (git-ignored benchmarks/data)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "data" / "watermark_samples.npz")
    ap.add_argument("--synth", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--train-marks", type=int, default=60, help="marked variants per training photo"
    )
    ap.add_argument(
        "--plain-kinds",
        action="store_true",
        help="draw every make_image_evalset kind equally often (the first shipped sample file)",
    )
    args = ap.parse_args()
    globals()["HARD_KINDS_TWICE"] = not args.plain_kinds
    data = build(args.synth, args.seed, args.jobs, args.train_marks)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **data)
    n_test = int((data["split"] == "test").sum())
    print(f"wrote {len(data['y'])} samples ({n_test} held out) -> {args.out}")


if __name__ == "__main__":
    main()
