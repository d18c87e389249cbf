"""HTML reporter: one self-contained page (no external files) built around the photos.

The first screen says how many products will likely be rejected, which rules fired (only
those) and which products are worst. Below, a card per product (title, SKU, verdict, the
thumbnails of its images with the evidence drawn on them: watermark boxes, the product box
and its margins, the background colour, reused photos side by side with their score) and
filters by verdict, rule and severity, a search and sorting. The cards are rendered page by
page from one JSON blob by a small inline script, so 50,000 products open in seconds.
Thumbnails come from the image feature pass (`img_thumb`: the working image, never decoded
twice). Templates: Jinja2 (autoescaping: catalog text may hold markup).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

import polars as pl

from .. import __version__
from ..i18n import translate_message, translator
from ..results import VERDICTS, Report
from .locations import where
from .summary import failed_rules

SEVERITIES = ("error", "warning", "info")
WORST_SHOWN = 10
# Base64 thumbnails the page may carry in all; the worst products get theirs first. 30 MB of
# JPEG text is what a browser still opens in a few seconds (benchmarks/bench_reports.py).
THUMB_BUDGET = 30_000_000


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    """The page's stylesheet and script, shipped in report/templates/."""
    base = resources.files(__package__) / "templates"
    return (base / "report.css").read_text(encoding="utf-8"), (base / "report.js").read_text(encoding="utf-8")


def _environment(lang: str) -> Any:
    """A Jinja2 environment with autoescaping and the gettext translations of `lang`."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("listing_preflight.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      extensions=["jinja2.ext.i18n"], keep_trailing_newline=True)
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' left to end it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _titles(report: Report) -> dict[str, str]:
    """Product SKU -> title (first row of the product), when the catalog has titles."""
    catalog = report.catalog
    if catalog is None or "title" not in catalog.frame.columns:
        return {}
    frame = catalog.frame.group_by("product_sku", maintain_order=True).agg(pl.col("title").first())
    return {sku: title for sku, title in frame.iter_rows() if title}


def _images(report: Report) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Product SKU -> its images (main first), and image -> thumbnail (base64 JPEG)."""
    thumbs = report.thumbnails
    if thumbs is None or thumbs.is_empty():
        return {}, {}
    rank = {"main_image": 0, "extra_images": 1, "variant_image": 2}
    per_product = (thumbs.with_row_index("_o")
                   .with_columns(pl.col("field").replace_strict(rank, default=3).alias("_f"))
                   .sort(["_f", "_o"])
                   .group_by("product_sku", maintain_order=True)
                   .agg(pl.col("image").unique(maintain_order=True)))
    images = dict(per_product.iter_rows())
    pictures = dict(thumbs.filter(pl.col("img_thumb").is_not_null())
                    .unique("image", keep="first").select("image", "img_thumb").iter_rows())
    return images, pictures


def build_data(report: Report, lang: str) -> tuple[dict[str, Any], dict[str, str], int]:
    """The products/findings blob, the thumbnails it uses and the products left without them."""
    _ = translator(lang).gettext
    titles = _titles(report)
    images, pictures = _images(report)
    findings: list[list[Any]] = []
    by_product: dict[str, list[int]] = {}
    if not report.findings.is_empty():
        for code, severity, field, variant, row, message, evidence, sku in report.findings.select(
            "code", "severity", "field", "variant_sku", "row", "message", "evidence", "product_sku"
        ).iter_rows():
            try:
                ev = json.loads(evidence) if evidence else None
            except ValueError:
                ev = None
            by_product.setdefault(sku, []).append(len(findings))
            findings.append([code, severity, _(field) if field else field, variant, row,
                             translate_message(message or "", code, lang), ev])
    products = []
    thumbs: dict[str, str] = {}
    spent, without = 0, 0
    for order, (sku, row, source, verdict, risk) in enumerate(report.products_worst_first().select(
        "product_sku", "row", "source", "verdict", "risk"
    ).iter_rows()):
        mine = by_product.get(sku, [])
        shown = list(images.get(sku, []))
        for i in mine:  # images a finding compares with (another product's photo) are shown too
            ev = findings[i][6]
            if isinstance(ev, dict):
                for key in ("matched_image", "repeats"):
                    if isinstance(ev.get(key), str):
                        shown.append(ev[key])
        cost = sum(len(pictures.get(img, "")) for img in shown if img not in thumbs)
        if cost and spent + cost > THUMB_BUDGET:
            without += 1
        else:
            for img in shown:
                if img in pictures and img not in thumbs:
                    thumbs[img] = pictures[img]
            spent += cost
        products.append({"s": sku, "t": titles.get(sku), "v": verdict, "r": round(risk, 4),
                         "o": row if row is not None else order, "w": where(source, row, _),
                         "i": images.get(sku, []), "f": mine})
    return {"products": products, "findings": findings}, thumbs, without


def _summary(report: Report, lang: str) -> dict[str, Any]:
    """The server-rendered first screen: verdicts, rules that fired, worst products."""
    _ = translator(lang).gettext
    label = {"reject-likely": _("reject likely"), "review-likely": _("review likely"),
             "pass": _("pass"), "error": _("error"), "warning": _("warning"), "info": _("info")}
    verdicts = report.verdict_counts()
    severities = report.severity_counts()
    fired = []
    findings = report.findings
    if not findings.is_empty():
        counts = (findings.group_by("code").agg(pl.len().alias("n"),
                                                pl.col("product_sku").n_unique().alias("p"),
                                                pl.col("severity").first().alias("s"))
                  .sort(["n", "code"], descending=[True, False]))
        for code, n, p, sev in counts.select("code", "n", "p", "s").iter_rows():
            rule = report.rules.get(code)
            settings = report.settings.get(code)
            severity = settings.severity.label if settings else sev
            fired.append({"code": code, "name": rule.name if rule else "", "findings": n,
                          "products": p, "severity": severity,
                          "severity_label": label.get(severity, severity),
                          "summary": rule.summary if rule else ""})
    titles = _titles(report)
    worst = []
    for sku, verdict in report.products_worst_first().filter(pl.col("verdict") != "pass").head(
            WORST_SHOWN).select("product_sku", "verdict").iter_rows():
        worst.append({"sku": sku, "sku_q": _quote(sku), "verdict": verdict,
                      "verdict_label": label[verdict], "title": titles.get(sku, "")})
    not_run = [{"code": c, "why": w, "kind": "skipped", "label": _("skipped")}
               for c, w in report.stats.skipped_rules.items()]
    not_run += [{"code": c, "why": w, "kind": "failed", "label": _("failed")}
                for c, w in failed_rules(report).items()]
    return {
        "verdicts": [{"key": v, "label": label[v], "count": verdicts[v]} for v in VERDICTS],
        "severities": [{"key": s, "label": label[s], "count": severities[s]} for s in SEVERITIES],
        "fired": fired, "worst": worst, "not_run": not_run,
        "labels": {**label, "risk": _("risk"), "nopreview": _("no preview"),
                   "shown": _("{shown} of {total} products")},
    }


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def render(report: Report, out: TextIO, options: Any) -> None:
    """Write the HTML page."""
    from markupsafe import Markup

    lang = getattr(options, "lang", "en")
    _ = translator(lang).gettext
    data, thumbs, without = build_data(report, lang)
    summary = _summary(report, lang)
    css, js = _static()
    thumbs_note = _("Thumbnails of {count} products were left out to keep this file small.").format(
        count=without) if without else ""
    page = _environment(lang).get_template("report.html.j2").render(
        lang=lang, version=__version__, profile=report.profile,
        checked=_("{products} products, {variants} variants, {images} images checked").format(
            products=report.stats.products, variants=report.stats.variants, images=report.stats.images),
        baseline_hidden=report.baseline_hidden, thumbs_note=thumbs_note,
        css=Markup(css), js=Markup(js),
        labels_json=Markup(script_json(summary.pop("labels"))),
        data_json=Markup(script_json(data)), thumbs_json=Markup(script_json(thumbs)),
        **summary)
    out.write(page)
