"""Scale benchmark of the similarity search: times and peak memory, against brute force in the same run.

    python benchmarks/bench_neardup.py                 # both scenarios, default sizes
    python benchmarks/bench_neardup.py --catalog 1000000 --references 100000 --queries 100000
    python benchmarks/bench_neardup.py --compare       # each scenario without, then with turned hashes

Scenarios (each runs in its own subprocess so that its peak memory is its own):

1. near-duplicates within a catalog of N hashes (SIM002/SIM003 candidates): matching.near_duplicates
   - multi-index search over the box phash, its 4 turned variants and (on 5 % of the images, the
   photos pasted on a canvas) the outer box, queried with the plain, mirrored, whole-frame and
   outer phash, radius 8 (threshold 0.70), then scoring of every candidate pair. Baseline: tiled numpy brute force over a sample of the
   catalog, extrapolated quadratically to N.
2. a catalog of Q hashes against a reference index of R images (SIM001): each reference image
   carries its cropped variants (~46 hashes, as `preflight index build` stores), so the index
   holds ~46 R hashes; the catalog side queries with its plain, mirrored and 4 turned box
   hashes. Baseline: brute force of a sample of queries against all variant hashes,
   extrapolated linearly.

The hashes are synthetic, each bit set with the probability measured on real box phashes
(PHASH_BIT_SHARE; independent bits, so real correlations are not modelled), with 1 % planted
near-duplicates (up to 4 flipped phash bits). Times are wall clock and CPU seconds of one
process on the shared 2-core machine; other jobs ran at the same time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from listing_preflight.similarity import score
from listing_preflight.similarity.matching import (
    HashArrays,
    ReferenceHashes,
    match_references,
    near_duplicates,
)
from listing_preflight.similarity.search import brute_force_pairs

VARIANTS_PER_REFERENCE = 46


# Share of real box phashes with each bit set (bit 0 = least significant), measured on the 137
# realdata photos through the catalog decode path (benchmarks/eval_similarity.py features):
# the box crop removes most of the bias of whole-frame hashes; only the DC bit is constant.
PHASH_BIT_SHARE = np.array([
    0.5, 0.46, 0.47, 0.5, 0.55, 0.38, 0.46, 0.57, 0.51, 0.43, 0.47, 0.45, 0.45, 0.47, 0.5, 0.57,
    0.49, 0.45, 0.43, 0.42, 0.45, 0.45, 0.49, 0.47, 0.49, 0.43, 0.49, 0.44, 0.36, 0.5, 0.48, 0.62,
    0.51, 0.47, 0.49, 0.45, 0.49, 0.47, 0.45, 0.46, 0.55, 0.45, 0.5, 0.34, 0.53, 0.53, 0.43, 0.72,
    0.53, 0.55, 0.5, 0.47, 0.47, 0.52, 0.47, 0.49, 0.45, 0.56, 0.49, 0.74, 0.45, 0.74, 0.52, 1.0])


def biased_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random 64-bit hashes whose bits are set as often as in real box phashes."""
    values = np.zeros(n, dtype=np.uint64)
    for bit, share in enumerate(PHASH_BIT_SHARE):
        values |= (rng.random(n) < share).astype(np.uint64) << np.uint64(bit)
    return values


def flip(rng: np.random.Generator, values: np.ndarray, max_bits: int) -> np.ndarray:
    out = values.copy()
    counts = rng.integers(0, max_bits + 1, out.size)
    for k in range(max_bits):
        bits = rng.integers(0, 64, out.size).astype(np.uint64)
        out = np.where(counts > k, out ^ (np.uint64(1) << bits), out)
    return out


PASTED_SHARE = 0.05  # images whose outer box differs from their box (images.hashing)


def catalog(rng: np.random.Generator, n: int, turns: bool = True) -> HashArrays:
    """n images: random hashes, the last 1 % near copies of earlier ones.

    With `turns`, each image also has its 4 turned box hashes (images.hashing.TURN_COLUMNS):
    its own box hashes with 0-10 bits flipped, as the turned hashes of real photos lie 2-10
    bits from their plain box hash.
    """
    planted = n // 100
    arrays = [biased_hashes(rng, n) for _ in range(6)]   # box x4, whole frame x2
    source = rng.integers(0, n - planted, planted)
    for k, a in enumerate(arrays):
        a[n - planted:] = flip(rng, a[source], 4 if k % 2 == 0 else 3)
    color = rng.integers(0, 2**48, n, dtype=np.int64).astype(np.uint64)
    color[n - planted:] = color[source]
    turn_p = np.stack([flip(rng, arrays[0], 10) for _ in range(4)], axis=1) if turns else None
    turn_d = np.stack([flip(rng, arrays[1], 10) for _ in range(4)], axis=1) if turns else None
    # The outer box: the box itself, except on photos pasted on a canvas (PASTED_SHARE)
    outer_p, outer_d = arrays[0].copy(), arrays[1].copy()
    pasted = np.flatnonzero(rng.random(n) < PASTED_SHARE)
    outer_p[pasted], outer_d[pasted] = biased_hashes(rng, pasted.size), biased_hashes(rng, pasted.size)
    return HashArrays(arrays[0], arrays[1], arrays[2], arrays[3], color, arrays[4], arrays[5], turn_p, turn_d,
                      outer_p, outer_d)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario_catalog(n: int, sample: int, turns: bool) -> dict:
    rng = np.random.default_rng(1)
    hashes = catalog(rng, n, turns)
    base_mb = peak_mb()
    t, cpu = time.perf_counter(), time.process_time()
    pairs = near_duplicates(hashes, score.AT_CUTOFF)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    search_mb = peak_mb()   # before the baseline, whose distance tiles would dominate
    t = time.perf_counter()
    brute_force_pairs(hashes.phash[:sample], hashes.phash[:sample], score.search_radius(score.AT_CUTOFF))
    brute_force_pairs(hashes.phash_mirror[:sample], hashes.phash[:sample], score.search_radius(score.AT_CUTOFF))
    brute = (time.perf_counter() - t) * (n / sample) ** 2
    return {"scenario": f"near-duplicates in {n:,} catalog hashes" + ("" if turns else " (no turned hashes)"), "seconds": round(elapsed, 1), "cpu_seconds": round(cpu, 1),
            "pairs_found": pairs.height, "planted": n // 100,
            "brute_force_seconds_extrapolated": round(brute, 1), "speedup": round(brute / elapsed, 1),
            "peak_mb": round(search_mb), "peak_mb_before_search": round(base_mb)}


def scenario_reference(queries: int, references: int, sample: int, turns: bool) -> dict:
    rng = np.random.default_rng(2)
    catalog_hashes = catalog(rng, queries, turns)
    variants = references * VARIANTS_PER_REFERENCE
    ref_phash = biased_hashes(rng, variants)
    ref_dhash = biased_hashes(rng, variants)
    owner = np.repeat(np.arange(references), VARIANTS_PER_REFERENCE)
    # 1 % of the catalog are copies of a reference image (its variant 0, a few bits flipped).
    copies = queries // 100
    target = rng.integers(0, references, copies)
    catalog_hashes.phash[:copies] = flip(rng, ref_phash[target * VARIANTS_PER_REFERENCE], 4)
    catalog_hashes.dhash[:copies] = flip(rng, ref_dhash[target * VARIANTS_PER_REFERENCE], 3)
    ref_color = rng.integers(0, 2**48, references, dtype=np.int64).astype(np.uint64)
    catalog_hashes.color[:copies] = ref_color[target]
    refs = ReferenceHashes(ref_color, owner, ref_phash, ref_dhash)
    base_mb = peak_mb()
    t, cpu = time.perf_counter(), time.process_time()
    found = match_references(catalog_hashes, refs, score.AT_CUTOFF)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    search_mb = peak_mb()
    t = time.perf_counter()
    brute_force_pairs(catalog_hashes.phash[:sample], ref_phash, score.search_radius(score.AT_CUTOFF))
    brute_force_pairs(catalog_hashes.phash_mirror[:sample], ref_phash, score.search_radius(score.AT_CUTOFF))
    brute = (time.perf_counter() - t) * queries / sample
    return {"scenario": f"{queries:,} catalog x {references:,} reference images ({variants:,} hashes)"
                        + ("" if turns else " (no turned query hashes)"),
            "seconds": round(elapsed, 1), "cpu_seconds": round(cpu, 1), "matches_found": found.height, "planted": copies,
            "brute_force_seconds_extrapolated": round(brute, 1), "speedup": round(brute / elapsed, 1),
            "peak_mb": round(search_mb), "peak_mb_before_search": round(base_mb)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--references", type=int, default=100_000)
    parser.add_argument("--only", choices=["catalog", "reference"])
    parser.add_argument("--no-turns", action="store_true",
                        help="catalog images without turned box hashes (the cost before they existed)")
    parser.add_argument("--compare", action="store_true",
                        help="run every scenario without and with the turned hashes")
    args = parser.parse_args()
    turns = not args.no_turns
    if args.only == "catalog":
        print(json.dumps(scenario_catalog(args.catalog, sample=min(args.catalog, 20_000), turns=turns)))
        return
    if args.only == "reference":
        print(json.dumps(scenario_reference(args.queries, args.references, sample=min(args.queries, 200), turns=turns)))
        return
    runs = [(only, flag) for only in ("catalog", "reference")
            for flag in ((["--no-turns"], []) if args.compare else (["--no-turns"] if args.no_turns else [],))]
    for only, flag in runs:
        out = subprocess.run([sys.executable, __file__, "--only", only, "--catalog", str(args.catalog),
                              "--queries", str(args.queries), "--references", str(args.references), *flag],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{result.pop('scenario')}:")
        for key, value in result.items():
            print(f"  {key:34s} {value}")


if __name__ == "__main__":
    main()
