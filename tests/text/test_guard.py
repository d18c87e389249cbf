"""Rules are polars expressions: no per-row Python in src/listing_preflight/rules/."""

from __future__ import annotations

import re
from pathlib import Path

import listing_preflight

RULES = Path(listing_preflight.__file__).parent / "rules"
FORBIDDEN = re.compile(r"\b(iter_rows|map_elements|map_rows|apply)\s*\(|\.apply\b|\bfor\s+\w+\s+in\s+\w+\.(rows|iter_rows)\b")


def test_no_row_iteration_in_rule_modules() -> None:
    offenders = []
    for path in sorted(RULES.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if FORBIDDEN.search(code):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "rule modules must not iterate rows in Python:\n" + "\n".join(offenders)


def test_guard_catches_a_violation(tmp_path) -> None:
    sample = "df.select(pl.col('t').map_elements(len))\nfor r in frame.iter_rows(): pass\n"
    assert FORBIDDEN.search(sample.splitlines()[0]) and FORBIDDEN.search(sample.splitlines()[1])
