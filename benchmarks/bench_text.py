"""Throughput of all text rules (TTL, DSC, TRM, CMP) on 1,000,000 variant rows.

    python benchmarks/bench_text.py [--rows 1000000] [--variants-per-product 1]

The rows are made from the labelled evaluation set (benchmarks/eval_text/eval.jsonl: clean,
tricky and violating listings), each title and description varied with colours, sizes and
numbers so that the text is not 500 strings repeated. With one variant per product (the
default) every row is its own product: the worst case for the product-level text rules.

Prints the time to build the tables, to derive the shared text columns, to run the rules,
the rows/s and the peak RSS; the target is < 60 s for 1,000,000 rows on 2 cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import time
from pathlib import Path

import numpy as np
import polars as pl

from listing_preflight.config import build_config
from listing_preflight.engine import run
from listing_preflight.io import Catalog
from listing_preflight.io.columns import ROW, SOURCE, apply_mapping, resolve_mapping
from listing_preflight.registry import DERIVERS

DATA = Path(__file__).parent / "eval_text" / "eval.jsonl"
COLUMNS = ("title", "description", "brand", "model", "category", "certificates", "dangerous_kind")
COLOURS = ["Black", "White", "Blue", "Red", "Green", "Pink", "Grey", "Beige", "Navy", "Purple", "Yellow", "Brown"]
SIZES = ["S", "M", "L", "XL", "2XL", "36", "38", "40", "42", "One Size", "30 cm", "45 cm", "1m", "2m"]


def make_rows(n: int, per_product: int, seed: int = 7) -> pl.DataFrame:
    """n variant rows sampled from the evaluation listings, varied per row."""
    base = pl.DataFrame([json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line])
    base = base.select([pl.col(c).cast(pl.String) for c in COLUMNS])
    rng = np.random.default_rng(seed)
    pick = pl.Series("i", rng.integers(0, base.height, n))
    rows = base[pick]
    colour = pl.Series(rng.choice(COLOURS, n))
    size = pl.Series(rng.choice(SIZES, n))
    number = pl.Series(rng.integers(1, 10_000, n)).cast(pl.String)
    product = (pl.int_range(n, eager=True) // per_product).cast(pl.String)
    return rows.with_columns(
        pl.concat_str(pl.col("title"), pl.lit(" "), colour, pl.lit(" "), size).alias("title"),
        pl.concat_str(pl.col("description"), pl.lit("\nColour: "), colour, pl.lit("\nSize: "), size,
                      pl.lit("\nItem no. "), number).alias("description"),
        pl.concat_str(pl.lit("P"), product).alias("parent_sku"),
        pl.concat_str(pl.lit("V"), pl.int_range(n, eager=True).cast(pl.String)).alias("variant_sku"),
    )


def main() -> int:
    """Build the rows, run the text rules, print timings, rows/s and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--variants-per-product", type=int, default=1)
    args = parser.parse_args()

    clock = time.perf_counter()
    raw = make_rows(args.rows, args.variants_per_product)
    raw = raw.rename({"parent_sku": "product_sku"}).with_row_index(ROW, offset=2).with_columns(
        pl.col(ROW).cast(pl.Int64), pl.lit("bench.csv").alias(SOURCE))
    headers = [c for c in raw.columns if c not in (ROW, SOURCE)]
    mapping = resolve_mapping(headers)
    catalog = Catalog(frame=apply_mapping(raw, mapping), mappings={"bench.csv": mapping},
                      present=set(mapping.single) | set(mapping.multi))
    built = time.perf_counter() - clock
    config = build_config(flags={"select": ["TTL", "DSC", "TRM", "CMP"]}, discover_from=Path("/"))
    # Time the shared text columns (derived once per run) apart from the rules themselves.
    derive_seconds = []
    deriver = DERIVERS["text"]

    def timed(table, ctx):
        start = time.perf_counter()
        out = deriver.func(table, ctx)
        derive_seconds.append(time.perf_counter() - start)
        return out

    DERIVERS["text"] = dataclasses.replace(deriver, func=timed)

    clock = time.perf_counter()
    cpu = time.process_time()
    report = run(catalog, config)
    total = time.perf_counter() - clock
    cpu = time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = report.stats
    print(f"rows: {args.rows:,} ({stats.products:,} products), generated in {built:.1f} s")
    print(f"rules: {len(report.rules)} text rules, skipped: {stats.skipped_rules or 'none'}")
    # (The engine times the derived text columns together with the rules.)
    for stage, seconds in stats.seconds.items():
        print(f"  {stage:8} {seconds:7.1f} s")
    print(f"  of which shared text columns (derived once): {sum(derive_seconds):.1f} s")
    print(f"total check: {total:.1f} s  ->  {args.rows / total:,.0f} rows/s "
          f"(CPU time {cpu:.1f} s on {os.cpu_count()} cores; 1-min load average {os.getloadavg()[0]:.1f})")
    print(f"findings: {report.findings.height:,}; by rule: "
          + ", ".join(f"{c}={n}" for c, n in report.findings.group_by("code").len().sort("code").iter_rows()))
    print(f"peak RSS: {rss_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
