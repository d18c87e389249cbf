"""Helpers for the price and catalog rule tests: catalog rows, findings, verdicts."""

from __future__ import annotations

import json
from typing import Any

from listing_preflight.api import check_rows


def product(sku: str, price: Any, *, category: str | None = "Mugs", title: str | None = None,
            **extra: Any) -> dict[str, Any]:
    """One single-variant product row."""
    row = {"product_sku": sku, "variant_sku": f"{sku}-1", "title": title or f"Ceramic Mug {sku}",
           "category": category, "price": None if price is None else str(price)}
    row.update({k: (None if v is None else str(v)) for k, v in extra.items()})
    return row


def findings(rows: list[dict[str, Any]], select: list[str], **kwargs: Any) -> list[dict[str, Any]]:
    """The findings of a run as dicts, evidence decoded."""
    report = check_rows(rows, select=select, **kwargs)
    out = report.findings.to_dicts()
    for f in out:
        f["evidence"] = json.loads(f["evidence"]) if f["evidence"] else None
    return out


def verdicts(rows: list[dict[str, Any]], select: list[str], **kwargs: Any) -> dict[str, str]:
    """product_sku -> verdict."""
    report = check_rows(rows, select=select, **kwargs)
    return dict(report.products.select("product_sku", "verdict").iter_rows())
