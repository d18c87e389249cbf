"""Clean packshots that a watermark network may take for marked ones (training negatives).

A product that fills 70-92 % of the frame leaves its soft shadow or reflection as a thin grey
line just above the bottom edge. At the network's 192 px that line looks like a banner or a
copyright line, and stop 16's wider network flagged half of such photos (benchmarks/README.md,
"Issue 12, stop 16"). train_watermark.py --shadow-packshots adds these as "no mark" samples.
"""

from __future__ import annotations

import random

import numpy as np
import watermark_data
from PIL import Image, ImageDraw, ImageFilter


def shadow_packshot(rng: random.Random, side: int = 1000) -> Image.Image:
    """A clean packshot: a plain product over a soft shadow that reaches the bottom band."""
    w = h = side
    bg = rng.choice([255, 255, 255, rng.randint(238, 252)])
    im = Image.new("RGB", (w, h), (bg, bg, bg))
    fill = rng.uniform(0.7, 0.92)
    bw, bh = int(w * fill * rng.uniform(0.8, 1.0)), int(h * fill)
    x0 = (w - bw) // 2 + rng.randint(-int(0.03 * w), int(0.03 * w))
    y0 = max(2, (h - bh) // 2 - rng.randint(0, int(0.04 * h)))
    below = h - y0 - bh
    gap = rng.randint(2, below - 2) if below > 4 else 2
    # The shadow first, then the product over its upper half.
    shade = Image.new("L", (w, h), 0)
    thick = rng.randint(6, 30)
    cy = min(h - 2 - thick // 2, y0 + bh + gap)
    ImageDraw.Draw(shade).ellipse(
        (x0 + rng.randint(-20, 20), cy - thick // 2, x0 + bw + rng.randint(-20, 20), cy + thick // 2),
        fill=int(255 * rng.uniform(0.15, 0.6)),
    )
    shade = shade.filter(ImageFilter.GaussianBlur(rng.uniform(2, 10)))
    ink = Image.new("RGB", (w, h), tuple(rng.randint(60, 200) for _ in range(3)))
    im = Image.composite(ink, im, shade)
    d = ImageDraw.Draw(im)
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    box = (x0, y0, x0 + bw, y0 + bh)
    if rng.random() < 0.6:
        d.rounded_rectangle(box, radius=min(bw, bh) // rng.randint(6, 20), fill=colour)
    else:
        d.ellipse(box, fill=colour)
    # A little sensor noise on the product, none on the backdrop.
    arr = np.asarray(im).astype(np.float32)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 6), (h, w))
    arr[y0 : y0 + bh, x0 : x0 + bw] += noise[y0 : y0 + bh, x0 : x0 + bw, None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def samples(n: int, seed: int) -> np.ndarray:
    """Network inputs (n, 192, 192, 3) of n shadow packshots, through the runtime decode path."""
    rng = random.Random(seed * 7919 + 17)
    return np.stack([watermark_data.render(shadow_packshot(rng), rng) for _ in range(n)])
