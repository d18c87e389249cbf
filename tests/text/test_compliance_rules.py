"""Compliance rules CMP001-CMP003."""

from __future__ import annotations

import pytest

from .helpers import assert_cases, findings

CASES = {
    "CMP001": (
        [{"title": "Tactical Knife", "category": "Sports > Self Defense Weapons"},
         {"title": "Disposable Pod", "category": "Vapes & E-Cigarettes"}, {"title": "Red Wine", "category": "Wine & Spirits"}],
        [{"title": "Glass Food Containers Set of 5", "category": "Home > Kitchen > Food Storage"},
         {"title": "Plush Sloth 40 cm", "category": "Toys > Stuffed Animals"},
         {"title": "Wine Glasses Set of 6", "category": "Kitchen > Wine Accessories"}],
    ),
    "CMP002": (
        [{"title": "Magnetic Building Blocks 64 Pcs for Kids 3+", "certificates": None},
         {"title": "Wireless Earbuds Bluetooth 5.3", "certificates": "ISO 9001"},
         {"title": "Hyaluronic Acid Face Serum 30ml", "certificates": None},
         {"title": "Pulse Oximeter Fingertip", "certificates": None}],
        [{"title": "Magnetic Building Blocks 64 Pcs for Kids 3+", "certificates": "EN71; CE"},
         {"title": "Wireless Earbuds Bluetooth 5.3", "certificates": "CE, FCC"},
         {"title": "Women's Summer Floral Midi Dress", "certificates": None},
         {"title": "Dog Toys Rope 5 Pack", "certificates": None},
         {"title": "Makeup Brush Set 14 Pcs Foundation", "certificates": None}],
    ),
    "CMP003": (
        [{"title": "20000mAh Power Bank 22.5W", "dangerous_kind": "notDangerous"},
         {"title": "Eau de Parfum 50ml Women", "dangerous_kind": "not dangerous"},
         {"title": "Rechargeable LED Desk Lamp 5W", "dangerous_kind": "notDangerous"}],
        [{"title": "20000mAh Power Bank 22.5W", "dangerous_kind": "withBattery"},
         {"title": "TV Remote Control, batteries not included", "dangerous_kind": "notDangerous"},
         {"title": "Powder Coated Steel Shelf 5 Tier", "dangerous_kind": "notDangerous"},
         {"title": "Spray Bottle 500ml Empty Plastic", "dangerous_kind": "notDangerous"},
         {"title": "20000mAh Power Bank 22.5W", "dangerous_kind": None}],
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_failing_and_not_on_passing_cases(code: str) -> None:
    assert_cases(*CASES[code], code)


def test_messages() -> None:
    rows = [{"title": "Magnetic Building Blocks 64 Pcs for Kids 3+", "certificates": None, "dangerous_kind": "notDangerous"},
            {"title": "20000mAh Power Bank 22.5W", "certificates": "CE", "dangerous_kind": "notDangerous"}]
    found = findings(rows, ["CMP"])
    assert "a toy needs a certificate (EN71" in found["P0"]["CMP002"]["message"]
    assert "declare it as withBattery" in found["P1"]["CMP003"]["message"]


def test_rules_are_skipped_without_their_columns() -> None:
    # No certificates / dangerous_kind / category columns: nothing to check, no error.
    assert findings([{"title": "Magnetic Building Blocks 64 Pcs"}], ["CMP"]) == {"P0": {}}
