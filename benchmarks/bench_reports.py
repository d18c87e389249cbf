"""Throughput of the reporters and of `plan` on one checked catalog, as ratios to JSON.

    python benchmarks/bench_reports.py --rows 100000

Generates a deterministic Joom-template catalog (benchmarks/generate_catalog.py), runs the
text/price/catalog rules once (no images: the point is the reporters), then renders every
format to a file and times it; JSON is the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_catalog import generate  # noqa: E402

from listing_preflight.config import build_config  # noqa: E402
from listing_preflight.engine import run  # noqa: E402
from listing_preflight.io import read_catalog  # noqa: E402
from listing_preflight.report import RenderOptions, formats, render  # noqa: E402

RULES = ["TTL", "PRC", "CAT", "IMG001"]


def main() -> None:
    """Print seconds, rows/s and the ratio to the JSON reporter for each format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.csv"
        generate(args.rows).write_csv(path)
        config = build_config(flags={"select": RULES}, discover_from=Path("/"))
        clock = time.perf_counter()
        report = run(read_catalog([path], config.columns), config)
        check_seconds = time.perf_counter() - clock
        print(f"{args.rows} rows, {report.findings.height} findings, "
              f"{report.stats.products} products; check {check_seconds:.2f} s")
        times = {}
        for fmt in ["json", *[f for f in formats() if f != "json"]]:
            clock = time.perf_counter()
            render(report, fmt, str(Path(tmp) / f"out.{fmt}"), RenderOptions())
            times[fmt] = time.perf_counter() - clock
            size = (Path(tmp) / f"out.{fmt}").stat().st_size
            print(f"  {fmt:<7} {times[fmt]:7.2f} s  {args.rows / times[fmt]:>10,.0f} rows/s  "
                  f"{times[fmt] / times['json']:5.2f}x json  {size / 1e6:7.1f} MB")
        from click.testing import CliRunner

        from listing_preflight.cli import main as cli

        clock = time.perf_counter()
        result = CliRunner().invoke(cli, ["plan", str(path), "--out", str(Path(tmp) / "plan"),
                                          "--no-check", "-q"])
        assert result.exit_code == 0, result.output
        print(f"  plan (--no-check, read + split + write 3 CSVs) {time.perf_counter() - clock:.2f} s")


if __name__ == "__main__":
    main()
