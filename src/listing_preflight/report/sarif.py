"""SARIF 2.1.0 reporter, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Every enabled rule is a `tool.driver.rules` entry; every finding is a result pointing at the
catalog file (and its line when the file has lines: CSV/TSV/JSONL, not XLSX/Parquet) and,
logically, at the product SKU (and variant SKU). `partialFingerprints` carry the same
row-independent fingerprint as `preflight baseline`, so dashboards track a finding across
re-sorted exports.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .. import __version__
from ..baseline import with_fingerprints
from ..i18n import translate_message
from ..results import Report
from .locations import artifact_uri, is_file_source, line_of

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule_entry(code: str, report: Report) -> dict[str, Any]:
    rule = report.rules[code]
    settings = report.settings.get(code)
    severity = settings.severity.label if settings else rule.severity.label
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "help": {"text": f"{rule.doc or rule.summary}\n\nRun `preflight explain {code}` for options."},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {"tags": [rule.group], "review-only": rule.review_only},
    }


def _location(rec: dict[str, Any]) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if is_file_source(rec["source"]):
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(rec["source"])}}
        line = line_of(rec["source"], rec["row"])
        if line is not None:
            physical["region"] = {"startLine": line}
        location["physicalLocation"] = physical
    name = rec["product_sku"]
    qualified = name + (f"/{rec['variant_sku']}" if rec["variant_sku"] else "")
    if rec["field"]:
        qualified += f"#{rec['field']}"
    location["logicalLocations"] = [{
        "name": rec["variant_sku"] or name,
        "fullyQualifiedName": qualified,
        "kind": "object",
    }]
    return location


def build_document(report: Report, lang: str = "en") -> dict[str, Any]:
    """The SARIF log as JSON-ready data."""
    codes = list(report.rules)
    extra = [] if report.findings.is_empty() else sorted(
        set(report.findings["code"].unique().to_list()) - set(codes))
    index = {code: i for i, code in enumerate(codes)}
    results = []
    if not report.findings.is_empty():
        for rec in with_fingerprints(report.findings).to_dicts():
            result: dict[str, Any] = {
                "ruleId": rec["code"],
                "level": LEVELS.get(rec["severity"], "warning"),
                "message": {"text": translate_message(rec["message"] or "", rec["code"], lang)},
                "locations": [_location(rec)],
                "partialFingerprints": {"preflightFinding/v1": rec["fingerprint"]},
                "properties": {
                    "product_sku": rec["product_sku"],
                    "variant_sku": rec["variant_sku"],
                    "row": rec["row"],
                    "field": rec["field"],
                    "severity": rec["severity"],
                },
            }
            if rec["code"] in index:
                result["ruleIndex"] = index[rec["code"]]
            if rec["value"] is not None:
                result["properties"]["value"] = rec["value"]
            if rec["evidence"]:
                result["properties"]["evidence"] = json.loads(rec["evidence"])
            results.append(result)
    artifacts = sorted({r["source"] for r in report.products.select("source").to_dicts()
                        if is_file_source(r["source"])})
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "listing-preflight",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_entry(c, report) for c in codes]
                + [{"id": c, "shortDescription": {"text": c}} for c in extra],
            }},
            "artifacts": [{"location": {"uri": artifact_uri(a)}} for a in artifacts],
            "invocations": [_invocation(report)],
            "results": results,
            "properties": {
                "profile": report.profile,
                "products": report.stats.products,
                "variants": report.stats.variants,
                "images": report.stats.images,
            },
        }],
    }


def _invocation(report: Report) -> dict[str, Any]:
    """SARIF invocation: not successful when a rule failed; each failed or skipped rule is a
    notification (error / note), so a rule that did not run is never silent."""
    failed = report.stats.failed_rules
    return {
        "executionSuccessful": not failed,
        "toolExecutionNotifications": [
            {"level": "error", "descriptor": {"id": code},
             "message": {"text": f"rule {code} failed: {error}"}}
            for code, error in failed.items()
        ] + [
            {"level": "note", "descriptor": {"id": code},
             "message": {"text": f"rule {code} not run: {why}"}}
            for code, why in report.stats.skipped_rules.items()
        ],
    }


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the SARIF log."""
    json.dump(build_document(report, getattr(options, "lang", "en")), out, ensure_ascii=False, indent=2)
    out.write("\n")
