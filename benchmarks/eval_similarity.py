"""Precision / recall of the similarity score on the labelled pair set (calibration + holdout).

    python benchmarks/make_similarity_pairs.py          # once: writes /tmp/preflight-simpairs
    python benchmarks/eval_similarity.py [--pairs /tmp/preflight-simpairs/pairs.csv]
    python benchmarks/eval_similarity.py --split calibration   # while choosing anything

Every image goes through the catalog decode path (images.decode.decode -> extract.hash_input ->
hashing.compute_hashes); the first image of a pair is also treated as a reference image
(hashing.crop_variants), as `preflight index build` does. Two modes are scored:

- reference (SIM001): catalog image b against reference image a with its cropped variants;
- catalog (SIM002, SIM003, IMG010): b against a, one hash per image (no variants).

Printed: per pair kind the share scored >= threshold; recall, false-positive rate and
precision at the default threshold per split; a threshold sweep; and the naive baseline
"70 % of whole-frame phash bits equal" for comparison.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from listing_preflight.images.decode import decode
from listing_preflight.images.extract import hash_sources
from listing_preflight.images.hashing import TURN_COLUMNS, compute_hashes, crop_variants
from listing_preflight.similarity import score
from listing_preflight.similarity.matching import HashArrays, pair_similarity
from listing_preflight.similarity.search import hamming

MAX_PIXELS = 100_000_000


def features(path: str) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Catalog hashes and reference variants of one image file."""
    work = decode(Path(path).read_bytes(), max_pixels=MAX_PIXELS).rgb
    rgb, fine = hash_sources(work)  # as extract.py does
    return compute_hashes(rgb, fine), crop_variants(rgb, fine)


def arrays(feats: list[dict[str, int]]) -> HashArrays:
    def col(name: str) -> np.ndarray:
        return np.array([f[name] for f in feats], dtype=np.uint64)

    turns = [np.stack([col(pair[k]) for pair in TURN_COLUMNS], axis=1) for k in (0, 1)]
    return HashArrays(col("img_crop_phash"), col("img_crop_dhash"), col("img_crop_phash_mirror"),
                      col("img_crop_dhash_mirror"), col("img_color"), col("img_phash"), col("img_dhash"),
                      *turns, col("img_outer_phash"), col("img_outer_dhash"))


def reference_scores(query: HashArrays, variants: list[list[tuple[int, int]]], ref_color: np.ndarray) -> np.ndarray:
    """Score of pair k: query k against reference k's best cropped variant and orientation."""
    counts = np.array([len(v) for v in variants])
    owner = np.repeat(np.arange(len(variants)), counts)
    vp = np.array([p for v in variants for p, _ in v], dtype=np.uint64)
    vd = np.array([d for v in variants for _, d in v], dtype=np.uint64)
    plain = score.structure_units(hamming(query.phash[owner], vp), hamming(query.dhash[owner], vd))
    mirror = score.structure_units(hamming(query.phash_mirror[owner], vp), hamming(query.dhash_mirror[owner], vd))
    best = np.full(len(variants), np.inf)
    np.minimum.at(best, owner, np.minimum(plain, mirror))
    if query.turn_phash is not None:  # the query's turned boxes too, as match_references does
        for t in range(query.turn_phash.shape[1]):
            turned = score.structure_units(hamming(query.turn_phash[owner, t], vp),
                                           hamming(query.turn_dhash[owner, t], vd))
            np.minimum.at(best, owner, turned)
    return score.similarity(best, score.colour_distance(ref_color, query.color))


def report(title: str, labels: np.ndarray, sims: np.ndarray, kinds: list[str], splits: np.ndarray,
           threshold: float) -> None:
    print(f"\n== {title} (threshold {threshold:.2f}) ==")
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for kind, label, s in zip(kinds, labels, sims):
        group = ("derived: " + ("combination" if "+" in kind else kind)) if label else "unrelated: " + kind
        by_kind[group].append(s >= threshold)
    for group, hits in sorted(by_kind.items()):
        print(f"  {group:44s} n={len(hits):5d}  scored >= threshold: {100 * np.mean(hits):5.1f} %")
    for split in ("calibration", "holdout", "all"):
        sel = np.ones(labels.size, bool) if split == "all" else splits == split
        pos, neg = labels[sel] == 1, labels[sel] == 0
        hit = sims[sel] >= threshold
        tp, fp = int((hit & pos).sum()), int((hit & neg).sum())
        recall = tp / max(1, int(pos.sum()))
        fpr = fp / max(1, int(neg.sum()))
        precision = tp / max(1, tp + fp)
        print(f"  {split:12s} positives={int(pos.sum()):5d} negatives={int(neg.sum()):5d}  "
              f"recall={100 * recall:5.1f} %  false-positive rate={100 * fpr:5.2f} %  "
              f"precision={100 * precision:5.1f} %")


def sweep(labels: np.ndarray, sims: np.ndarray) -> None:
    print("  sweep:", "  ".join(
        f"{t:.2f}: R {100 * (sims[labels == 1] >= t).mean():4.1f} / FP {100 * (sims[labels == 0] >= t).mean():4.2f}"
        for t in (0.6, 0.65, 0.7, 0.75, 0.8)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=Path("/tmp/preflight-simpairs/pairs.csv"))
    parser.add_argument("--threshold", type=float, default=score.AT_CUTOFF)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-turns", action="store_true",
                        help="catalog mode without the turned box hashes (for comparison)")
    parser.add_argument("--query-turns", action="store_true",
                        help="reference mode also queries with the catalog image's turned boxes")
    parser.add_argument("--split", choices=["calibration", "holdout"],
                        help="score one half only: the per-kind lines cover both halves otherwise, "
                             "so choosing anything on them reads the holdout")
    args = parser.parse_args()
    if not args.pairs.exists():
        sys.exit(f"{args.pairs} not found: run benchmarks/make_similarity_pairs.py first")
    rows = [r for r in csv.DictReader(args.pairs.open()) if args.split in (None, r["split"])]
    files = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    with ProcessPoolExecutor(args.jobs) as pool:
        computed = dict(zip(files, pool.map(features, files, chunksize=16)))
    a_feats = [computed[r["a"]][0] for r in rows]
    b_feats = [computed[r["b"]][0] for r in rows]
    a, b = arrays(a_feats), arrays(b_feats)
    if args.no_turns:
        a.turn_phash = a.turn_dhash = b.turn_phash = b.turn_dhash = None
    ref_query = b if args.query_turns else HashArrays(b.phash, b.dhash, b.phash_mirror, b.dhash_mirror, b.color)
    labels = np.array([int(r["label"]) for r in rows])
    kinds = [r["kind"] for r in rows]
    splits = np.array([r["split"] for r in rows])
    print(f"{len(files)} images, {len(rows)} labelled pairs ({int(labels.sum())} derived copies)")

    ref = reference_scores(ref_query, [computed[r["a"]][1] for r in rows], a.color)
    report("reference mode: SIM001 brand-image-match", labels, ref, kinds, splits, args.threshold)
    sweep(labels, ref)
    cat = pair_similarity(a, b)
    report("catalog mode: SIM002 / SIM003 / IMG010", labels, cat, kinds, splits, args.threshold)
    sweep(labels, cat)
    naive = 1 - hamming(np.array([f["img_phash"] for f in a_feats], np.uint64),
                        np.array([f["img_phash"] for f in b_feats], np.uint64)) / 64
    report("naive baseline: whole-frame phash, 1 - distance/64", labels, naive, kinds, splits, 0.70)


if __name__ == "__main__":
    main()
