"""Small facts about a report that several reporters show the same way."""

from __future__ import annotations

from ..model import Severity
from ..results import Report


def failed_rules(report: Report) -> dict[str, str]:
    """Rules that failed internally (code -> error); empty when every rule ran."""
    return dict(report.stats.failed_rules)


def at_or_above(severity: str, fail_on: str) -> bool:
    """True when a finding of `severity` fails the gate `--fail-on fail_on`."""
    if fail_on == "never":
        return False
    return Severity.parse(severity) >= Severity.parse(fail_on)

