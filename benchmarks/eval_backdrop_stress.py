"""IMG006 on generated backdrops swept across its boundaries: which verdict each case gets.

Every case of issue 12 §2 and the grading thresholds is drawn at several strengths, sizes
(800 px q75, 1000 px q90, 1600 px q85) and seeds, saved as a JPEG and run through the real
feature extraction (extract.features_from_bytes); the verdict is the rule's own `_kind` on the
features. Each family has the verdict a seller should get, or none where the case is a matter
of degree (a backdrop of 246-249, a floor fading to 240): those rows are shown, not scored.

    python benchmarks/eval_backdrop_stress.py [--seeds 3] [--processes 2] [--csv out.csv]

Nothing is tuned on this sweep: it shows where the rule holds and where it does not
(benchmarks/README.md, "Issue 12, stop 22").
"""

from __future__ import annotations

import argparse
import io
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import polars as pl
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
import backdrop_images as bd  # the tests' drawings of the issue's cases
import image_files as gen

from listing_preflight.images import extract
from listing_preflight.rules.image.background import BackgroundOptions, _kind

FILES = [(800, 75), (1000, 90), (1600, 85)]
ERROR = "error"  # expected: any error kind (grey, coloured, gradient, scene, framed)


def _textured(w: int, h: int, rng: np.random.Generator) -> Image.Image:
    """A flat-coloured surface with sensor-like noise (a product face, a shelf)."""
    base = rng.integers(30, 220, 3)
    arr = np.ones((h, w, 3)) * base + rng.normal(0, 10, (h, w, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _pasted(inner: Image.Image, size: int, top: float, side: float) -> Image.Image:
    """`inner` pasted on a white square canvas with margins `top` (above and below) and
    `side` (left and right), as a share of the canvas."""
    ky, kx = int(size * top), int(size * side)
    canvas = Image.new("RGB", (size, size), (255, 255, 255))
    canvas.paste(inner.resize((size - 2 * kx, size - 2 * ky)), (kx, ky))
    return canvas


def draw(family: str, p: float, seed: int, size: int) -> Image.Image:
    """One generated photo of `family` at strength `p`."""
    rng = np.random.default_rng(seed)
    if family == "level":  # uniform untinted backdrop of level p
        return gen.packshot(size, bg=(int(p),) * 3, product_share=rng.uniform(0.4, 0.8), seed=seed)
    if family == "tint":  # a light backdrop whose channels spread by p
        hi = 250
        lo = hi - int(p)
        bg = (hi, (hi + lo) // 2, lo) if seed % 2 else (lo, (hi + lo) // 2, hi)
        return gen.packshot(size, bg=bg, product_share=0.6, seed=seed)
    if family == "floor":  # white wall, a floor fading to level p
        return bd.gradient_floor(size, floor=int(p))
    if family == "cut_off":  # a product cut off at the bottom and both sides, white above it
        im = Image.new("RGB", (size, size), (255, 255, 255))
        y0 = int(size * (1 - p))
        im.paste(_textured(size, size - y0, rng), (0, y0))
        return im.rotate(90 * int(rng.integers(0, 4)))
    if family == "close_up":  # a product over three edges and part of the fourth: white
        # owns ~p of the frame edge (a camera or a monitor shot too close)
        im = Image.new("RGB", (size, size), (255, 255, 255))
        gap = int(size * p * 4)  # the white opening on the top edge: p of the perimeter
        surface = _textured(size, size, rng)
        hole = Image.new("L", (size, size), 255)
        left, right = size // 2 - gap // 2, size // 2 + gap // 2
        ImageDraw.Draw(hole).ellipse((left, -gap // 2, right, gap // 2), fill=0)
        im.paste(surface, (0, 0), hole)
        return im
    if family == "frame":  # a scene in a white frame, margins p on all four sides
        return _pasted(bd.scene(size, seed=seed), size, p, p)
    if family == "bars":  # a scene padded to a square by white bars of p above and below
        return _pasted(bd.scene(size, seed=seed), size, p, 0.0)
    if family == "window":  # a scene with a blown-out white patch at a corner
        im = bd.scene(size, seed=seed)
        ImageDraw.Draw(im).rectangle((0, 0, int(size * p), int(size * p)), fill=(255, 255, 255))
        return im
    if family == "cased":  # a product with a dark rim p wide round a picture, front-on
        return bd.cased(size, rim=p, seed=seed)
    if family == "box":  # a flat rectangular product front-on, margins p all round
        return _pasted(_textured(size, size, rng), size, p, p)
    if family == "vignette":  # white centre, corners darkened to level p
        y, x = np.mgrid[0:size, 0:size] / size - 0.5
        r = np.sqrt(x * x + y * y) / np.sqrt(0.5)
        arr = 255 - (255 - p) * r[..., None] ** 2
        im = Image.fromarray(np.repeat(arr, 3, 2).astype(np.uint8))
        c, h = size // 2, int(size * 0.3)
        ImageDraw.Draw(im).rounded_rectangle((c - h, c - h, c + h, c + h), 40, fill=(40, 90, 160))
        return im
    raise ValueError(family)


# family -> [(strength, expected verdict: None ok, "near_white", ERROR, or "" not scored)]
CASES: dict[str, list[tuple[float, str | None]]] = {
    "level": [(255, None), (252, None), (250, None), (248, ""), (246, ""), (244, "near_white"),
              (240, "near_white"), (236, "near_white"), (230, ERROR), (220, ERROR)],
    "tint": [(4, None), (8, "near_white"), (12, ERROR), (20, ERROR), (30, ERROR)],
    "floor": [(245, ""), (240, ""), (230, ERROR), (220, ERROR), (205, ERROR), (180, ERROR)],
    "cut_off": [(0.3, None), (0.45, None), (0.6, None)],
    "close_up": [(0.24, None), (0.2, None), (0.15, None)],
    "frame": [(0.03, ERROR), (0.04, ERROR), (0.06, ERROR), (0.08, ERROR), (0.10, ERROR),
              (0.12, ERROR), (0.15, ERROR)],
    "bars": [(0.1, ERROR), (0.15, ERROR), (0.2, ERROR)],
    "window": [(0.15, ERROR), (0.25, ERROR), (0.35, ERROR)],
    "box": [(0.05, None), (0.10, None), (0.15, None)],
    "cased": [(0.01, None), (0.02, None), (0.04, None)],
    "vignette": [(250, None), (245, None), (240, ""), (230, "")],
}


def run(job: tuple[str, float, int, int, int]) -> dict:
    """Features of one generated photo (the img_bg_* columns)."""
    family, p, seed, size, quality = job
    buf = io.BytesIO()
    draw(family, p, seed, size).convert("RGB").save(buf, "JPEG", quality=quality)
    _, values = extract.features_from_bytes(buf.getvalue(), 10**9)
    row = dict(zip(extract.FEATURE_NAMES, values, strict=True))
    bg = {k: row[k] for k in row if k.startswith("img_bg_") and k != "img_bg_box"}
    return {"family": family, "p": float(p), "seed": seed, "size": size, **bg}


def verdicts(rows: list[dict]) -> pl.DataFrame:
    """The rows with the rule's verdict and whether it is the expected one (null: not scored)."""
    expected = pl.DataFrame(
        [(f, float(p), e) for f, cases in CASES.items() for p, e in cases],
        schema={"family": pl.String, "p": pl.Float64, "expected": pl.String},
        orient="row",
    )
    verdict = _kind(BackgroundOptions()).fill_null("ok")
    outcome = pl.when(pl.col("expected") == "ok").then(pl.col("verdict") == "ok")
    outcome = outcome.when(pl.col("expected") == ERROR).then(
        ~pl.col("verdict").is_in(["ok", "near_white"])
    )
    near = pl.col("expected") == "near_white"
    outcome = outcome.when(near).then(pl.col("verdict") == "near_white")
    return (
        pl.DataFrame(rows)
        .with_columns(verdict.alias("verdict"))
        .join(expected.with_columns(pl.col("expected").fill_null("ok")), on=["family", "p"])
        .with_columns(pl.when(pl.col("expected") != "").then(outcome).alias("right"))
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--csv", type=Path, help="write every row with its verdict")
    args = ap.parse_args()
    jobs = [(f, p, s, size, q) for f, cases in CASES.items() for p, _ in cases
            for s in range(args.seeds) for size, q in FILES]
    with Pool(args.processes, initializer=extract.init_worker) as pool:
        rows = pool.map(run, jobs, chunksize=4)
    df = verdicts(rows)
    if args.csv:
        df.write_csv(args.csv)
    table = (
        df.group_by("family", "p", "expected", maintain_order=True)
        .agg(
            pl.col("right").sum().alias("right"),
            pl.len().alias("n"),
            pl.col("verdict").unique(maintain_order=True).str.join("/").alias("verdicts"),
        )
    )
    scored = df.filter(pl.col("right").is_not_null())
    print(f"{len(df)} photos, {len(scored)} scored: {scored['right'].sum()} as expected")
    for r in table.iter_rows(named=True):
        mark = "" if r["expected"] == "" else f"{r['right']}/{r['n']}"
        print(f"  {r['family']:9s} {r['p']:>6g}  expect {r['expected'] or '-':10s} "
              f"{mark:>6s}  {r['verdicts']}")


if __name__ == "__main__":
    main()
