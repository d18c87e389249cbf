"""HTML reporter: one self-contained page (no external files) a seller can open or mail.

Summary by verdict, severity and rule; then the products worst first with their findings;
a few lines of JavaScript filter by severity. Every catalog value is HTML-escaped: titles
and descriptions come from sellers' exports and may contain markup.
"""

from __future__ import annotations

import html
from typing import Any, TextIO

import polars as pl

from .. import __version__
from ..results import VERDICTS, Report
from .text import LABELS

SEVERITIES = ("error", "warning", "info")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
margin:2em;color:#1d1d1f;max-width:1200px}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.6em}
.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#f5f5f7;font-weight:600}
.badge{display:inline-block;padding:.1em .5em;border-radius:.6em;font-size:.85em;font-weight:600}
.reject-likely,.error{background:#ffd7d5;color:#9b1c13}
.review-likely,.warning{background:#fff1c2;color:#7a5700}
.pass{background:#d9f5dd;color:#17602a} .info{background:#dcecff;color:#174a8b}
.product{border:1px solid #e5e5e5;border-radius:.5em;padding:.2em 1em;margin:.8em 0}
.product h3{font-size:1em;margin:.6em 0}
.filters label{margin-right:1em} code{font-size:.95em}
"""

_JS = """
function applyFilters(){
  var on={};
  document.querySelectorAll('.filters input[data-severity]').forEach(function(c){on[c.dataset.severity]=c.checked;});
  document.querySelectorAll('tr[data-severity]').forEach(function(r){r.hidden=!on[r.dataset.severity];});
  document.querySelectorAll('section.product').forEach(function(s){
    s.hidden=s.querySelectorAll('tr[data-severity]:not([hidden])').length===0;});
}
document.querySelectorAll('.filters input').forEach(function(c){c.addEventListener('change',applyFilters);});
applyFilters();
"""


def e(value: Any) -> str:
    """HTML-escape any value (None is empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the HTML page."""
    lang_code = getattr(options, "lang", "en")
    lang = LABELS.get(lang_code, LABELS["en"])
    findings = report.findings
    verdicts = report.verdict_counts()
    severities = report.severity_counts()
    by_rule: dict[str, tuple[int, int]] = {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    if not findings.is_empty():
        for code, n, products in findings.group_by("code").agg(
            pl.len(), pl.col("product_sku").n_unique()
        ).sort("code").iter_rows():
            by_rule[code] = (n, products)
        for rec in findings.to_dicts():
            grouped.setdefault(rec["product_sku"], []).append(rec)

    w = out.write
    w(f'<!DOCTYPE html>\n<html lang="{e(lang_code)}">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>listing-preflight report</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    w("<h1>listing-preflight report</h1>\n")
    w(f'<p class="meta">listing-preflight {e(__version__)} · profile {e(report.profile)} · '
      + e(lang["summary"].format(products=report.stats.products, variants=report.stats.variants,
                                 images=report.stats.images)) + "</p>\n")

    w('<h2 id="summary">Summary</h2>\n<p>')
    w(" ".join(f'<span class="badge {v}">{e(lang[v])}: {verdicts[v]}</span>' for v in VERDICTS))
    w("</p>\n<p>")
    w(" ".join(f'<span class="badge {s}">{e(lang[s])}: {severities[s]}</span>' for s in SEVERITIES))
    w("</p>\n")
    w('<table class="rules">\n<thead><tr><th>rule</th><th>name</th><th>severity</th>'
      "<th>findings</th><th>products</th><th>what it checks</th></tr></thead>\n<tbody>\n")
    for code in sorted(set(report.rules) | set(by_rule)):
        rule = report.rules.get(code)
        settings = report.settings.get(code)
        severity = settings.severity.label if settings else (rule.severity.label if rule else "")
        n, products = by_rule.get(code, (0, 0))
        w(f'<tr id="rule-{e(code)}"><td><code>{e(code)}</code></td><td>{e(rule.name if rule else "")}</td>'
          f'<td><span class="badge {e(severity)}">{e(lang.get(severity, severity))}</span></td>'
          f"<td>{n}</td><td>{products}</td><td>{e(rule.summary if rule else '')}</td></tr>\n")
    w("</tbody>\n</table>\n")
    if report.stats.failed_rules:
        w("<ul class=\"failed\">\n")
        for code, why in report.stats.failed_rules.items():
            w(f"<li><strong>rule {e(code)} failed</strong> (its findings are missing): {e(why)}</li>\n")
        w("</ul>\n")
    if report.stats.skipped_rules:
        w("<ul class=\"skipped\">\n")
        for code, why in report.stats.skipped_rules.items():
            w(f"<li>{e(lang['skipped'].format(code=code, why=why))}</li>\n")
        w("</ul>\n")

    w('<h2 id="products">Products</h2>\n<p class="filters">')
    for s in SEVERITIES:
        w(f'<label><input type="checkbox" data-severity="{s}" checked> {e(lang[s])}</label>')
    w("</p>\n")
    passing: list[str] = []
    for sku, row, source, verdict, risk in report.products_worst_first().select(
        "product_sku", "row", "source", "verdict", "risk"
    ).iter_rows():
        recs = grouped.get(sku)
        if not recs:
            passing.append(sku)
            continue
        w(f'<section class="product" data-verdict="{e(verdict)}">\n<h3><span class="badge {e(verdict)}">'
          f"{e(lang[verdict])}</span> {e(sku)} <span class=\"meta\">{e(source)}:{e(row)} · "
          f"{e(lang['risk'])} {risk:.2f}</span></h3>\n")
        w("<table>\n<thead><tr><th>rule</th><th>severity</th><th>row</th><th>variant</th>"
          "<th>field</th><th>message</th></tr></thead>\n<tbody>\n")
        for rec in recs:
            w(f'<tr data-severity="{e(rec["severity"])}"><td><a href="#rule-{e(rec["code"])}">'
              f'<code>{e(rec["code"])}</code></a> {e(rec["name"])}</td>'
              f'<td><span class="badge {e(rec["severity"])}">{e(lang.get(rec["severity"], rec["severity"]))}</span></td>'
              f'<td>{e(rec["row"])}</td><td>{e(rec["variant_sku"])}</td><td>{e(rec["field"])}</td>'
              f'<td>{e(rec["message"])}</td></tr>\n')
        w("</tbody>\n</table>\n</section>\n")
    if passing:
        w(f'<details class="passing"><summary><span class="badge pass">{e(lang["pass"])}</span> '
          f"{len(passing)}</summary>\n<p>{', '.join(e(s) for s in passing)}</p>\n</details>\n")
    w(f"<script>{_JS}</script>\n</body>\n</html>\n")
