"""Time the whole `preflight check` on generated catalogs; print rows/s and peak memory.

    python benchmarks/run_check.py                 # 10k and 100k rows
    python benchmarks/run_check.py --sizes 1000000 # the 1M-row figure

The baseline measured in the same run is polars merely reading the same CSV (all columns as
strings), timed from outside like the check: the ratio check/read says what the whole
pipeline costs on top of start-up and parsing. Image feature rules
(which would need the image files) and similarity are left out with --ignore; text, price and
catalog rules all run. Each check runs in a fresh subprocess so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

# Rules that need image files on disk or a reference index; this benchmark has neither.
IGNORE = "IMG002,IMG003,IMG004,IMG005,IMG006,IMG007,IMG008,IMG009,IMG010,IMG011,IMG012,IMG013,SIM"

# The baseline: a fresh interpreter that imports polars and reads the CSV as strings, timed
# from outside like the check itself, so both include interpreter start-up.
MEASURE = "import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False)"


def ensure_catalog(rows: int) -> Path:
    """Generate the catalog once and reuse it."""
    path = DATA / f"catalog-{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate_catalog.py"), "--rows", str(rows),
                        "--out", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def time_child(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run a child process; return wall seconds, peak RSS in MB, and the result.

    The peak is the largest of all children so far (getrusage), so sizes run in ascending order.
    """
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024, result


def main() -> None:
    """Run the benchmark for each size and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    print(f"{'rows':>9} {'read s':>8} {'check s':>8} {'rows/s':>10} {'check/read':>10} "
          f"{'peak MB':>8} {'findings':>9}")
    for rows in sorted(args.sizes):
        path = ensure_catalog(rows)
        read_s, _, _ = time_child([sys.executable, "-c", MEASURE, str(path)])
        out = DATA / f"report-{rows}.json"
        seconds, peak, result = time_child(
            [sys.executable, "-m", "listing_preflight", "check", str(path), "--ignore", IGNORE,
             "--format", "json", "--output", str(out), "--quiet"])
        if result.returncode not in (0, 1):
            print(result.stderr, file=sys.stderr)
            raise SystemExit(result.returncode)
        findings = sum(json.loads(out.read_text())["summary"]["findings"].values())
        print(f"{rows:>9} {read_s:>8.2f} {seconds:>8.2f} {rows / seconds:>10.0f} "
              f"{seconds / read_s:>10.1f} {peak:>8.0f} {findings:>9}")


if __name__ == "__main__":
    main()
