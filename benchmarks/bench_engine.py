"""Image pass throughput per engine (local process pool vs Ray Data vs Dask), in one run.

Input: N JPEGs (default 5,000) cut from the real photos in ../shared/realdata (random crops of
40-100 % of the frame, random flips, long side 600-1200 px, JPEG q85-92), written under /tmp
once and reused - never committed. Every engine extracts the same distinct images with the
same worker count (--jobs, default 2) and no feature cache.

Two figures per engine:
- total:  images/s including start-up (local: the process pool; ray/dask: starting a local
          cluster), what one `preflight check --engine X` pays on a fresh machine;
- steady: images/s once the cluster is up (a small warm-up pass first), what a long-running
          cluster gives every further run; "overhead" = 1 - steady / local total.
Rounds are interleaved (local, dask, ray, then again) so the other jobs' load on a shared
machine hits every engine alike; the best round is reported.
Also: cold vs warm pass through the Parquet feature store (DESIGN §9: warm >= 20x cold).

    python benchmarks/bench_engine.py [--count 5000] [--jobs 2] [--rounds 2] [--engines local,dask,ray]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
CROPS = Path(tempfile.gettempdir()) / "preflight-bench-engine"


def make_crops(count: int) -> list[Path]:
    """`count` JPEGs cut from the realdata photos (made once, reused)."""
    CROPS.mkdir(parents=True, exist_ok=True)
    paths = [CROPS / f"crop_{i:05d}.jpg" for i in range(count)]
    missing = [p for p in paths if not p.exists()]
    if not missing:
        return paths
    sources = sorted(p for p in REALDATA.rglob("*") if p.suffix.lower() in
                     {".jpg", ".jpeg", ".png", ".webp"})
    photos = []
    for src in sources:
        try:
            with Image.open(src) as im:
                im = ImageOps.exif_transpose(im)
                im.thumbnail((1600, 1600))
                photos.append(im.convert("RGB"))
        except OSError:
            continue
    for path in missing:
        i = int(path.stem.split("_")[1])
        rng = random.Random(i)
        im = photos[i % len(photos)]
        w, h = im.size
        share = rng.uniform(0.4, 1.0)
        cw = min(w, max(64, int(w * share)))
        ch = min(h, max(64, int(h * rng.uniform(0.4, 1.0))))
        x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = im.crop((x0, y0, x0 + cw, y0 + ch))
        if rng.random() < 0.5:
            crop = ImageOps.mirror(crop)
        side = rng.randint(600, 1200)
        f = side / max(crop.size)
        crop = crop.resize((max(1, round(crop.size[0] * f)), max(1, round(crop.size[1] * f))),
                           Image.Resampling.BILINEAR)
        crop.save(path, "JPEG", quality=rng.randint(85, 92))
    return paths


def timed_pass(refs, settings) -> float:
    """Seconds for one image pass."""
    from listing_preflight.images.pipeline import run_pass

    start = time.perf_counter()
    result = run_pass(refs, settings)
    seconds = time.perf_counter() - start
    assert result.decoded == len(refs), (result.decoded, len(refs))
    return seconds


def main() -> None:
    """Measure and print images/s per engine and the warm/cold ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engines", default="local,dask,ray")
    args = parser.parse_args()

    from listing_preflight.images.pipeline import ImageSettings, session

    t = time.perf_counter()
    paths = make_crops(args.count + 40)
    print(f"{args.count} JPEGs cut from {REALDATA} in {CROPS} ({time.perf_counter() - t:.0f} s)",
          flush=True)
    refs = [(p.name, str(CROPS)) for p in paths[: args.count]]
    warmup = [(p.name, str(CROPS)) for p in paths[args.count :]]
    engines = args.engines.split(",")
    total: dict[str, list[float]] = {e: [] for e in engines}
    steady: dict[str, list[float]] = {e: [] for e in engines}
    for rnd in range(args.rounds):
        for engine in engines:
            settings = ImageSettings(jobs=args.jobs, cache_dir=None, engine=engine)
            start = time.perf_counter()
            with session():
                timed_pass(warmup, settings)  # start-up (pool or cluster) + 40 images
                up = time.perf_counter() - start
                seconds = timed_pass(refs, settings)
            total[engine].append((len(refs) + len(warmup)) / (up + seconds))
            steady[engine].append(len(refs) / seconds)
            print(f"round {rnd + 1} {engine:5s}: start-up + 40 images {up:5.1f} s, "
                  f"{len(refs)} images {seconds:5.1f} s = {len(refs) / seconds:6.1f} images/s",
                  flush=True)
    base = max(total["local"]) if "local" in total else None
    print(f"\nimages/s at {args.jobs} workers (best of {args.rounds} rounds):")
    for engine in engines:
        line = f"  {engine:5s}: total {max(total[engine]):6.1f}, steady {max(steady[engine]):6.1f}"
        if base and engine != "local":
            line += (f"   overhead vs local: {100 * (1 - max(steady[engine]) / base):+.1f} % steady, "
                     f"{100 * (1 - max(total[engine]) / base):+.1f} % with start-up")
        print(line)
    print(f"  per-core rate (local): {base / args.jobs:.1f} images/s/core" if base else "")

    store = Path(tempfile.mkdtemp(prefix="preflight-store-bench-"))
    try:
        settings = ImageSettings(jobs=args.jobs, cache_dir=store)
        cold = timed_pass(refs, settings)
        from listing_preflight.images.pipeline import run_pass

        start = time.perf_counter()
        again = run_pass(refs, settings)
        warm = time.perf_counter() - start
        assert again.cache_hits == len(refs)
        print(f"feature store: cold {cold:.1f} s, warm {warm:.2f} s = {cold / warm:.0f}x "
              f"(target >= 20x)")
    finally:
        shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
