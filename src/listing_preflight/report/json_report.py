"""JSON reporter: the stable machine-readable contract (DESIGN §5)."""

from __future__ import annotations

import json
from typing import Any, TextIO

import polars as pl

from .. import __version__
from ..engine import Report

SCHEMA_VERSION = 1

FINDING_KEYS = ("code", "name", "severity", "field", "variant_sku", "row", "message", "value", "evidence")


def build_document(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, every input product included."""
    findings = report.findings
    by_severity = {s: 0 for s in ("error", "warning", "info")}
    by_rule: dict[str, int] = {}
    if not findings.is_empty():
        for sev, n in findings.group_by("severity").len().iter_rows():
            by_severity[sev] = n
        by_rule = dict(sorted(findings.group_by("code").len().iter_rows()))
    verdicts = {v: 0 for v in ("reject-likely", "review-likely", "pass")}
    for verdict, n in report.products.group_by("verdict").len().iter_rows():
        verdicts[verdict] = n

    grouped: dict[str, list[dict[str, Any]]] = {}
    if not findings.is_empty():
        records = findings.select(
            "product_sku", *[c for c in FINDING_KEYS if c != "evidence"],
            pl.col("evidence"),
        ).to_dicts()
        for rec in records:
            sku = rec.pop("product_sku")
            rec["evidence"] = json.loads(rec["evidence"]) if rec["evidence"] else None
            grouped.setdefault(sku, []).append({k: rec[k] for k in FINDING_KEYS})

    products = [
        {"product_sku": sku, "row": row, "verdict": verdict, "risk": risk,
         "findings": grouped.get(sku, [])}
        for sku, row, verdict, risk in report.products.select(
            "product_sku", "row", "verdict", "risk").iter_rows()
    ]
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "listing-preflight", "version": __version__},
        "profile": report.profile,
        "summary": {
            "products": report.stats.products,
            "variants": report.stats.variants,
            "images": report.stats.images,
            "verdicts": verdicts,
            "findings": by_severity,
            "by_rule": by_rule,
        },
        "rules": {
            code: {"name": rule.name, "severity": report.settings[code].severity.label,
                   "summary": rule.summary}
            for code, rule in report.rules.items()
        },
        "products": products,
    }


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the JSON document."""
    # Indented for people on small reports; compact on big ones, where it halves the time.
    indent = 2 if report.stats.products <= 10_000 else None
    json.dump(build_document(report), out, ensure_ascii=False, indent=indent)
    out.write("\n")
