"""Precision/recall of the text rules on the labelled evaluation set (benchmarks/eval_text/).

    python benchmarks/eval_text/make_eval.py   # (re)generate eval.jsonl
    python benchmarks/eval_text.py [--holdout] [--show-errors]

Prints, per rule: true positives, false positives, false negatives, precision and recall over
listings; then the false-positive rate on clean listings (share of clean/tricky listings with
any text-rule finding) and recall over all labelled violations. Targets: recall >= 95 %,
false-positive rate <= 1 %.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import polars as pl

from listing_preflight.api import check_rows

HERE = Path(__file__).parent
DATA = HERE / "eval_text" / "eval.jsonl"
FAMILIES = ("TTL", "DSC", "TRM", "CMP")
# TTL001/TTL002 (presence, length) predate this set and are not labelled in it.
UNLABELLED = {"TTL001", "TTL002"}
COLUMNS = ("product_sku", "variant_sku", "title", "description", "brand", "model", "category",
           "certificates", "dangerous_kind")


def main() -> int:
    """Run the text rules over the evaluation set and print the scores."""
    show = "--show-errors" in sys.argv
    holdout = "--holdout" in sys.argv
    data = DATA.with_name("holdout.jsonl") if holdout else DATA
    # The held-out set has titles only: it scores the title-level families.
    families = ["TTL", "TRM"] if holdout else list(FAMILIES)
    listings = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    rows = [{c: r.get(c) for c in COLUMNS} for r in listings]
    report = check_rows(rows, select=families)
    found = (
        report.findings.filter(~pl.col("code").is_in(list(UNLABELLED)))
        .group_by("product_sku").agg(pl.col("code").unique(), pl.col("message"))
    )
    got = {r["product_sku"]: set(r["code"]) for r in found.iter_rows(named=True)}
    messages = {r["product_sku"]: r["message"] for r in found.iter_rows(named=True)}
    tp, fp, fn = Counter(), Counter(), Counter()
    clean_total = clean_fp = 0
    errors = []
    for r in listings:
        expected, actual = set(r["expected"]), got.get(r["product_sku"], set())
        for code in expected & actual:
            tp[code] += 1
        for code in actual - expected:
            fp[code] += 1
        for code in expected - actual:
            fn[code] += 1
        if r["kind"] in ("clean", "tricky"):
            clean_total += 1
            clean_fp += bool(actual)
        if expected != actual:
            errors.append((r, expected, actual))
    codes = sorted(set(tp) | set(fp) | set(fn))
    print(f"{len(listings)} listings ({clean_total} clean incl. tricky, {len(listings) - clean_total} with violations)")
    print(f"{'rule':7} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for code in codes:
        p = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else float("nan")
        rc = tp[code] / (tp[code] + fn[code]) if tp[code] + fn[code] else float("nan")
        print(f"{code:7} {tp[code]:4d} {fp[code]:4d} {fn[code]:4d} {p:10.3f} {rc:8.3f}")
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"overall precision {all_tp / max(1, all_tp + all_fp):.3f}, recall {all_tp / max(1, all_tp + all_fn):.3f}")
    print(f"false-positive rate on clean listings: {clean_fp}/{clean_total} = {clean_fp / max(1, clean_total):.3%}")
    if show:
        for r, expected, actual in errors:
            print(f"\n{r['product_sku']} [{r['kind']}] expected {sorted(expected)} got {sorted(actual)}: {r['title']}")
            for m in messages.get(r["product_sku"], []):
                print("   ", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
