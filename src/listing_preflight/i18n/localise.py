"""A Report with its user-facing text in another language, for the reporters to render.

Finding messages, skip reasons and notices are translated once per distinct text (a
catalog of 50,000 findings has a few thousand distinct messages); rule codes, values, SKUs,
rows and paths are left exactly as they are. Machine-facing columns (code, severity,
field, evidence) keep their English values: reporters translate labels themselves.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import polars as pl

from . import translate_message, translator
from .matching import matcher

if TYPE_CHECKING:
    from ..results import Report


def localise_report(report: Report, lang: str) -> Report:
    """`report` with messages, skip reasons and notices in `lang` (the same object for 'en')."""
    if lang == "en":
        return report
    findings = report.findings
    if not findings.is_empty() and "message" in findings.columns:
        distinct = findings["message"].drop_nulls().unique().to_list()
        mapping = matcher(lang).translate_many(distinct)
        findings = findings.with_columns(
            pl.col("message").replace_strict(mapping, default=pl.col("message"),
                                             return_dtype=pl.String))
    stats = dataclasses.replace(
        report.stats,
        skipped_rules={code: translate_message(why, code, lang)
                       for code, why in report.stats.skipped_rules.items()})
    notices = [translate_message(n, None, lang) for n in report.notices]
    return dataclasses.replace(report, findings=findings, stats=stats, notices=notices)


def field_label(field: str | None, lang: str) -> str:
    """A catalog field name as the report shows it ('main_image' -> 主图 in zh)."""
    if not field:
        return ""
    if lang == "en":
        return field
    return translator(lang).gettext(field)
