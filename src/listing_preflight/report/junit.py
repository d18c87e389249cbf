"""JUnit XML reporter: one testsuite per rule code, one failed testcase per finding.

CI systems (GitLab, Jenkins, Azure, GitHub test reporters) read JUnit XML; a finding is a
failed check, so each finding is a testcase with a <failure> whose type is its severity. Rules
that ran without findings appear as empty suites, so a dashboard shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

from .. import __version__
from ..results import Report
from .locations import line_of, place

# Characters XML 1.0 cannot carry at all (control characters other than tab/newline/CR,
# surrogates, U+FFFE/U+FFFF); catalog text can contain them, the report must still parse.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """`value` as text that XML 1.0 can hold (invalid characters become U+FFFD)."""
    return _INVALID_XML.sub("\ufffd", "" if value is None else str(value))


def _case_name(rec: dict[str, Any]) -> str:
    """A testcase name: product, variant, field and row."""
    return f"{place(rec)} (row {rec['row']})"


def build_tree(report: Report) -> ET.Element:
    """The <testsuites> element for `report`."""
    findings = report.findings
    by_code: dict[str, list[dict[str, Any]]] = {}
    if not findings.is_empty():
        for rec in findings.sort(["code"], maintain_order=True).to_dicts():
            by_code.setdefault(rec["code"], []).append(rec)
    root = ET.Element("testsuites", {
        "name": "listing-preflight",
        "tests": str(findings.height),
        "failures": str(findings.height),
        "errors": "0",
    })
    failed = report.stats.failed_rules
    if failed:
        root.set("errors", str(len(failed)))
    for code in sorted(set(report.rules) | set(by_code)):
        rule = report.rules.get(code)
        cases = by_code.get(code, [])
        skipped = report.stats.skipped_rules.get(code)
        suite = ET.SubElement(root, "testsuite", {
            "name": f"{code} {rule.name}" if rule else code,
            "tests": str(len(cases)),
            "failures": str(len(cases)),
            "errors": "0",
            "skipped": "0",
        })
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "tool", "value": f"listing-preflight {__version__}"})
        if rule is not None:
            ET.SubElement(props, "property", {"name": "summary", "value": xml_text(rule.summary)})
        if skipped:
            ET.SubElement(props, "property", {"name": "not-run", "value": xml_text(skipped)})
        if code in failed:
            # The rule itself broke: a JUnit <error> (not a <failure>), so CI shows it apart.
            suite.set("errors", "1")
            suite.set("tests", str(len(cases) + 1))
            case = ET.SubElement(suite, "testcase", {"classname": f"listing-preflight.{code}",
                                                     "name": f"{code} rule run"})
            ET.SubElement(case, "error", {"message": xml_text(failed[code]),
                                          "type": "rule-failed"}).text = xml_text(failed[code])
        for rec in cases:
            attrs = {"classname": f"listing-preflight.{code}", "name": xml_text(_case_name(rec))}
            if rec["source"]:
                attrs["file"] = xml_text(rec["source"])
            line = line_of(rec["source"], rec["row"])
            if line is not None:
                attrs["line"] = str(line)
            case = ET.SubElement(suite, "testcase", attrs)
            failure = ET.SubElement(case, "failure", {
                "message": xml_text(rec["message"]),
                "type": rec["severity"],
            })
            failure.text = xml_text(
                f"{code} {rec['name'] or ''} ({rec['severity']})\n"
                f"product {rec['product_sku']}"
                + (f", variant {rec['variant_sku']}" if rec["variant_sku"] else "")
                + f", {rec['source']} row {rec['row']}"
                + (f", field {rec['field']}" if rec["field"] else "")
                + f"\n{rec['message']}"
            )
    return root


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the JUnit XML document."""
    root = build_tree(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


__all__ = ["render", "build_tree", "xml_text"]
