"""Text reporter: findings grouped by product, worst products first, then a summary."""

from __future__ import annotations

from typing import Any, TextIO

import polars as pl

from ..i18n import LANGUAGES, _t, translator
from ..i18n.labels import SEVERITY_LABELS, VERDICT_LABELS
from ..results import Report

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m",
           "reject-likely": "\033[1;31m", "review-likely": "\033[1;33m", "pass": "\033[32m"}
_RESET = "\033[0m"

_ENGLISH = {
    **VERDICT_LABELS, **SEVERITY_LABELS, "risk": _t("risk"),
    "summary": _t("{products} products, {variants} variants, {images} images checked"),
    "verdicts": _t("verdicts: {reject} reject likely, {review} review likely, {passed} pass"),
    "findings": _t("findings: {error} errors, {warning} warnings, {info} info"),
    "clean": _t("no findings"), "row": _t("row"), "skipped": _t("skipped {code}: {why}"),
    "row_n": _t("row {row}"), "location": _t("({source}:{row}, {risk_label} {risk})"),
    "finding": _t("{where}: {message}"),
}
# Labels per language (the HTML reporter reads them too).
LABELS = {lang: {key: translator(lang).gettext(text) for key, text in _ENGLISH.items()}
          for lang in LANGUAGES}


def _one_line(text: str) -> str:
    """Catalog text quoted in a message may hold line breaks; keep one finding per line."""
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _risk(risk: float, lang: str) -> str:
    """English keeps the probability (0.80); Chinese sellers read risk as a percentage."""
    return f"{risk:.2f}" if lang == "en" else f"{risk:.0%}"


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the human-readable report."""
    code = getattr(options, "lang", "en")
    code = code if code in LABELS else "en"
    lang = LABELS[code]
    field_name = translator(code).gettext if code != "en" else str
    color = bool(getattr(options, "color", False))

    def paint(text: str, key: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if color and key in _COLORS else text

    findings = report.findings
    if not findings.is_empty():
        flagged = report.products_worst_first().filter(
            pl.col("product_sku").is_in(findings["product_sku"].unique().implode()))
        groups = findings.partition_by("product_sku", as_dict=True, maintain_order=True)
        for sku, row, source, verdict, risk in flagged.select(
            "product_sku", "row", "source", "verdict", "risk"
        ).iter_rows():
            where_product = lang["location"].format(source=source, row=row,
                                                    risk_label=lang["risk"], risk=_risk(risk, code))
            out.write(f"{paint(lang[verdict], verdict)}  {sku}  {where_product}\n")
            for rec in groups[(sku,)].iter_rows(named=True):
                where = field_name(rec["field"]) if rec["field"] else ""
                if rec["variant_sku"]:
                    where = f"{where} [{rec['variant_sku']}]" if where else f"[{rec['variant_sku']}]"
                sev = paint(f"{lang[rec['severity']]:<7}", rec["severity"])
                at = lang["row_n"].format(row=rec["row"])
                line = lang["finding"].format(where=where, message=_one_line(rec["message"]))
                out.write(f"  {rec['code']} {sev} {at:<10} {line}\n")
            out.write("\n")

    verdicts, severities = report.verdict_counts(), report.severity_counts()
    out.write(lang["summary"].format(products=report.stats.products, variants=report.stats.variants,
                                     images=report.stats.images) + "\n")
    out.write(lang["verdicts"].format(reject=verdicts["reject-likely"],
                                      review=verdicts["review-likely"],
                                      passed=verdicts["pass"]) + "\n")
    out.write(lang["findings"].format(**severities) + "\n")
    for rule, why in report.stats.skipped_rules.items():
        out.write(lang["skipped"].format(code=rule, why=why) + "\n")
