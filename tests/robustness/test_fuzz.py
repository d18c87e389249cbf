"""Fuzzing in the normal run: hostile catalogs and configs never crash and never lose a record.

A few hundred generated examples here (about 15 s); benchmarks/fuzz_catalogs.py runs 10,000.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_catalogs import config_text, csv_catalog, judge, jsonl_catalog, xlsx_catalog
from hypothesis import HealthCheck, given, settings

def fast(examples: int) -> settings:
    """Deterministic (derandomized), no per-example deadline: runs read and check files."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _judge(payload: bytes, records: int, suffix: str, config: str | None = None):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalog{suffix}"
        path.write_bytes(payload)
        config_file = None
        if config is not None:
            config_file = Path(folder) / "c.toml"
            config_file.write_text(config, encoding="utf-8")
        return judge(path, records, config_file)


@fast(100)
@given(csv_catalog())
def test_csv_exports_never_crash_and_lose_no_record(case) -> None:
    verdict = _judge(*case)
    assert verdict.outcome != "exit 2", verdict.message
    assert verdict.lost == [], verdict


@fast(60)
@given(jsonl_catalog())
def test_jsonl_exports_never_crash_and_lose_no_record(case) -> None:
    verdict = _judge(*case)
    if verdict.outcome == "exit 3":
        assert "no readable product objects" in verdict.message  # every line was bad
    assert verdict.lost == [], verdict


@fast(25)
@given(xlsx_catalog())
def test_xlsx_exports_never_crash_and_lose_no_record(case) -> None:
    verdict = _judge(*case)
    assert verdict.outcome == "report", verdict.message
    assert verdict.lost == [], verdict


@fast(60)
@given(config_text())
def test_configs_are_accepted_or_refused_in_one_line(config) -> None:
    from catalog_factory import rows

    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows())
    verdict = _judge(buffer.getvalue().encode(), len(rows()) - 1, ".csv", config)
    assert verdict.outcome in ("report", "exit 2")
    assert "\n" not in verdict.message
