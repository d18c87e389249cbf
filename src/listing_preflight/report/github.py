"""GitHub Actions workflow commands: the worst findings as annotations, then a summary.

`::error file=catalog.csv,line=12,title=TTL002 title-too-long::P-1: the title has 163 ...`
GitHub shows these on the run page and, for files in the repository, on the diff; it shows
only a few per step, so the annotations are capped (worst first, `--max-annotations`) and
the closing notice says how many were left out. When `$GITHUB_STEP_SUMMARY` is set, a
markdown summary (verdicts, findings per rule) is appended to that file for the job page.
Paths are relative to the working directory (the checkout), as GitHub resolves them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from ..i18n import translate_message, translator
from ..results import Report
from .locations import display_path, is_file_source, line_of, place
from .summary import failed_rules

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_RANK = {"error": 0, "warning": 1, "info": 2}


def escape_data(text: str) -> str:
    """Escape a command's message (GitHub toolkit rules: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (also ':' and ',', which separate properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def worst_first(findings: pl.DataFrame) -> pl.DataFrame:
    """Findings by severity (error first), keeping the report's order within one severity."""
    return (findings.with_row_index("_order")
            .with_columns(pl.col("severity").replace_strict(_RANK, default=3).alias("_rank"))
            .sort(["_rank", "_order"]).drop("_rank", "_order"))


def annotation(rec: dict[str, Any], lang: str) -> str:
    """One workflow command for one finding."""
    props = []
    line = None
    if is_file_source(rec["source"]):
        props.append(f"file={escape_property(display_path(rec['source']))}")
        line = line_of(rec["source"], rec["row"])
        if line is not None:
            props.append(f"line={line}")
    props.append(f"title={escape_property(rec['code'] + ' ' + (rec['name'] or ''))}")
    _ = translator(lang).gettext
    where = place(rec, _)
    if line is None:
        where += " (" + _("row {row}").format(row=rec["row"]) + ")"
    message = translate_message(rec["message"] or "", rec["code"], lang)
    command = COMMANDS.get(rec["severity"], "warning")
    return f"::{command} {','.join(props)}::{escape_data(where + _(': ') + message)}\n"


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the worst findings as workflow commands and a closing summary notice."""
    lang = getattr(options, "lang", "en")
    cap = max(0, int(getattr(options, "max_annotations", 50)))
    _ = translator(lang).gettext
    findings = report.findings
    shown = worst_first(findings).head(cap) if not findings.is_empty() else findings
    for rec in shown.to_dicts():
        out.write(annotation(rec, lang))
    for code, error in failed_rules(report).items():  # a rule that failed is never silent
        out.write(f"::error title={escape_property(code + ' rule failed')}::"
                  f"{escape_data(_('rule {code} failed (its findings are missing): {error}').format(code=code, error=error))}\n")
    for code, why in report.stats.skipped_rules.items():  # a rule that did not run, or in part
        out.write(f"::warning title={escape_property(code + ' skipped')}::"
                  f"{escape_data(_('skipped {code}: {why}').format(code=code, why=why))}\n")
    verdicts = report.verdict_counts()
    text = _("{products} products checked: {reject} reject likely, {review} review likely, "
             "{passed} pass; {findings} findings").format(
        products=report.stats.products, reject=verdicts["reject-likely"],
        review=verdicts["review-likely"], passed=verdicts["pass"], findings=findings.height)
    if findings.height > shown.height:
        text += _(" ({hidden} more not annotated: see the full report)").format(
            hidden=findings.height - shown.height)
    if report.baseline_hidden:
        text += _("; the baseline hid {count} findings").format(count=report.baseline_hidden)
    out.write("::notice title=listing-preflight::" + escape_data(text) + "\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        _append(Path(summary_file), step_summary(report, lang))


def step_summary(report: Report, lang: str = "en") -> str:
    """The job summary in GitHub-flavoured markdown: verdicts, then findings per rule."""
    _ = translator(lang).gettext
    verdicts = report.verdict_counts()
    lines = [f"## listing-preflight: {report.stats.products} " + _("products"), "",
             "| " + _("verdict") + " | " + _("products") + " |", "|---|---:|"]
    lines += [f"| {v} | {n} |" for v, n in verdicts.items()]
    findings = report.findings
    if not findings.is_empty():
        lines += ["", "| " + _("rule") + " | " + _("severity") + " | " + _("findings") + " | "
                  + _("products") + " |", "|---|---|---:|---:|"]
        counts = (findings.group_by("code", "name", "severity")
                  .agg(pl.len().alias("n"), pl.col("product_sku").n_unique().alias("p"))
                  .sort(["n", "code"], descending=[True, False]))
        for code, name, severity, n, p in counts.select("code", "name", "severity", "n", "p").iter_rows():
            lines.append(f"| `{code}` {name or ''} | {severity} | {n} | {p} |")
    for code, why in report.stats.skipped_rules.items():
        lines.append("")
        lines.append("- " + _("skipped {code}: {why}").format(code=code, why=why))
    if report.baseline_hidden:
        lines += ["", _("the baseline hid {count} findings").format(count=report.baseline_hidden)]
    return "\n".join(lines) + "\n\n"


def _append(path: Path, text: str) -> None:
    """Append to the step summary file (GitHub collects it after the step)."""
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:  # the annotations are written; say why the summary is not
        sys.stderr.write(f"preflight: note: cannot write the step summary {path}: "
                         f"{exc.strerror or exc}\n")
