"""GitHub Actions workflow commands: one annotation per finding, then a summary notice.

`::error file=catalog.csv,line=12,title=TTL002 title-too-long::P-1: the title has 163 ...`
GitHub shows these on the run page and, for files in the repository, on the diff.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..results import Report
from .locations import is_file_source, line_of, place

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (GitHub toolkit rules: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (also ':' and ',', which separate properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write one workflow command per finding and a closing summary notice."""
    findings = report.findings
    for rec in findings.to_dicts():
        props = []
        line = None
        if is_file_source(rec["source"]):
            props.append(f"file={escape_property(rec['source'])}")
            line = line_of(rec["source"], rec["row"])
            if line is not None:
                props.append(f"line={line}")
        props.append(f"title={escape_property(rec['code'] + ' ' + (rec['name'] or ''))}")
        where = place(rec) + (f" (row {rec['row']})" if line is None else "")
        command = COMMANDS.get(rec["severity"], "warning")
        out.write(f"::{command} {','.join(props)}::{escape_data(where + ': ' + (rec['message'] or ''))}\n")
    for code, error in report.stats.failed_rules.items():
        out.write(f"::error title={escape_property(code + ' rule failed')}::"
                  f"{escape_data(f'rule {code} failed (its findings are missing): {error}')}\n")
    verdicts = report.verdict_counts()
    out.write(
        "::notice title=listing-preflight::"
        + escape_data(
            f"{report.stats.products} products checked: {verdicts['reject-likely']} reject "
            f"likely, {verdicts['review-likely']} review likely, {verdicts['pass']} "
            f"pass; {findings.height} findings"
        )
        + "\n"
    )
