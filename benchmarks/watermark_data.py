"""Labelled feature rows for the watermark model (seeded, reproducible; nothing is written to git).

Two sources of photos, each split by *source photo* (all variants of one photo land on the
same side, so the held-out figures never score a photo the model has seen in any form):

- the real photos of ../shared/realdata: split by a hash of the file name (TEST_SHARE held out);
- photos synthesised here: a product-like shape (box, bottle, garment block, round item) on a
  white, light-gradient or textured scene, often with text or a periodic pattern *printed on the
  product* (label 0: product print is not a watermark), split by index.

Each photo gives clean variants (crop, flip, brightness, JPEG quality) and marked variants
(make_image_evalset.mark: corner/edge text, logo stamp, big semi-transparent rotated centre
text, tiled text, banner), then goes the runtime path: JPEG bytes -> decode() at the working
size -> background/overlay cues -> watermark_model.feature_vector.

    python benchmarks/watermark_data.py --out benchmarks/data/watermark_features.npz
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import sys
from multiprocessing import Pool
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_image_evalset as mk

from listing_preflight.images import background, overlay, watermark_model
from listing_preflight.images.decode import decode

REALDATA = HERE.parent.parent / "shared" / "realdata"
TEST_SHARE = 0.4  # share of the real photos held out (by file-name hash)
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


def split_of(name: str) -> str:
    """'test' or 'train' for a real photo, from a hash of its file name (stable across runs)."""
    h = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")
    return "test" if (h % 1000) < TEST_SHARE * 1000 else "train"


def _fonts() -> list[Path]:
    """Scalable system fonts if any (more letter shapes than the bundled default)."""
    out: list[Path] = []
    for d in FONT_DIRS:
        if d.is_dir():
            out.extend(sorted(d.rglob("*.ttf")))
    return out[:40]


_FONT_FILES = _fonts()


def _font_picker(rng: random.Random):
    """A replacement for make_image_evalset.font that varies the typeface (training only)."""

    def pick(size: int) -> ImageFont.FreeTypeFont:
        if _FONT_FILES and rng.random() < 0.6:
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


def augment(im: Image.Image, rng: random.Random) -> Image.Image:
    """A plausible re-shoot of a clean photo: crop, flip, brightness, scale."""
    w, h = im.size
    f = rng.uniform(0.85, 1.0)
    cw, ch = int(w * f), int(h * f)
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    im = im.crop((x, y, x + cw, y + ch))
    if rng.random() < 0.5:
        im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    arr = np.asarray(im).astype(np.float32) * rng.uniform(0.9, 1.08)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def features_of(im: Image.Image, quality: int, long_side: int) -> tuple[np.ndarray, float]:
    """(model features, hand-written cues' score) after JPEG encoding at `long_side` px."""
    im = im.copy()
    im.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    dec = decode(buf.getvalue(), max_pixels=100_000_000)
    luma = cv2.cvtColor(dec.rgb, cv2.COLOR_RGB2GRAY)
    bg = background.analyse(dec.rgb, luma)
    white = bg.ring_dark[background.RING_LEVELS.index(245)] <= 0.10
    score, regions = overlay.find_overlays(dec.rgb, bg, white, luma)
    return watermark_model.feature_vector(dec.rgb, luma, bg, white, score, regions), score


def _job(args: tuple) -> list[tuple]:
    """All rows of one source photo (runs in a worker)."""
    source, split, seed, n_clean, n_marks = args
    cv2.setNumThreads(1)
    rng = random.Random(seed)
    mk.font = _font_picker(rng) if split == "train" else mk.font  # eval-set fonts for test
    if source.startswith("synth:"):
        photo = synth_photo(rng)
    else:
        photo = mk.load_rgb(REALDATA / source)
    rows = []
    for i in range(n_clean):
        im = photo if i == 0 else augment(photo, rng)
        x, s = features_of(im, rng.randint(75, 95), rng.choice([800, 1000, 1200]))
        rows.append((x, 0, "none", source, split, s))
    for j in range(n_marks):
        kind = KINDS[j % len(KINDS)]
        base = photo if j < len(KINDS) else augment(photo, rng)
        marked, _ = mk.mark(base, kind, rng)
        x, s = features_of(marked, rng.randint(75, 95), rng.choice([800, 1000, 1200]))
        rows.append((x, 1, kind, source, split, s))
    return rows


def build(n_synth: int, seed: int, jobs: int) -> dict[str, np.ndarray]:
    """Every feature row of the training and held-out sets."""
    real = [r["file"] for r in csv.DictReader((REALDATA / "labels.csv").open(encoding="utf-8"))]
    tasks = []
    for i, name in enumerate(real):
        split = split_of(name)
        # Held out: the photo as is + one mark of each kind twice; training: more variants.
        tasks.append((name, split, seed * 100_003 + i, 8 if split == "train" else 2, 10))
    for k in range(n_synth):
        split = "test" if k % 5 < 2 else "train"
        tasks.append((f"synth:{k}", split, seed * 100_003 + 50_000 + k, 2, 5))
    with Pool(jobs) as pool:
        rows = [r for batch in pool.imap(_job, tasks, chunksize=2) for r in batch]
    return {
        "X": np.stack([r[0] for r in rows]),
        "y": np.array([r[1] for r in rows], np.int8),
        "kind": np.array([r[2] for r in rows]),
        "source": np.array([r[3] for r in rows]),
        "split": np.array([r[4] for r in rows]),
        "classical": np.array([r[5] for r in rows], np.float32),
    }


def main() -> None:
    """Write the feature rows to an .npz (git-ignored benchmarks/data)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "data" / "watermark_features.npz")
    ap.add_argument("--synth", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    data = build(args.synth, args.seed, args.jobs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **data)
    n_test = int((data["split"] == "test").sum())
    print(
        f"wrote {len(data['y'])} rows ({n_test} held out), {data['X'].shape[1]} features -> {args.out}"
    )


if __name__ == "__main__":
    main()
