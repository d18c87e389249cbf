"""The shared text columns are computed once per run, and only when a rule needs them."""

from __future__ import annotations

import pytest

from listing_preflight.api import check_rows
from listing_preflight.registry import DERIVERS
from listing_preflight.text import derive


def test_text_deriver_is_registered_for_products() -> None:
    assert DERIVERS["text"].scope == "product" and DERIVERS["text"].provides == (derive.TEXT,)


def test_deriver_runs_once_and_only_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = derive.add_text_columns

    def counting(df, ctx=None):
        calls.append(df.height)
        return original(df, ctx)

    monkeypatch.setattr(derive, "add_text_columns", counting)
    rows = [{"product_sku": "A", "title": "WIRELESS EARBUDS BLUETOOTH HEADPHONES"}]
    check_rows(rows, select=["TTL009"])  # needs no derived column
    assert calls == []
    report = check_rows(rows, select=["TTL007", "TTL008", "TRM001", "TTL009"])
    assert calls == [1]  # four rules, one derivation
    assert {"TTL009"} <= set(report.findings["code"].to_list())
