"""10,000 hostile catalogs and configs through read + check + reporters (issue 14, item 9).

Uses the strategies and the oracle of tests/fuzz_catalogs.py (the suite runs a few hundred of
the same examples). Prints, per kind: examples, outcomes (report / exit 2 / exit 3), runs with a
rule that failed (isolated, exit 2), exceptions outside the tool's error classes, records lost.

    python benchmarks/fuzz_catalogs.py                 # 10,000 examples (about 10 minutes)
    python benchmarks/fuzz_catalogs.py --scale 0.1     # 1,000
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

import fuzz_catalogs as fz  # noqa: E402

KINDS = {"csv": (fz.csv_catalog, 5000), "jsonl": (fz.jsonl_catalog, 2500),
         "xlsx": (fz.xlsx_catalog, 1000), "config": (fz.config_text, 1500)}


def _config_case(config: str) -> tuple[bytes, int, str, str]:
    import csv
    import io

    from catalog_factory import rows

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows())
    return buffer.getvalue().encode(), len(rows()) - 1, ".csv", config


def run_kind(kind: str, examples: int) -> dict[str, object]:
    """Run `examples` generated cases of one kind; count outcomes and law breaks."""
    strategy, _ = KINDS[kind]
    stats: collections.Counter[str] = collections.Counter()
    crashes: list[str] = []
    failed_rules: collections.Counter[str] = collections.Counter()
    refusals: collections.Counter[str] = collections.Counter()  # exit 2/3 messages, for a look

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy())
    def one(case) -> None:
        payload, records, suffix, *config = case if kind != "config" else _config_case(case)
        stats["examples"] += 1
        stats["records"] += records
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"catalog{suffix}"
            path.write_bytes(payload)
            config_file = None
            if config:
                config_file = Path(folder) / "c.toml"
                config_file.write_text(config[0], encoding="utf-8")
            try:
                verdict = fz.judge(path, records, config_file)
            except BaseException as exc:  # noqa: BLE001 - counting exactly these is the point
                if isinstance(exc, KeyboardInterrupt):
                    raise
                stats["exceptions"] += 1
                crashes.append("".join(traceback.format_exception_only(type(exc), exc)).strip())
                return
        stats[verdict.outcome] += 1
        if verdict.message:
            refusals[f"{verdict.outcome}: {verdict.message.split(': ', 1)[-1][:90]}"] += 1
        stats["records lost"] += len(verdict.lost)
        if verdict.failed_rules:
            stats["runs with a failed rule"] += 1
            failed_rules.update(f"{code} ({error[:70]})" for code, error in verdict.failed_rules.items())

    one()
    return {"stats": stats, "crashes": crashes[:5], "failed_rules": failed_rules.most_common(5),
            "refusals": refusals.most_common(5)}


def main() -> None:
    """Run every kind and print the table for benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 10,000 examples")
    args = parser.parse_args()
    columns = ["examples", "records", "report", "exit 2", "exit 3", "runs with a failed rule",
               "exceptions", "records lost"]
    print("| kind | " + " | ".join(columns) + " | seconds |")
    print("|---|" + "---:|" * (len(columns) + 1))
    totals: collections.Counter[str] = collections.Counter()
    notes = []
    for kind, (_, examples) in KINDS.items():
        started = time.perf_counter()
        result = run_kind(kind, max(1, int(examples * args.scale)))
        stats = result["stats"]
        totals.update(stats)
        print(f"| {kind} | " + " | ".join(f"{stats[c]:,}" for c in columns)
              + f" | {time.perf_counter() - started:.0f} |", flush=True)
        if result["crashes"]:
            notes.append(f"{kind} exceptions: {result['crashes']}")
        if result["failed_rules"]:
            notes.append(f"{kind} failed rules (isolated): {result['failed_rules']}")
        if result["refusals"]:
            notes.append(f"{kind} commonest exit 2/3 messages: {result['refusals']}")
    print("| **all** | " + " | ".join(f"{totals[c]:,}" for c in columns) + " | |")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
