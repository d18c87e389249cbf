"""Text reporter: findings grouped by product, worst products first, then a summary.

Every place is `file:line` of the physical line where the record starts (CSV records may
span lines), so terminals and editors jump to it; spreadsheets get `file (row N)`.
"""

from __future__ import annotations

from typing import Any, TextIO

import polars as pl

from ..i18n import translate_message, translator
from ..results import Report
from . import text_groups
from .locations import where

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m",
           "reject-likely": "\033[1;31m", "review-likely": "\033[1;33m", "pass": "\033[32m"}
_RESET = "\033[0m"


def labels(lang: str) -> dict[str, str]:
    """Verdict and severity labels in `lang`."""
    _ = translator(lang).gettext
    return {"reject-likely": _("reject likely"), "review-likely": _("review likely"),
            "pass": _("pass"), "error": _("error"), "warning": _("warning"), "info": _("info")}


def _one_line(text: str) -> str:
    """Catalog text quoted in a message may hold line breaks; keep one finding per line."""
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _risk(risk: float, lang: str) -> str:
    """English keeps the probability (0.80); Chinese sellers read risk as a percentage."""
    return f"{risk:.2f}" if lang == "en" else f"{risk:.0%}"


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the human-readable report."""
    lang_code = getattr(options, "lang", "en")
    _ = translator(lang_code).gettext
    lang = labels(lang_code)
    color = bool(getattr(options, "color", False))

    def paint(text: str, key: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if color and key in _COLORS else text

    # Rules that did not run come first: a reader who stops at the first screen must not
    # take "no findings" for "checked and fine".
    failed = report.stats.failed_rules
    for code, why in failed.items():
        out.write(paint(_("FAILED {code} (internal error, its findings are missing): {why}").format(
            code=code, why=why), "error") + "\n")
    for code, why in report.stats.skipped_rules.items():
        out.write(_("skipped {code}: {why}").format(code=code, why=why) + "\n")
    if report.stats.skipped_rules or failed:
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
            # One template per piece of layout: Chinese uses full-width （，） and ：.
            place = _("({where}, risk {risk})").format(where=where(source, row, _),
                                                       risk=f"{risk:.0%}")
            out.write(f"{paint(lang[verdict], verdict)}  {sku}  {place}\n")
            for rec in groups[(sku,)].iter_rows(named=True):
                field = _(rec["field"]) if rec["field"] else ""
                if rec["variant_sku"]:
                    field = f"{field} [{rec['variant_sku']}]" if field else f"[{rec['variant_sku']}]"
                sev = paint(f"{lang[rec['severity']]:<7}", rec["severity"])
                message = translate_message(rec["message"] or "", rec["code"], lang_code)
                # A plain phrase, not a "{field}: {message}" template: the message matcher
                # would apply so generic a template to any English text with a colon.
                # i18n: the separator between a finding's field name and its message
                line = field + _(": ") + _one_line(message)
                out.write(f"  {rec['code']} {sev} {where(rec['source'], rec['row'], _)}  {line}\n")
            out.write("\n")

    verdicts, severities = report.verdict_counts(), report.severity_counts()
    out.write(_("{products} products, {variants} variants, {images} images checked").format(
        products=report.stats.products, variants=report.stats.variants,
        images=report.stats.images) + "\n")
    out.write(_("verdicts: {reject} reject likely, {review} review likely, {passed} pass").format(
        reject=verdicts["reject-likely"], review=verdicts["review-likely"],
        passed=verdicts["pass"]) + "\n")
    out.write(_("findings: {error} errors, {warning} warnings, {info} info").format(**severities)
              + "\n")
    if report.stats.skipped_rules:
        out.write(_("{count} rules not run (listed at the top)").format(
            count=len(report.stats.skipped_rules)) + "\n")
    for code, why in failed.items():
        out.write(_("FAILED {code} (internal error, its findings are missing): {why}").format(
            code=code, why=why) + "\n")
    if report.baseline_hidden:
        out.write(_("the baseline hid {count} findings").format(count=report.baseline_hidden) + "\n")


def statistics(report: Report, out: TextIO, options: Any) -> None:
    """Findings per rule, most first (as `ruff check --statistics`)."""
    findings = report.findings
    if findings.is_empty():
        return
    counts = (findings.group_by("code", "name", "severity").len()
              .sort(["len", "code"], descending=[True, False]))
    width = len(str(counts["len"].max()))
    for code, name, severity, n in counts.select("code", "name", "severity", "len").iter_rows():
        out.write(f"{n:>{width}}  {code}  {severity:<7}  {name or ''}\n")
