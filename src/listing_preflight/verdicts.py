"""Per-product verdict and rejection risk from the findings (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .config import Config
from .io.columns import ROW, SOURCE
from .model import Rule
from .results import DEFAULT_REJECT_RATE
from .tables import Tables


def calibrated_rates(config: Config) -> dict[str, float]:
    """Per-rule rejection rates learnt by `preflight learn` (the config's calibration file), if any."""
    if not config.calibration:
        return {}
    from .calibration import load_rates

    return load_rates(Path(config.calibration))


def product_verdicts(findings: pl.DataFrame, tables: Tables, rules: dict[str, Rule],
              calibrated: dict[str, float]) -> pl.DataFrame:
    """One row per input product: verdict and risk (DESIGN §5)."""
    products = tables.products.select("product_sku", pl.col(ROW).alias("row"), pl.col(SOURCE).alias("source"))
    # Records that could not be read as a product (a broken JSON line) still get an entry, so
    # that their finding is reported and nothing is silently lost.
    unread = (
        findings.group_by("product_sku", maintain_order=True)
        .agg(pl.col("row").min(), pl.col("source").first())
        .join(products, on="product_sku", how="anti")
    )
    if unread.height:
        products = pl.concat([products, unread.select(products.columns)], how="vertical")
    if findings.is_empty():
        return products.with_columns(pl.lit("pass").alias("verdict"), pl.lit(0.0).alias("risk"))
    codes = sorted(set(findings["code"].unique().to_list()))
    rates = pl.DataFrame(
        {
            "code": codes,
            "review_only": [rules[c].review_only if c in rules else False for c in codes],
            "rule_rate": [calibrated.get(c, rules[c].reject_rate if c in rules else None) for c in codes],
        },
        schema={"code": pl.String, "review_only": pl.Boolean, "rule_rate": pl.Float64},
    )
    severity_rate = pl.col("severity").replace_strict(
        {s.label: r for s, r in DEFAULT_REJECT_RATE.items()}, default=0.0, return_dtype=pl.Float64
    )
    per_product = (
        findings.join(rates, on="code", how="left")
        .with_columns(pl.coalesce("rule_rate", severity_rate).clip(0.0, 0.999).alias("rate"))
        .group_by("product_sku")
        .agg(
            ((pl.col("severity") == "error") & ~pl.col("review_only")).any().alias("rejects"),
            pl.col("review_only").any().alias("reviews"),
            (1 - (1 - pl.col("rate")).log().sum().exp()).alias("risk"),
        )
    )
    return (
        products.join(per_product, on="product_sku", how="left")
        .with_columns(
            pl.when(pl.col("rejects")).then(pl.lit("reject-likely"))
            .when(pl.col("reviews")).then(pl.lit("review-likely"))
            .otherwise(pl.lit("pass")).alias("verdict"),
            pl.col("risk").fill_null(0.0).round(4),
        )
        .select("product_sku", "row", "source", "verdict", "risk")
    )
