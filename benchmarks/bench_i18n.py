"""Cost of `--lang zh`: translating the findings of a large catalog at render time.

    python benchmarks/bench_i18n.py --rows 100000

Generates a catalog (generate_catalog.py), runs the text, price and catalog rules once in
process, then times (1) `localise_report` (every distinct message matched against the
catalog's templates, then mapped back onto the findings) with a cold cache, (2) the same
with the cache warm, and (3) the text report in English and in Chinese. Also counts the
messages that did not change (a message left in English would show here).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    """Print the timings."""
    from generate_catalog import generate

    from listing_preflight.config import build_config
    from listing_preflight.engine import run
    from listing_preflight.i18n.localise import localise_report
    from listing_preflight.i18n.matching import matcher
    from listing_preflight.io import read_catalog
    from listing_preflight.report import RenderOptions
    from listing_preflight.report import text as text_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    out = HERE / "data" / f"catalog-i18n-{args.rows}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    generate(args.rows).write_csv(out)
    config = build_config(config_file=None, flags={"select": ("TTL", "DSC", "TRM", "CMP", "PRC", "CAT")})
    report = run(read_catalog([out], config.columns), config)
    findings = report.findings
    distinct = findings["message"].n_unique()
    print(f"{args.rows:,} variant rows: {findings.height:,} findings, {distinct:,} distinct messages")

    started = time.perf_counter()
    zh = localise_report(report, "zh")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    localise_report(report, "zh")
    warm = time.perf_counter() - started
    same = (zh.findings["message"] == findings["message"]).sum()
    print(f"localise_report zh: {cold:.2f} s cold, {warm:.2f} s warm; "
          f"{same} message(s) unchanged; {len(matcher('zh').templates)} templates")
    for lang in ("en", "zh"):
        buffer = io.StringIO()
        started = time.perf_counter()
        text_report.render(report if lang == "en" else zh, buffer, RenderOptions(lang=lang))
        print(f"text report {lang}: {time.perf_counter() - started:.2f} s, {len(buffer.getvalue()):,} chars")


if __name__ == "__main__":
    main()
