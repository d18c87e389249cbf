"""JUnit XML reporter: one test case per product, failing only at or above `--fail-on`.

CI systems (GitLab, Jenkins, Azure, GitHub test reporters) read JUnit XML. A product is
what a seller uploads, so each product is a test case (passing products included, so the
test count is the catalog size); it fails when a finding at or above the gate severity
stands, and its lesser findings go to its <system-out>. One suite per catalog file; rules
that were skipped (no column) or failed internally are test cases of a `rules` suite,
marked <skipped> and <error>, so a dashboard shows what was not checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, TextIO

import polars as pl

from .. import __version__
from ..i18n import translate_message
from ..results import Report
from .locations import display_path, line_of
from .summary import at_or_above, failed_rules

# Characters XML 1.0 cannot carry at all (control characters other than tab/newline/CR,
# surrogates, U+FFFE/U+FFFF); catalog text can contain them, the report must still parse.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_RANK = {"error": 0, "warning": 1, "info": 2}


def xml_text(value: Any) -> str:
    """`value` as text that XML 1.0 can hold (invalid characters become U+FFFD)."""
    return _INVALID_XML.sub("\ufffd", "" if value is None else str(value))


def _finding_line(rec: dict[str, Any], lang: str) -> str:
    """One finding as a line of a failure's text."""
    place = rec["variant_sku"] and f" [{rec['variant_sku']}]" or ""
    field = f" {rec['field']}" if rec["field"] else ""
    return (f"{rec['code']} {rec['name'] or ''} ({rec['severity']}) row {rec['row']}{place}{field}: "
            f"{translate_message(rec['message'] or '', rec['code'], lang)}")


def build_tree(report: Report, fail_on: str = "error", lang: str = "en") -> ET.Element:
    """The <testsuites> element for `report`."""
    by_product: dict[str, list[dict[str, Any]]] = {}
    if not report.findings.is_empty():
        for rec in report.findings.to_dicts():
            by_product.setdefault(rec["product_sku"], []).append(rec)
    products = report.products.select("product_sku", "row", "source", "verdict", "risk")
    sources = list(dict.fromkeys(products["source"].to_list()))
    root = ET.Element("testsuites", {"name": "listing-preflight"})
    total = failures = skipped = errors = 0
    for source in sources:
        shown = display_path(source) if source else "<catalog>"
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(shown)})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "tool", "value": f"listing-preflight {__version__}"})
        ET.SubElement(props, "property", {"name": "fail-on", "value": fail_on})
        n = failed = 0
        for sku, row, _source, verdict, risk in products.filter(pl.col("source") == source).iter_rows():
            attrs = {"classname": xml_text(f"listing-preflight.{shown}"), "name": xml_text(sku)}
            if source:
                attrs["file"] = xml_text(shown)
            line = line_of(source, row)
            if line is not None:
                attrs["line"] = str(line)
            case = ET.SubElement(suite, "testcase", attrs)
            recs = by_product.get(sku, [])
            gating = sorted((r for r in recs if at_or_above(r["severity"], fail_on)),
                            key=lambda r: _RANK.get(r["severity"], 3))
            if gating:
                failed += 1
                worst = gating[0]
                failure = ET.SubElement(case, "failure", {
                    "message": xml_text(f"{verdict}: {len(gating)} finding(s); {worst['code']}: "
                                        + translate_message(worst["message"] or "", worst["code"], lang)),
                    "type": worst["severity"],
                })
                failure.text = xml_text("\n".join(_finding_line(r, lang) for r in gating))
            rest = [r for r in recs if r not in gating]
            if rest:
                ET.SubElement(case, "system-out").text = xml_text(
                    "\n".join(_finding_line(r, lang) for r in rest))
            n += 1
        suite.set("tests", str(n))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += n
        failures += failed
    not_run = report.stats.skipped_rules
    broken = failed_rules(report)
    if not_run or broken:
        suite = ET.SubElement(root, "testsuite", {"name": "rules"})
        for code, why in not_run.items():
            case = ET.SubElement(suite, "testcase", {"classname": "listing-preflight.rules",
                                                     "name": _rule_name(report, code)})
            ET.SubElement(case, "skipped", {"message": xml_text(why)})
        for code, why in broken.items():
            case = ET.SubElement(suite, "testcase", {"classname": "listing-preflight.rules",
                                                     "name": _rule_name(report, code)})
            ET.SubElement(case, "error", {"message": xml_text(why), "type": "rule-failed"})
        suite.set("tests", str(len(not_run) + len(broken)))
        suite.set("failures", "0")
        suite.set("errors", str(len(broken)))
        suite.set("skipped", str(len(not_run)))
        total += len(not_run) + len(broken)
        skipped += len(not_run)
        errors += len(broken)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    root.set("skipped", str(skipped))
    return root


def _rule_name(report: Report, code: str) -> str:
    rule = report.rules.get(code)
    return f"{code} {rule.name}" if rule else code


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the JUnit XML document."""
    root = build_tree(report, getattr(options, "fail_on", "error"), getattr(options, "lang", "en"))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


__all__ = ["render", "build_tree", "xml_text"]
