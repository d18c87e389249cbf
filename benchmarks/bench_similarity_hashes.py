"""Cost of the similarity hashes per real photo: this tree's hashing.py against another tree's.

    python benchmarks/bench_similarity_hashes.py [--baseline /work/main/src] [--rounds 5]

Both hashing modules get the same inputs: every photo of the realdata directory decoded once by
this tree's decode path (images.decode.decode -> extract.hash_sources: the hash input + the working image's luma,
as extract.py calls compute_hashes). Each round times compute_hashes over all photos, baseline
and candidate interleaved in one process, so machine load hits both alike; the best round of
each and their ratio are printed. The baseline's hashing.py (before issue 12 §4 it imported
only cv2/numpy/polars) is loaded straight from its file.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import time
from pathlib import Path

import cv2

from listing_preflight.images.decode import decode
from listing_preflight.images import hashing as mine
from listing_preflight.images.extract import hash_sources

def load(path: Path, name: str):
    """The hashing module at `path`, imported under `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=Path("/work/shared/realdata"))
    parser.add_argument("--baseline", type=Path, default=Path("/work/main/src"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in args.realdata.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"})
    inputs = []
    for path in files:
        try:
            work = decode(path.read_bytes(), max_pixels=10**8).rgb
        except Exception:  # noqa: BLE001 - an undecodable file is not a hashing cost
            continue
        inputs.append(hash_sources(work))
    cv2.setNumThreads(0)  # as the image workers run (extract.py): no OpenCV thread pool
    base = load(args.baseline / "listing_preflight" / "images" / "hashing.py", "baseline_hashing")
    best = {"baseline": float("inf"), "candidate": float("inf")}
    for _ in range(args.rounds):
        for name, module in (("baseline", base), ("candidate", mine)):
            start = time.process_time()
            for rgb, fine in inputs:
                module.compute_hashes(rgb, fine)
            best[name] = min(best[name], (time.process_time() - start) / len(inputs))
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{len(inputs)} photos, best of {args.rounds} rounds (process time), load average {load_avg}")
    for name, value in best.items():
        print(f"  {name:9s} compute_hashes {1000 * value:6.3f} ms per photo")
    print(f"  candidate / baseline = {best['candidate'] / best['baseline']:.2f}")


if __name__ == "__main__":
    main()
