"""Odd input never breaks the text rules: nulls, empty strings, huge and exotic text."""

from __future__ import annotations

from listing_preflight.api import check_rows

ODD = [
    {"title": None, "description": None, "brand": None, "category": None},
    {"title": "", "description": "", "brand": "", "model": ""},
    {"title": "🔥🔥🔥", "description": "😀" * 50},
    {"title": "\u200b\u200b\u200b", "description": "\ufeffMaterial: cotton"},
    {"title": "x" * 400, "description": ("Material: 100% Cotton. Suitable for home. " * 3000)},
    {"title": "Ｗｉｒｅｌｅｓｓ Ｅａｒｂｕｄｓ", "description": "𝐌𝐚𝐭𝐞𝐫𝐢𝐚𝐥: 𝐜𝐨𝐭𝐭𝐨𝐧"},
    {"title": "((([[[{{{", "description": "<<<>>> &&& ;;; \\\\ $$$ ^^^"},
    {"title": "Платье", "description": "مادة: قطن 100٪", "brand": "Бренд"},
    {"title": "1:1", "description": "1:1", "brand": "1:1", "model": "1:1", "category": "1:1"},
]


def test_odd_rows_are_checked_without_errors() -> None:
    rows = [{"product_sku": f"P{i}", "certificates": None, "dangerous_kind": None, **r} for i, r in enumerate(ODD)]
    report = check_rows(rows, select=["TTL", "DSC", "TRM", "CMP"])
    assert set(report.products["product_sku"].to_list()) == {f"P{i}" for i in range(len(ODD))}
    assert report.findings["message"].null_count() == 0
    # A missing title is TTL001's finding, not a crash of the others.
    assert "TTL001" in report.findings.filter(report.findings["product_sku"] == "P0")["code"].to_list()
