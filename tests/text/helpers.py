"""Helpers for the text-rule tests: run rules over rows, get {sku: {code: message}}."""

from __future__ import annotations

from typing import Any

from listing_preflight.api import check_rows


def findings(rows: list[dict[str, Any]], select: list[str], **kwargs: Any) -> dict[str, dict[str, dict]]:
    """Run `select` over `rows` (product_sku defaults to P<n>); findings by SKU then code."""
    prepared = [{"product_sku": f"P{i}", **r} for i, r in enumerate(rows)]
    report = check_rows(prepared, select=select, **kwargs)
    out: dict[str, dict[str, dict]] = {r["product_sku"]: {} for r in prepared}
    for f in report.findings.iter_rows(named=True):
        out[f["product_sku"]][f["code"]] = f
    return out


def fired(rows: list[dict[str, Any]], code: str, **kwargs: Any) -> list[bool]:
    """For each row, whether `code` fired on it."""
    found = findings(rows, [code], **kwargs)
    return [code in found[r.get("product_sku") or f"P{i}"] for i, r in enumerate(rows)]


def assert_cases(bad: list[dict[str, Any]], good: list[dict[str, Any]], code: str,
                 shown: str = "title") -> None:
    """`code` fires on every row of `bad` and on none of `good`; a failure names the rows' `shown` text."""
    results = fired(bad + good, code)
    fired_bad, fired_good = results[: len(bad)], results[len(bad):]
    assert fired_bad == [True] * len(bad), [r[shown] for r, f in zip(bad, fired_bad, strict=True) if not f]
    assert fired_good == [False] * len(good), [r[shown] for r, f in zip(good, fired_good, strict=True) if f]
