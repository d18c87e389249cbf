"""Build the labelled watermark/overlay evaluation set from real photos (seeded, reproducible).

For every photo of ../shared/realdata (or --src), writes a clean JPEG copy (label 0) and one copy
with a synthetic mark (label 1): corner/edge text, a logo stamp, big semi-transparent text across
the centre, a tiled pattern, or a promo banner strip, with varying opacity, size, colour and
position. Output (default benchmarks/data/image_evalset, git-ignored): the JPEGs + labels.csv.
The photos themselves are never copied into the repository.

    python benchmarks/make_image_evalset.py [--src DIR] [--out DIR] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
REALDATA = HERE.parent.parent / "shared" / "realdata"

WORDS = [
    "SHOPNAME.COM",
    "@best_store",
    "© MegaDeals",
    "www.cheap-shop.cn",
    "SAMPLE",
    "HOT SALE",
    "FreeShip",
    "TMALL",
    "StarSeller",
    "watermark",
    "COPYRIGHT",
    "店铺 2024",
]
LOGO_TEXT = ["BS", "MD", "K&L", "XY", "TOP", "A1"]
KINDS = ["corner_text", "logo", "center_text", "tiled", "banner"]


def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font (no system font dependency)."""
    return ImageFont.load_default(size=max(8, size))  # type: ignore[return-value]


def load_rgb(path: Path, max_side: int = 1200) -> Image.Image:
    """Open a photo, composite transparency on white, cap the long side."""
    im = Image.open(path)
    im.seek(0)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGB", im.size, (255, 255, 255))
        bg.paste(im, mask=im.getchannel("A"))
        im = bg
    else:
        im = im.convert("RGB")
    if max(im.size) > max_side:
        im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return im


PALETTE = [(255, 255, 255), (0, 0, 0), (128, 128, 128), (200, 30, 30), (30, 60, 200), (240, 200, 0)]


def _colour(rng: random.Random, under: float | None = None) -> tuple[int, int, int]:
    """A mark colour; with `under` (mean luminance below the mark) one that stays visible on it."""
    choices = (
        PALETTE
        if under is None
        else [c for c in PALETTE if abs(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] - under) >= 70]
    )
    return rng.choice(choices)


def _luma(im: Image.Image, box: tuple[int, int, int, int] | None = None) -> float:
    return float(np.asarray(im.convert("L").crop(box) if box else im.convert("L")).mean())


def _overlay(base: Image.Image, layer: Image.Image) -> Image.Image:
    return Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")


def mark(im: Image.Image, kind: str, rng: random.Random) -> tuple[Image.Image, dict[str, object]]:
    """Return a marked copy of `im` and the parameters used."""
    w, h = im.size
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    colour = _colour(rng, _luma(im))  # visible on the photo as a whole
    params: dict[str, object] = {"kind": kind}
    if kind == "corner_text":
        size = int(h * rng.uniform(0.035, 0.09))
        alpha = rng.uniform(0.45, 1.0)
        text = rng.choice(WORDS)
        f = font(size)
        tw, th = draw.textbbox((0, 0), text, font=f)[2:]
        margin = int(0.03 * w)
        pos = rng.choice(["tl", "tr", "bl", "br", "bc", "tc"])
        x = {"l": margin, "r": w - tw - margin, "c": (w - tw) // 2}[pos[1]]
        y = margin if pos[0] == "t" else h - th - margin
        colour = _colour(rng, _luma(im, (x, y, x + tw, y + th)))
        draw.text((x, y), text, font=f, fill=(*colour, int(255 * alpha)))
        params.update(size=size, alpha=round(alpha, 2), pos=pos, text=text)
    elif kind == "logo":
        r = int(min(w, h) * rng.uniform(0.06, 0.12))
        alpha = rng.uniform(0.5, 1.0)
        pos = rng.choice(["tl", "tr", "bl", "br"])
        margin = int(0.03 * w)
        cx = margin + r if pos[1] == "l" else w - margin - r
        cy = margin + r if pos[0] == "t" else h - margin - r
        colour = _colour(rng, _luma(im, (cx - r, cy - r, cx + r, cy + r)))
        fill = (*colour, int(255 * alpha))
        if rng.random() < 0.5:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fill, width=max(2, r // 8))
        else:
            draw.rounded_rectangle(
                (cx - r, cy - r * 0.7, cx + r, cy + r * 0.7),
                radius=r // 4,
                outline=fill,
                width=max(2, r // 8),
            )
        text = rng.choice(LOGO_TEXT)
        f = font(int(r * 0.7))
        draw.text((cx, cy), text, font=f, fill=fill, anchor="mm")
        params.update(r=r, alpha=round(alpha, 2), pos=pos)
    elif kind == "center_text":
        size = int(h * rng.uniform(0.06, 0.14))
        alpha = rng.uniform(0.25, 0.7)
        text = rng.choice(WORDS)
        f = font(size)
        txt = Image.new("RGBA", im.size, (0, 0, 0, 0))
        ImageDraw.Draw(txt).text(
            (w // 2, h // 2), text, font=f, fill=(*colour, int(255 * alpha)), anchor="mm"
        )
        angle = rng.choice([0, 0, 30, -30, 45])
        layer = txt.rotate(angle, resample=Image.Resampling.BICUBIC)
        params.update(size=size, alpha=round(alpha, 2), angle=angle, text=text)
    elif kind == "tiled":
        size = int(h * rng.uniform(0.03, 0.06))
        alpha = rng.uniform(0.2, 0.55)
        text = rng.choice(WORDS)
        f = font(size)
        big = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
        d = ImageDraw.Draw(big)
        step_x, step_y = int(size * len(text) * 0.8), int(size * 3)
        for yy in range(0, 2 * h, step_y):
            for xx in range((yy // step_y) % 2 * step_x // 2, 2 * w, step_x):
                d.text((xx, yy), text, font=f, fill=(*colour, int(255 * alpha)))
        angle = rng.choice([0, 30, -30, 45])
        big = big.rotate(angle, resample=Image.Resampling.BICUBIC)
        layer = big.crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
        params.update(size=size, alpha=round(alpha, 2), angle=angle, text=text)
    else:  # banner: a promo strip with text
        strip = int(h * rng.uniform(0.08, 0.15))
        top = rng.random() < 0.5
        y0 = 0 if top else h - strip
        alpha = rng.uniform(0.7, 1.0)
        # The strip stands out from the photo edge it covers, the text from the strip.
        fill = _colour(rng, _luma(im, (0, y0, w, y0 + strip)))
        draw.rectangle((0, y0, w, y0 + strip), fill=(*fill, int(255 * alpha)))
        text = rng.choice(WORDS)
        f = font(int(strip * 0.55))
        ink = _colour(rng, 0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2])
        draw.text((w // 2, y0 + strip // 2), text, font=f, fill=(*ink, 255), anchor="mm")
        params.update(strip=strip, top=top, text=text)
    return _overlay(im, layer), params


def main() -> None:
    """Write the evaluation set."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=REALDATA)
    ap.add_argument("--out", type=Path, default=HERE / "data" / "image_evalset")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = list(csv.DictReader((args.src / "labels.csv").open(encoding="utf-8")))
    args.out.mkdir(parents=True, exist_ok=True)
    out_rows = []
    for i, row in enumerate(rows):
        src = args.src / row["file"]
        stem = f"{i:03d}"
        im = load_rgb(src)
        if min(im.size) < 64:  # realdata's 10 px strips: no mark can be drawn on them
            continue
        clean = args.out / f"{stem}_clean.jpg"
        im.save(clean, quality=90)
        out_rows.append(
            {
                "file": clean.name,
                "source": row["file"],
                "watermark": 0,
                "kind": "none",
                "orig_text": row["text_or_watermark"],
                "params": "",
            }
        )
        kind = KINDS[i % len(KINDS)] if rng.random() < 0.8 else rng.choice(KINDS)
        marked, params = mark(im, kind, rng)
        path = args.out / f"{stem}_{kind}.jpg"
        marked.save(path, quality=90)
        out_rows.append(
            {
                "file": path.name,
                "source": row["file"],
                "watermark": 1,
                "kind": kind,
                "orig_text": row["text_or_watermark"],
                "params": repr(params),
            }
        )
    with (args.out / "labels.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(out_rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)
    print(f"wrote {len(out_rows)} images to {args.out}")


if __name__ == "__main__":
    main()
