"""Precision and recall of the rejection-reason table that `preflight learn` uses.

Data (our own, hand-labelled): benchmarks/eval_reasons/rejection_reasons.csv holds reason texts as a
seller sees them (Joom's reason names where the policy notes cite them, our own phrasings,
Chinese ERP translations, Russian) with the rule codes / families that predict them (`gold`,
empty when no rule can). The table was tuned on it (development set);
rejection_reasons_holdout.csv was written afterwards and not tuned on (held-out set).
A predicted key counts as correct when it is in the gold set.

    python benchmarks/eval_reason_mapping.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from listing_preflight.calibration import map_reason

DATA = Path(__file__).parent / "eval_reasons"  # labelled sets (committed; data/ is generated)
SETS = {"development": DATA / "rejection_reasons.csv", "held-out": DATA / "rejection_reasons_holdout.csv"}


def main() -> None:
    """Evaluate both sets."""
    for name, path in SETS.items():
        print(f"[{name}] ", end="")
        evaluate(path)


def evaluate(path: Path) -> None:
    """Print micro-averaged precision/recall over keys, and the reasons mapped wrongly."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    tp = fp = fn = exact = 0
    wrong = []
    for row in rows:
        gold = set(row["gold"].split())
        got = set(map_reason(row["reason"]))
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        exact += gold == got
        if gold != got:
            wrong.append((row["reason"], sorted(gold), sorted(got)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"{len(rows)} labelled reasons: key precision {precision:.3f}, key recall {recall:.3f}, "
          f"exactly right {exact}/{len(rows)}")
    for reason, gold, got in wrong:
        print(f"  {reason!r}: gold {gold} got {got}")


if __name__ == "__main__":
    main()
