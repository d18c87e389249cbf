"""Image pass throughput against the 1/8-decode floor and a naive pipeline, in one run.

On the same generated JPEGs (half 1000x1000, half 1600x1600, photo-like: gradients, texture,
shapes, sensor noise; and product shots on white), with the same number of worker processes:

- floor:  decode only, Pillow draft 1/8 (libjpeg DCT scaling);
- naive:  PIL open + full decode + imagehash phash/dhash/whash on the full image;
- cold:   our image pass (listing_preflight.images.pipeline.run_pass) with an empty cache:
          resolving, stat, pool, decode, features, hashes and cache writes all included;
- warm:   the same pass again (cache hits; nothing decoded).

Fairness: every pooled case starts its own fresh spawn pool inside the timed region (cold pool
for all three: floor, naive and ours pay their worker start-up), on the same files, warm in the
page cache. Cases are interleaved in each round (floor, naive, ours cold, ours warm, then the
one-process pair), so the other jobs' load on the shared machine hits them alike. Reported: the
best round per case and, steadier, the median over rounds of the ratios taken *within* a round.

Targets (DESIGN §9): cold >= 0.5x floor, cold >= 15x naive, warm >= 20x faster than cold;
issue 12 on JPEGs cut from real photos: cold >= 0.40x floor. Then a per-stage table of one
process in CPU time, every step with its owner and the cascade's share (image_stages.py).

    python benchmarks/bench_images.py [--count 300] [--jobs 2] [--naive-count 30] [--repeat 5]
    python benchmarks/bench_images.py --real [DIR]   # JPEGs cut from real photos (issue 12)
    python benchmarks/bench_images.py --real --stages-only --stage-count 150   # table only
    python benchmarks/bench_images.py --real --without-overlay-checks   # IMG007, IMG014 off
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from image_stages import print_stage_table  # noqa: E402 - next to this script
DATA = HERE / "data" / "image_bench"


def make_image(path: Path, size: int, seed: int) -> None:
    """One photo-like JPEG (q90, 4:2:0): a scene or a product on white, with noise."""
    rng = np.random.default_rng(seed)
    if seed % 2:
        y, x = np.mgrid[0:size, 0:size] / size
        base = np.stack([200 * x + 30, 180 * y + 40, 120 * (1 - x) + 60], axis=2)
        tex = rng.normal(0, 1, (size // 16, size // 16, 3))
        tex = np.asarray(
            Image.fromarray(((tex - tex.min()) / np.ptp(tex) * 255).astype(np.uint8)).resize(
                (size, size), Image.Resampling.BICUBIC
            ),
            dtype=np.float64,
        )
        arr = np.clip(base * 0.7 + tex * 0.3, 0, 255).astype(np.uint8)
        im = Image.fromarray(arr)
    else:
        im = Image.new("RGB", (size, size), (255, 255, 255))
    d = ImageDraw.Draw(im)
    for _ in range(6):
        x0, y0 = rng.integers(0, size * 3 // 4, 2)
        w, h = rng.integers(size // 10, size // 3, 2)
        d.ellipse((x0, y0, x0 + w, y0 + h), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    arr = np.asarray(im).astype(np.int16)
    sigma = float(rng.uniform(2, 6))
    if seed % 2:
        arr = arr + rng.normal(0, sigma, arr.shape)
    else:  # keep the white background exactly white, noise on the objects only
        mask = (arr < 250).any(axis=2)
        arr[mask] = arr[mask] + rng.normal(0, sigma, (int(mask.sum()), 3))
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=90)


def ensure_images(count: int) -> list[Path]:
    """`count` images per size (generated once, reused)."""
    DATA.mkdir(parents=True, exist_ok=True)
    paths = []
    for size in (1000, 1600):
        for i in range(count):
            p = DATA / f"bench_{size}_{i:04d}.jpg"
            if not p.exists():
                make_image(p, size, seed=size * 10000 + i)
            paths.append(p)
    return paths


REAL_DATA = HERE / "data" / "image_bench_real"
ISSUE_FILES = 3000  # issue 12 measured the image pass on 3,000 JPEGs cut from real photos


def ensure_real_images(count: int, realdata: Path) -> list[Path]:
    """`count` JPEGs per size (1000, 1600 px) cut from the real photos: random square crops.

    Issue 12: throughput on real photo content (JPEG entropy, backdrops, textures) differs from
    generated images. Each file is a square crop of 60-100 % of a photo's short side, resized
    (LANCZOS) and saved at q90; generated once into benchmarks/data/image_bench_real (ignored).
    """
    from make_similarity_pairs import IMAGE_SUFFIXES, load

    REAL_DATA.mkdir(parents=True, exist_ok=True)
    photos = sorted(p for p in realdata.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    photos = [p for p in photos if min(Image.open(p).size) >= 200]  # not the 10x8 thumbnails
    rng = np.random.default_rng(12)
    paths = []
    for size in (1000, 1600):
        for i in range(count):
            p = REAL_DATA / f"real_{size}_{i:04d}.jpg"
            if not p.exists():
                im = load(photos[i % len(photos)])
                side = int(min(im.size) * rng.uniform(0.6, 1.0))
                x = int(rng.integers(0, im.width - side + 1))
                y = int(rng.integers(0, im.height - side + 1))
                crop = im.crop((x, y, x + side, y + side))
                crop.resize((size, size), Image.Resampling.LANCZOS).save(p, "JPEG", quality=90)
            paths.append(p)
    return paths


def decode_floor(path: str) -> int:
    """Decode only, at 1/8 scale (libjpeg DCT scaling)."""
    im = Image.open(path)
    w, h = im.size
    im.draft("RGB", (w // 8, h // 8))
    im.load()
    return im.size[0]


def naive(path: str) -> int:
    """Full decode + imagehash on the full image (what a straightforward script does)."""
    import imagehash

    im = Image.open(path).convert("RGB")
    return hash((str(imagehash.phash(im)), str(imagehash.dhash(im)), str(imagehash.whash(im)))) & 1


def pooled_rate(fn, paths: list[str], jobs: int) -> float:
    """Images per second through a fresh spawn pool of `jobs` processes, start-up included."""
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    # No initializer: each worker imports only what `fn` needs.
    with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        list(pool.map(fn, paths, chunksize=max(1, len(paths) // (jobs * 8))))
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    """Run the benchmark and print throughput and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200, help="images per size (1000 px and 1600 px)")
    ap.add_argument(
        "--naive-count", type=int, default=40, help="images per size for the slow naive pipeline"
    )
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5, help="interleaved rounds")
    ap.add_argument(
        "--real",
        type=Path,
        nargs="?",
        const=HERE.parent.parent / "shared" / "realdata",
        help="use JPEGs cut from the real photos of this folder (default ../shared/realdata)",
    )
    ap.add_argument(
        "--stage-count",
        type=int,
        help="images per size for the per-stage table (default: --naive-count)",
    )
    ap.add_argument(
        "--stages-only",
        action="store_true",
        help="print only the per-stage table (one process, the naive subset), no throughput",
    )
    ap.add_argument(
        "--without-overlay-checks",
        action="store_true",
        help="our pass as a run with IMG007 and IMG014 switched off extracts it (no watermark "
        "network, no overlay search)",
    )
    args = ap.parse_args()
    overlay = not args.without_overlay_checks

    from listing_preflight.images.pipeline import ImageSettings, run_pass

    paths = ensure_real_images(args.count, args.real) if args.real else ensure_images(args.count)
    folder = paths[0].parent
    strs = [str(p) for p in paths]
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(
        f"{len(paths)} JPEGs ({args.count} x 1000 px, {args.count} x 1600 px, {mb:.1f} MB), "
        f"{args.jobs} worker processes, {os.cpu_count()} cores, {args.repeat} interleaved rounds"
        + ("" if overlay else "; ours without the overlay checks (IMG007 and IMG014 off)")
    )
    for p in paths:  # warm the page cache for every case alike
        p.read_bytes()

    sub = [s for s in strs if "_1000_" in s][: args.naive_count] + [
        s for s in strs if "_1600_" in s
    ][: args.naive_count]
    n_stage = args.stage_count or args.naive_count
    staged = [s for s in strs if "_1000_" in s][:n_stage] + [s for s in strs if "_1600_" in s][
        :n_stage
    ]
    if args.stages_only:
        print_stage_table(staged)
        return
    refs = [(p.name, str(folder)) for p in paths]
    rounds: list[dict[str, float]] = []

    from listing_preflight.images.extract import FEATURE_NAMES

    pixel_cols = [FEATURE_NAMES.index(c) for c in ("img_ring_level", "img_phash")]
    missing = 0
    errors = 0

    def floor_pool(r: dict[str, float]) -> None:
        r["floor"] = pooled_rate(decode_floor, strs, args.jobs)

    def naive_pool(r: dict[str, float]) -> None:
        r["naive"] = pooled_rate(naive, sub, args.jobs)

    def ours_pool(r: dict[str, float]) -> None:
        nonlocal errors, missing
        cache = Path(tempfile.mkdtemp(prefix="preflight-bench-cache-"))
        try:
            settings = ImageSettings(jobs=args.jobs, cache_dir=cache, overlay_checks=overlay)
            start = time.perf_counter()
            cold_result = run_pass(refs, settings)
            r["cold"] = len(refs) / (time.perf_counter() - start)
            assert cold_result.decoded == len(refs)
            start = time.perf_counter()
            warm_result = run_pass(refs, settings)
            r["warm"] = len(refs) / (time.perf_counter() - start)
            assert warm_result.decoded == 0 and warm_result.cache_hits == len(refs)
            feats = cold_result.features.values()
            errors = sum(1 for f in feats if f[0])
            # A pixel feature that raised leaves its columns null and makes the pass look fast.
            missing = sum(1 for f in feats if not f[0] and any(f[i] is None for i in pixel_cols))
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def floor_one(r: dict[str, float]) -> None:
        start = time.perf_counter()
        for p in strs:
            decode_floor(p)
        r["floor1"] = len(strs) / (time.perf_counter() - start)

    def ours_one(r: dict[str, float]) -> None:
        start = time.perf_counter()
        inline = run_pass(refs, ImageSettings(jobs=1, cache_dir=None, overlay_checks=overlay))
        r["ours1"] = len(strs) / (time.perf_counter() - start)
        assert inline.decoded == len(strs)

    # Paired cases run back to back, in alternating order, so that neither side of a ratio
    # always runs first (after a burst of the other jobs' load, say).
    cases = [floor_pool, ours_pool, naive_pool, floor_one, ours_one]
    for i in range(args.repeat):
        r: dict[str, float] = {}
        for case in cases if i % 2 == 0 else cases[::-1]:
            case(r)
        rounds.append(r)
        print(
            "  round: "
            + "  ".join(
                f"{k} {r[k]:.1f}" for k in ("floor", "naive", "cold", "warm", "floor1", "ours1")
            )
            + f"  | cold/floor {r['cold'] / r['floor']:.2f}x  cold/naive {r['cold'] / r['naive']:.1f}x"
            + f"  warm/cold {r['warm'] / r['cold']:.0f}x  one-process {r['ours1'] / r['floor1']:.2f}x",
            flush=True,
        )
    if missing:
        print(f"INVALID: {missing} readable images lack pixel features (a feature raised)")

    best = {k: max(r[k] for r in rounds) for k in rounds[0]}

    def med_ratio(a: str, b: str) -> float:
        return statistics.median(r[a] / r[b] for r in rounds)

    print("best round per case (img/s):")
    print(f"  floor  (draft 1/8 decode only, cold pool)      {best['floor']:8.1f}")
    print(
        f"  naive  (full decode + phash/dhash/whash full)   {best['naive']:8.1f}  ({len(sub)} images)"
    )
    print(
        f"  ours   cold (pool start-up + decode + features) {best['cold']:8.1f}  ({errors} errors)"
    )
    print(f"  ours   warm (cache)                             {best['warm']:8.1f}")
    print(
        f"  one process, no pool: floor {best['floor1']:.1f}, ours (no cache) {best['ours1']:.1f}"
    )
    print(
        f"ratios, best/best: cold/floor = {best['cold'] / best['floor']:.2f}x (target >= 0.5;"
        " issue 12, JPEGs cut from real photos: >= 0.40)"
        f"   cold/naive = {best['cold'] / best['naive']:.1f}x (target >= 15)"
        f"   warm/cold = {best['warm'] / best['cold']:.1f}x (target >= 20)"
        f"   one-process = {best['ours1'] / best['floor1']:.2f}x"
    )
    print(
        f"ratios, median of per-round: cold/floor = {med_ratio('cold', 'floor'):.2f}x"
        f"   cold/naive = {med_ratio('cold', 'naive'):.1f}x   warm/cold = {med_ratio('warm', 'cold'):.1f}x"
        f"   one-process = {med_ratio('ours1', 'floor1'):.2f}x"
    )
    if args.real and len(paths) < ISSUE_FILES:
        # Measured in stop 26: 0.30x here on 300 files, 0.18-0.21x on 3,000 (the floor's pool
        # start-up weighs on a short run).
        print(f"  ({len(paths)} files: the pooled cold/floor flatters the pass; issue 12's own "
              f"figure is on {ISSUE_FILES:,}: --count {ISSUE_FILES // 2})")
    if not overlay:
        print("  (the per-stage table below is of every step, as a run with every rule does them)")
    print_stage_table(staged)


if __name__ == "__main__":
    main()
