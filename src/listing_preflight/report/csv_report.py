"""CSV reporter: one row per finding, for spreadsheets and scripts."""

from __future__ import annotations

from typing import Any, TextIO

from ..results import Report

COLUMNS = ("source", "row", "product_sku", "variant_sku", "code", "name", "severity", "field",
           "message", "value", "evidence")


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the findings as CSV (UTF-8, header row, RFC 4180 quoting)."""
    out.write(report.findings.select(COLUMNS).write_csv())
