"""Terms rules TRM001-TRM005: banned terms with their legitimate uses, brands, marketplaces,
obfuscation and implausible specs."""

from __future__ import annotations

import pytest

from .helpers import assert_cases, findings, fired

CASES = {
    "TRM001": (
        [{"title": "Self Defense Stun Gun Rechargeable Flashlight"}, {"title": "Replica Designer Handbag Women"},
         {"title": "1:1 Luxury Watch Automatic Men"}, {"title": "AAA Quality Designer Sunglasses"},
         {"title": "Night Vision Riflescope 4x Hunting"}, {"title": "Brass Knuckles Keychain Heavy Duty"},
         {"title": "100% Human Hair Wig Brazilian Straight"}, {"title": "Magnetic Bracelet Cures Arthritis Pain"},
         {"title": "Cuban Cigars Humidor Gift Set"}, {"title": "Plain Tote Bag", "description": "Great replica of the designer bag."}],
        [{"title": "Duracell AAA Alkaline Batteries 1.5V 12 Pack"}, {"title": "Photo Frame 1:1 Aspect Ratio 20 x 20 cm"},
         {"title": "Cuban Link Chain Necklace 18K Gold Plated 6mm"}, {"title": "Tapo Indoor Camera 1080P with Night Vision"},
         {"title": "Hot Water Bottle 2L with Knitted Cover"}, {"title": "Glass Water Bottle 500ml"},
         {"title": "Synthetic Wig Heat Resistant Fiber Brown"}, {"title": "Hot Glue Gun 20W with 30 Sticks"},
         {"title": "Dotted Bullet Journal A5 Notebook"}, {"title": "Replica Ship Model Kit 1:100 Wooden"},
         {"title": "Kitchen Knife Set 5 Pieces Stainless Steel"}, {"title": "Faux Fur Slippers Women"},
         {"title": "Exhaust Silencer for Motorcycle 51mm"}],
    ),
    "TRM002": (
        [{"title": "Nike Air Max Running Shoes Men", "brand": "Acme"}, {"title": "Gucci Belt Women Leather"},
         {"title": "Wireless Earbuds for AirPods Pro 2 Bluetooth Earphones"}, {"title": "T-Shirt for Nike Fans Men Cotton"},
         {"title": "Samsnug Galaxy S24 Ultra Phone 12GB+512GB"}, {"title": "Case for iPhone Shockproof Clear"}],
        [{"title": "Spigen Ultra Hybrid Case for iPhone 15 Pro Clear", "brand": "Spigen"},
         {"title": "Tempered Glass Screen Protector for Samsung Galaxy S24 Ultra 2 Pack"},
         {"title": "Samsung Galaxy A15 Smartphone 4GB+128GB", "brand": "Samsung"},
         {"title": "New Balance 574 Sneakers Men", "brand": "New Balance"},
         {"title": "Apple Slicer and Corer Stainless Steel"}, {"title": "Galaxy Projector Star Night Light"},
         {"title": "Phillips Screwdriver Set 25 in 1 Magnetic"}, {"title": "4 Channel Relay Module 5V"},
         {"title": "Charging Dock for Nintendo Switch OLED Joy-Con Controllers"},
         {"title": "Car Phone Holder Vent Mount for iPhone 15 and Galaxy S23"},
         {"title": "Women Ankle Boots Chunky Heel"}, {"title": "Motorcycle Airbag Vest Black"},
         {"title": "Toyota Prado Floor Mats 2018"}],
    ),
    "TRM003": (
        [{"title": "Amazon Choice Yoga Mat Non Slip 6mm"}, {"title": "Yoga Mat Non Slip AliExpress 6mm"},
         {"title": "Yoga Mat", "description": "Same as on eBay, cheaper here. Suitable for home gym."}],
        [{"title": "Wall Mount for Amazon Echo Dot 5th Gen"}, {"title": "Amazon Rainforest Poster 60 x 90 cm"},
         {"title": "Wish Bracelet Red String Lucky Charm"}],
    ),
    "TRM004": (
        [{"title": "Rep1ica Designer Handbag Women"}, {"title": "N\u200bike Running Shoes Men"},
         {"title": "Rеplica Bag Women Leather"}, {"title": "B u l l e t p r o o f Vest for Men"},
         {"title": "Samsnug Galaxy S24 Ultra Phone 12GB+512GB"}],
        [{"title": "Silk Scarf 70 x 70 cm", "description": "Шёлковый шарф. Silk scarf for daily wear."},
         {"title": "Resistor 10kΩ 1/4W 100 Pcs"}, {"title": "Xiaomi Redmi Note 13 8GB+256GB 4G LTE"},
         {"title": "S M L XL Sizes Women T-Shirt Cotton"}],
    ),
    "TRM005": (
        [{"title": "2TB USB Flash Drive Metal Waterproof"}, {"title": "512GB USB Flash Drive Mini"},
         {"title": "100000mAh Power Bank Fast Charging"}, {"title": "21D Tempered Glass Screen Protector for iPhone 15"},
         {"title": "Wireless Earbuds Bluetooth 9.0 Noise Cancelling"}],
        [{"title": "64GB USB 3.0 Flash Drive Metal"}, {"title": "1TB Portable SSD USB 3.2"},
         {"title": "20000mAh Power Bank 22.5W"}, {"title": "3D Curved Tempered Glass for Xiaomi 13 Pro"},
         {"title": "Wireless Earbuds Bluetooth 5.3"}, {"title": "3D Printer Filament 1kg PLA"}],
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_failing_and_not_on_passing_cases(code: str) -> None:
    assert_cases(*CASES[code], code)


def test_whole_words_only() -> None:
    # 'glass' must not match 'ass', 'pineapple' not 'apple', 'wholesale' is its own entry.
    rows = [{"title": "Glass Pineapple Bowl 20 cm"}, {"title": "Classic Grasshopper Figurine"}]
    assert fired(rows, "TRM001") == [False, False]
    assert fired(rows, "TRM002") == [False, False]


def test_banned_term_message_severity_and_evidence() -> None:
    rows = [{"title": "Stun Gun Flashlight"}, {"title": "Antibacterial Cutting Board Bamboo 40 cm"}]
    found = findings(rows, ["TRM001"])
    assert found["P0"]["TRM001"]["severity"] == "error"
    assert "'stun gun' (weapon)" in found["P0"]["TRM001"]["message"]
    assert '"terms":["stun gun"]' in found["P0"]["TRM001"]["evidence"]
    assert found["P1"]["TRM001"]["severity"] == "warning"  # pesticide claim entries are warnings


def test_obfuscation_message_shows_what_it_reads() -> None:
    rows = [{"title": "Rep1ica Designer Handbag Women"}, {"title": "Rеplica Bag Women Leather"}]
    found = findings(rows, ["TRM004"])
    assert "'rep1ica' spells 'replica'" in found["P0"]["TRM004"]["message"]
    assert "reads 'replica'" in found["P1"]["TRM004"]["message"]


def test_implausible_spec_message_names_value_and_limit() -> None:
    message = findings([{"title": "2TB USB Flash Drive Metal"}], ["TRM005"])["P0"]["TRM005"]["message"]
    assert "2048 GB" in message and "512 GB" in message


def test_brand_and_model_without_connector_on_an_accessory_is_a_warning() -> None:
    rows = [{"title": "iPhone 15 Pro Max Case Shockproof Clear Cover"}, {"title": "iPhone 15 Pro Max Unlocked 256GB"},
            {"title": "Case for iPhone 15 Pro Max Shockproof Clear Cover"}]
    found = findings(rows, ["TRM002"])
    assert found["P0"]["TRM002"]["severity"] == "warning" and "without 'for'" in found["P0"]["TRM002"]["message"]
    assert found["P1"]["TRM002"]["severity"] == "error"  # not an accessory: the phone itself
    assert "TRM002" not in found["P2"]
