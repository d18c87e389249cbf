"""Title rules TTL003-TTL013: failing and passing cases per rule, and what the messages say."""

from __future__ import annotations

import pytest

from .helpers import assert_cases, findings, fired

# code -> (rows that must fire, rows that must not)
CASES = {
    "TTL003": (
        [{"title": "Earbuds"}, {"title": "Phone Case"}],
        [{"title": "Xiaomi Redmi Buds 4 Wireless Earbuds White"}],
    ),
    "TTL004": (
        [{"title": "Redmi Note 13 8GB+256GB Smartphone", "brand": "Xiaomi"},
         {"title": "AX1800 WiFi 6 Router", "brand": "TP-Link"}],
        [{"title": "Xiaomi Redmi Note 13 8GB+256GB Smartphone", "brand": "Xiaomi"},
         {"title": "TPLink Archer AX23 WiFi 6 Router", "brand": "TP-Link"},
         {"title": "Summer Dress Women Floral", "brand": "Generic"},
         {"title": "Summer Dress Women Floral", "brand": None}],
    ),
    "TTL005": (
        [{"title": "Xiaomi Smartphone 8GB+256GB Blue", "model": "Redmi Note 13"}],
        [{"title": "Xiaomi Redmi Note 13 Smartphone 8GB+256GB", "model": "Redmi Note 13"},
         {"title": "Xiaomi RedmiNote13 Smartphone 8GB+256GB", "model": "Redmi Note 13"}],
    ),
    "TTL006": (
        [{"title": "Portable Power Bank Fast Charging USB-C"}, {"title": "USB 3.0 Flash Drive Metal Keychain"},
         {"title": "Samsung Galaxy A15 Smartphone Blue"}, {"title": "Hyaluronic Acid Face Serum Hydrating"}],
        [{"title": "20000mAh Power Bank 22.5W USB-C"}, {"title": "64GB USB 3.0 Flash Drive Metal"},
         {"title": "Samsung Galaxy A15 Smartphone 4GB+128GB Blue"}, {"title": "Hyaluronic Acid Face Serum 30ml"},
         {"title": "Women's Summer Floral Midi Dress"},
         # Things for / holders of a product are not that product.
         {"title": "Tripod for Smartphone 160cm with Bluetooth Remote"}, {"title": "SD Card Reader USB 3.0 Dual Slot"},
         {"title": "Battery Storage Box Holds 100 Batteries"}, {"title": "Cup Holder for Car Expander Adapter"}],
    ),
    "TTL007": (
        [{"title": "Best Seller Wireless Earbuds Bluetooth 5.3"}, {"title": "No.1 Yoga Mat Non Slip 6mm"},
         {"title": "Cheapest Phone Holder for Car Air Vent"}, {"title": "#1 Rated Garlic Press Stainless Steel"}],
        [{"title": "Phillips #1 Screwdriver 100mm Magnetic Tip"}, {"title": "Best Friend Necklace Set for 2 Heart Pendant"},
         {"title": "No. 1 Size Round Paintbrush Set Nylon"}],
    ),
    "TTL008": (
        [{"title": "Hot Sale Summer Dress Women Floral"}, {"title": "2025 New Summer Dress Women Floral"},
         {"title": "Summer Dress Women Floral Free Shipping"}, {"title": "New Summer Dress Women Floral"},
         {"title": "Summer Dress Women Floral SALE"}],
        [{"title": "Hot Water Bottle 2L with Knitted Cover"}, {"title": "Hot Pink Bodycon Dress Women Sleeveless"},
         {"title": "New Balance 574 Men's Sneakers Grey"}, {"title": "Mechanical Keyboard Hot Swappable RGB 87 Keys"},
         {"title": "Case for MacBook Air 2020 13 inch Clear"}, {"title": "2025 Wall Calendar Monthly Planner 30 x 30 cm"},
         {"title": "Stainless Steel Tumbler 600ml Keeps Drinks Hot 12 Hours"},
         {"title": "2018 Toyota Camry Headlight Assembly Left"}, {"title": "2023 2024 Honda Civic Floor Mats"},
         {"title": "Ring Light 10 inch for TikTok YouTube Live"}],
    ),
    "TTL009": (
        [{"title": "WIRELESS BLUETOOTH EARBUDS WITH CHARGING CASE"}, {"title": "wireless bluetooth earbuds with charging case"},
         {"title": "WIRELESS BLUETOOTH EARBUDS Headphones CHARGING"}],
        [{"title": "Wireless Bluetooth Earbuds with USB-C Charging Case"}, {"title": "USB LED RGB Strip 5m"},
         {"title": "Xiaomi Redmi Note 13 AMOLED 8GB+256GB"}],
    ),
    "TTL010": (
        [{"title": "Summer Dress Women Dress Beach Dress Floral Maxi"}],
        [{"title": "USB-C to USB-C Cable 1m 60W Braided"}, {"title": "Ugreen 65W USB-C Charger GaN Fast Wall Charger"}],
    ),
    "TTL011": (
        [{"title": "Women Jeans DR-001 Blue Slim", "product_sku": "DR-001"}],
        [{"title": "Women Slim Jeans Blue", "product_sku": "DR-002"},
         {"title": "Xiaomi Redmi Note 13 Smartphone 8GB+256GB", "product_sku": "NOTE13", "model": "Note13"}],
    ),
    "TTL012": (
        [{"title": "Wireless Earbuds 蓝牙耳机 Bluetooth 5.3"}, {"title": "Платье летнее женское"},
         {"title": "Ωραίο φόρεμα Summer Dress"}],
        [{"title": "Wireless Earbuds Bluetooth 5.3"}, {"title": "Resistor 10kΩ 1/4W 100 Pcs"},
         {"title": "Φ10mm Stainless Steel Rod 1m"}],
    ),
    "TTL013": (
        [{"title": "🔥Wireless Earbuds Bluetooth 5.3"}, {"title": "Wireless Earbuds!!! Bluetooth 5.3"},
         {"title": "【Upgraded】Wireless Earbuds Bluetooth"}, {"title": "Wireless Earbuds <b>Bluetooth</b>"},
         {"title": "Wireless Earbuds™ Bluetooth 5.3"}],
        [{"title": "Wireless Earbuds, Bluetooth 5.3 & USB-C (2 Pack)"}, {"title": "Style #4301 Women's Jeans 10% Off-White"},
         {"title": "Xiaomi Redmi Note 13 8+256GB 6.67\" Display"}],
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_failing_and_not_on_passing_cases(code: str) -> None:
    assert_cases(*CASES[code], code)


def test_messages_name_the_text_and_the_fix() -> None:
    rows = [
        {"title": "Redmi Note 13 8GB+256GB Smartphone", "brand": "Xiaomi"},
        {"title": "Best Seller Hot Sale Wireless Earbuds Bluetooth 5.3"},
        {"title": "Portable Power Bank Fast Charging USB-C"},
        {"title": "Women Jeans DR-001 Blue Slim", "product_sku": "DR-001"},
    ]
    found = findings(rows, ["TTL"])
    assert "title lacks the brand 'Xiaomi'; Joom expects brand + model + core parameters" in found["P0"]["TTL004"]["message"]
    assert "'best seller'" in found["P1"]["TTL007"]["message"] and "remove" in found["P1"]["TTL007"]["message"]
    assert "'hot sale'" in found["P1"]["TTL008"]["message"]
    assert "capacity in mAh" in found["P2"]["TTL006"]["message"] and "20000mAh" in found["P2"]["TTL006"]["message"]
    assert found["DR-001"]["TTL011"]["message"].startswith("title contains the SKU 'DR-001'")


def test_per_entry_severity_and_configured_severity() -> None:
    rows = [{"title": "High Quality Summer Dress Women Floral Midi"}]
    assert findings(rows, ["TTL008"])["P0"]["TTL008"]["severity"] == "warning"  # entry severity
    configured = findings(rows, ["TTL008"], rules={"TTL008": {"severity": "info"}})
    assert configured["P0"]["TTL008"]["severity"] == "info"  # the user's setting wins


def test_options_change_thresholds() -> None:
    rows = [{"title": "Summer Dress Women Dress Floral"}]
    assert fired(rows, "TTL010") == [False]
    assert fired(rows, "TTL010", rules={"TTL010": {"max-occurrences": 1}}) == [True]
    assert fired([{"title": "Платье летнее женское"}], "TTL012",
                 rules={"TTL012": {"allowed-scripts": ["Cyrillic"]}}) == [False]
