"""Grouping of many near-identical findings in the text report (IMG002 when a folder is wrong).

When the images root is wrong, every image is an IMG002 'file not found': thousands of lines
that say one thing. Past GROUP_AT such findings the text report prints them as one block,
by reason, with a few examples and the products affected; the machine formats (JSON, CSV,
...) still list each one.
"""

from __future__ import annotations

from typing import TextIO

import polars as pl

from ..i18n import _t

GROUPED_CODES = ("IMG002",)
GROUP_AT = 20  # more findings of one grouped code than this are shown as a block
EXAMPLES = 3


def split(findings: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(findings listed per product, findings shown as a group)."""
    if findings.is_empty():
        return findings, findings.clear()
    counts = findings.group_by("code").len()
    grouped = [c for c, n in counts.iter_rows() if c in GROUPED_CODES and n > GROUP_AT]
    if not grouped:
        return findings, findings.clear()
    is_grouped = pl.col("code").is_in(grouped)
    return findings.filter(~is_grouped), findings.filter(is_grouped)


def render(grouped: pl.DataFrame, out: TextIO) -> None:
    """One block per grouped code: count, reasons with examples, products affected."""
    if grouped.is_empty():
        return
    frame = grouped.with_columns(
        pl.col("message").str.extract(r"cannot be used: ([^:;(]+)").str.strip_chars()
        .fill_null(pl.lit("other")).alias("_reason"),
        pl.coalesce(pl.col("evidence").str.json_path_match("$.image"), pl.lit("?")).alias("_image"),
    )
    for (code,), part in frame.partition_by("code", as_dict=True, maintain_order=True).items():
        severity = part["severity"][0]
        out.write(_t("{code} {severity}: {count} findings, grouped (the JSON and CSV reports list "
                     "each one)").format(code=code, severity=severity, count=part.height) + "\n")
        reasons = (part.group_by("_reason", maintain_order=True)
                   .agg(pl.len().alias("n"), pl.col("_image").head(EXAMPLES), pl.col("row").head(EXAMPLES))
                   .sort("n", descending=True))
        for reason, n, images, rows in reasons.iter_rows():
            examples = ", ".join(f"{i} (row {r})" for i, r in zip(images, rows))
            more = " ..." if n > len(images) else ""
            out.write(f"  {reason}: {n} ({_t('e.g.')} {examples}{more})\n")
        products = part["product_sku"].unique(maintain_order=True)
        shown = ", ".join(products.head(10).to_list())
        rest = products.len() - min(10, products.len())
        tail = _t(" and {n} more").format(n=rest) if rest else ""
        out.write("  " + _t("products: {names}{tail}").format(names=shown, tail=tail) + "\n\n")
