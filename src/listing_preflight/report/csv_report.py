"""CSV reporter: one row per finding, for spreadsheets and scripts."""

from __future__ import annotations

from typing import Any, TextIO

import polars as pl

from ..results import Report

COLUMNS = ("source", "row", "product_sku", "variant_sku", "code", "name", "severity", "field",
           "message", "value", "evidence")

# A cell a spreadsheet would execute as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`,
# and tab / carriage return, which some spreadsheets strip before looking for those.
FORMULA_START = r"^[=+\-@\t\r]"


def neutralise(column: str) -> pl.Expr:
    """The text column with a leading apostrophe where a spreadsheet would run it as a formula."""
    col = pl.col(column)
    return (pl.when(col.str.contains(FORMULA_START))
            .then(pl.concat_str(pl.lit("'"), col)).otherwise(col).alias(column))


def not_run_rows(report: Report) -> pl.DataFrame:
    """One row per rule that failed internally or was skipped (severity 'failed' / 'skipped'),
    so that a CSV reader sees which rules did not check anything."""
    failed, skipped = report.stats.failed_rules, report.stats.skipped_rules
    codes = [*failed, *skipped]
    rules = report.rules
    return pl.DataFrame(
        {"code": codes, "name": [rules[c].name if c in rules else None for c in codes],
         "severity": ["failed"] * len(failed) + ["skipped"] * len(skipped),
         "message": [f"rule failed, its findings are missing: {e}" for e in failed.values()]
         + [f"rule not run: {why}" for why in skipped.values()]},
        schema={"code": pl.String, "name": pl.String, "severity": pl.String, "message": pl.String},
    )


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the findings as CSV (UTF-8, header row, RFC 4180 quoting, formulas neutralised)."""
    table = report.findings.select(COLUMNS)
    if report.stats.failed_rules or report.stats.skipped_rules:
        table = pl.concat([table, not_run_rows(report)], how="diagonal_relaxed").select(COLUMNS)
    text_columns = [c for c, t in table.schema.items() if t == pl.String]
    out.write(table.with_columns(neutralise(c) for c in text_columns).write_csv())
