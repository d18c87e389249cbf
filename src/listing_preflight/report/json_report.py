"""JSON reporter: the stable machine-readable contract (DESIGN §5)."""

from __future__ import annotations

import json
from typing import Any, TextIO

import polars as pl

from .. import __version__
from ..results import Report

SCHEMA_VERSION = 1

FINDING_KEYS = ("code", "name", "severity", "field", "variant_sku", "row", "message", "value", "evidence")


def _summary(report: Report) -> dict[str, Any]:
    """Everything of the document except the products list."""
    findings = report.findings
    by_rule: dict[str, int] = {}
    if not findings.is_empty():
        by_rule = dict(sorted(findings.group_by("code").len().iter_rows()))
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "listing-preflight", "version": __version__},
        "profile": report.profile,
        "summary": {
            "products": report.stats.products,
            "variants": report.stats.variants,
            "images": report.stats.images,
            "verdicts": report.verdict_counts(),
            "findings": report.severity_counts(),
            "by_rule": by_rule,
        },
        "rules": {
            code: {"name": rule.name, "severity": report.settings[code].severity.label,
                   "summary": rule.summary}
            for code, rule in report.rules.items()
        },
        # A skipped or failed rule is never silent (DESIGN §5): code -> reason / error.
        "skipped": dict(report.stats.skipped_rules),
        "failed": dict(report.stats.failed_rules),
        # What the run wants a reader to know (images root likely wrong, URLs not fetched, ...).
        "notices": list(report.notices),
        # How each catalog's columns were read: canonical field <- source column, per file.
        "columns": ({source: mapping.to_dict() for source, mapping in report.catalog.mappings.items()}
                    if report.catalog is not None else {}),
    }


def _without_closing_brace(expr: pl.Expr) -> pl.Expr:
    return expr.str.strip_suffix("}")


def products_json(report: Report) -> str:
    """The `products` array as JSON text, built by polars (no Python object per finding).

    Every input product is included, in input order, with its findings in report order;
    a finding's `evidence` (already JSON text) is embedded as an object.
    """
    findings = report.findings
    products = report.products.select("product_sku", "row", "verdict", "risk")
    if findings.is_empty():
        listed = products.with_columns(pl.lit("").alias("_findings"))
    else:
        # The struct encoder escapes strings correctly; the evidence object is appended as is.
        finding_text = pl.concat_str(
            _without_closing_brace(
                pl.struct(*[c for c in FINDING_KEYS if c != "evidence"]).struct.json_encode()),
            pl.lit(',"evidence":'),
            pl.col("evidence").fill_null("null"),
            pl.lit("}"),
        )
        grouped = (
            findings.select("product_sku", finding_text.alias("_finding"))
            .group_by("product_sku", maintain_order=True)
            .agg(pl.col("_finding").str.join(","))
        )
        listed = products.join(grouped, on="product_sku", how="left", maintain_order="left").select(
            "product_sku", "row", "verdict", "risk", pl.col("_finding").fill_null("").alias("_findings"))
    product_text = pl.concat_str(
        _without_closing_brace(pl.struct("product_sku", "row", "verdict", "risk").struct.json_encode()),
        pl.lit(',"findings":['), pl.col("_findings"), pl.lit("]}"),
    )
    return "[" + listed.select(product_text.str.join(",")).item() + "]"


def render_text(report: Report) -> str:
    """The whole JSON document as text: indented for small reports, compact for big ones."""
    head = json.dumps(_summary(report), ensure_ascii=False)
    text = head[:-1] + ', "products": ' + products_json(report) + "}"
    # People read small reports; on big ones indentation doubles the time and the size.
    if report.stats.products <= 10_000:
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    return text


def build_document(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (the same document `render` writes)."""
    return json.loads(render_text(report))


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the JSON document."""
    out.write(render_text(report))
    out.write("\n")
