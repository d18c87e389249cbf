"""Text reporter: findings grouped by product, worst products first, then a summary."""

from __future__ import annotations

from typing import Any, TextIO

import polars as pl

from ..results import Report
from . import text_groups

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m",
           "reject-likely": "\033[1;31m", "review-likely": "\033[1;33m", "pass": "\033[32m"}
_RESET = "\033[0m"

LABELS = {
    "en": {"reject-likely": "reject likely", "review-likely": "review likely", "pass": "pass",
           "error": "error", "warning": "warning", "info": "info", "risk": "risk",
           "summary": "{products} products, {variants} variants, {images} images checked",
           "verdicts": "verdicts: {reject} reject likely, {review} review likely, {passed} pass",
           "findings": "findings: {error} errors, {warning} warnings, {info} info",
           "clean": "no findings", "row": "row", "skipped": "skipped {code}: {why}",
           "skipped_count": "{count} rules not run (listed at the top)"},
    "zh": {"reject-likely": "可能被拒", "review-likely": "可能人工审核", "pass": "通过",
           "error": "错误", "warning": "警告", "info": "提示", "risk": "风险",
           "summary": "已检查 {products} 个产品、{variants} 个变体、{images} 张图片",
           "verdicts": "结论：{reject} 个可能被拒，{review} 个可能人工审核，{passed} 个通过",
           "findings": "问题：{error} 个错误，{warning} 个警告，{info} 个提示",
           "clean": "没有发现问题", "row": "行", "skipped": "已跳过 {code}：{why}",
           "skipped_count": "{count} 条规则未运行（见开头）"},
}


def _one_line(text: str) -> str:
    """Catalog text quoted in a message may hold line breaks; keep one finding per line."""
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the human-readable report."""
    lang = LABELS.get(getattr(options, "lang", "en"), LABELS["en"])
    color = bool(getattr(options, "color", False))

    def paint(text: str, key: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if color and key in _COLORS else text

    # Rules that did not run come first: a reader who stops at the first screen must not
    # take "no findings" for "checked and fine".
    for code, why in report.stats.skipped_rules.items():
        out.write(lang["skipped"].format(code=code, why=why) + "\n")
    if report.stats.skipped_rules:
        out.write("\n")
    # Thousands of identical IMG002 lines (a wrong --images folder) become one block.
    findings, grouped = text_groups.split(report.findings)
    text_groups.render(grouped, out)
    if not findings.is_empty():
        flagged = report.products_worst_first().filter(
            pl.col("product_sku").is_in(findings["product_sku"].unique().implode()))
        groups = findings.partition_by("product_sku", as_dict=True, maintain_order=True)
        for sku, row, source, verdict, risk in flagged.select(
            "product_sku", "row", "source", "verdict", "risk"
        ).iter_rows():
            out.write(f"{paint(lang[verdict], verdict)}  {sku}  ({source}:{row}, "
                      f"{lang['risk']} {risk:.2f})\n")
            for rec in groups[(sku,)].iter_rows(named=True):
                where = rec["field"] or ""
                if rec["variant_sku"]:
                    where = f"{where} [{rec['variant_sku']}]" if where else f"[{rec['variant_sku']}]"
                sev = paint(f"{lang[rec['severity']]:<7}", rec["severity"])
                out.write(f"  {rec['code']} {sev} {lang['row']} {rec['row']:<6} {where}: {_one_line(rec['message'])}\n")
            out.write("\n")

    verdicts, severities = report.verdict_counts(), report.severity_counts()
    out.write(lang["summary"].format(products=report.stats.products, variants=report.stats.variants,
                                     images=report.stats.images) + "\n")
    out.write(lang["verdicts"].format(reject=verdicts["reject-likely"],
                                      review=verdicts["review-likely"],
                                      passed=verdicts["pass"]) + "\n")
    out.write(lang["findings"].format(**severities) + "\n")
    if report.stats.skipped_rules:
        out.write(lang["skipped_count"].format(count=len(report.stats.skipped_rules)) + "\n")
