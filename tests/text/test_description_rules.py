"""Description rules DSC001-DSC007: failing and passing cases, messages."""

from __future__ import annotations

import pytest

from .helpers import assert_cases, findings, fired

DRESS = "Women's Summer Floral Midi Dress V Neck"
GOOD_DRESS = ("Material: 70% Cotton, 30% Polyester\nSize: S bust 88 cm, length 118 cm; M bust 92 cm\n"
              "Suitable for beach, holidays and daily wear.")

CASES = {
    "DSC001": (
        [{"title": DRESS, "description": None}, {"title": DRESS, "description": "Good quality."}],
        [{"title": DRESS, "description": GOOD_DRESS}],
    ),
    "DSC002": (
        [{"title": DRESS, "description": "Size: S bust 88 cm, length 118 cm. Suitable for beach and daily wear."},
         {"title": DRESS, "description": "Material: 70% Cotton, 25% Polyester. Size: S bust 88 cm. Suitable for beach."},
         {"title": "Women's Crossbody Bag Small", "description": "Size: 22 x 14 x 7 cm. Perfect for shopping and dating."}],
        [{"title": DRESS, "description": GOOD_DRESS},
         {"title": DRESS, "description": "Shell: 100% Polyester; Lining: 100% Cotton. Size: M bust 92 cm. For daily wear."},
         {"title": "Wireless Earbuds Bluetooth 5.3", "description": "Bluetooth: 5.3. Battery: 20 hours. Ideal for sports and travel."}],
    ),
    "DSC003": (
        [{"title": DRESS, "description": "Material: 100% Cotton. Length: 27 inch, Bust: 38 inches. Suitable for beach."},
         {"title": DRESS, "description": "Material: 100% Cotton. Size: S, M, L. Note: allow 1-2 cm difference. For daily wear."}],
        [{"title": DRESS, "description": GOOD_DRESS},
         {"title": "Xiaomi Redmi Note 13 Smartphone 8GB+256GB", "description": "Screen: 6.67 inch AMOLED. Battery 5000mAh. For daily use."}],
    ),
    "DSC004": (
        [{"title": DRESS, "description": "Material: 100% Cotton. Size: S bust 88 cm, length 118 cm. Colour: blue."}],
        [{"title": DRESS, "description": GOOD_DRESS}, {"title": DRESS, "description": "Too short"}],
    ),
    "DSC005": (
        [{"title": DRESS, "description": GOOD_DRESS + "\nContact us on WhatsApp +86 138 0013 8000"},
         {"title": DRESS, "description": GOOD_DRESS + "\nVisit www.shop-example.com for more"},
         {"title": DRESS, "description": GOOD_DRESS + "\nEmail: seller@gmail.com"},
         {"title": DRESS, "description": GOOD_DRESS + "\nWeChat: lucky_store88"},
         {"title": DRESS, "description": GOOD_DRESS + "\nPhone: 13800138000"},
         {"title": DRESS + " WhatsApp +86 13800138000", "description": GOOD_DRESS}],
        [{"title": DRESS, "description": GOOD_DRESS},
         {"title": DRESS, "description": GOOD_DRESS + "\nManufacturer: Acme Ltd, info@acme-example.com\nEU Responsible Person: Rep GmbH, rep@eurep.de"},
         {"title": DRESS, "description": GOOD_DRESS + "\nPackage: 1 x dress. Model height 170 cm, weight 55 kg."}],
    ),
    "DSC006": (
        [{"title": DRESS, "description": "<p>" + GOOD_DRESS + "</p>"}, {"title": DRESS, "description": GOOD_DRESS + "&nbsp;"}],
        [{"title": DRESS, "description": GOOD_DRESS + " Load < 10 kg, 2 > 1."}],
    ),
    "DSC007": (
        [{"title": DRESS, "description": GOOD_DRESS + "\n材质：纯棉"},
         {"title": DRESS, "description": "Материал: хлопок 100%. Размер: 40 x 30 см. Подходит для дома, офиса и путешествий."}],
        [{"title": DRESS, "description": GOOD_DRESS + "\nМатериал: хлопок. Размер: 40 x 30 см."}],
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_failing_and_not_on_passing_cases(code: str) -> None:
    assert_cases(*CASES[code], code, shown="description")


def test_material_severity_depends_on_the_category() -> None:
    no_material = "Size: 40 x 30 cm. Suitable for home, kitchen and travel use every day."
    rows = [{"title": DRESS, "description": no_material, "category": "Women's Clothing > Dresses"},
            {"title": "Glass Food Containers Set of 5 1040ml", "description": no_material, "category": "Kitchen"}]
    found = findings(rows, ["DSC002"])
    assert found["P0"]["DSC002"]["severity"] == "error"
    assert found["P1"]["DSC002"]["severity"] == "warning"


def test_inches_only_message_gives_the_cm_values() -> None:
    rows = [{"title": DRESS, "description": "Material: 100% Cotton. Length: 27 inch, Bust: 38 inches. For beach."}]
    message = findings(rows, ["DSC003"])["P0"]["DSC003"]["message"]
    assert "27 in = 68.6 cm" in message and "38 in = 96.5 cm" in message


def test_contact_message_names_the_kind_and_text() -> None:
    rows = [{"title": DRESS, "description": GOOD_DRESS + "\nEmail: seller@gmail.com"}]
    message = findings(rows, ["DSC005"])["P0"]["DSC005"]["message"]
    assert "e-mail address 'seller@gmail.com'" in message and "remove" in message


def test_russian_allowed_by_option() -> None:
    rows = [{"title": DRESS, "description": "Материал: хлопок 100%. Размер: 40 x 30 см. Подходит для дома и офиса."}]
    assert fired(rows, "DSC007", rules={"DSC007": {"allowed-scripts": ["Cyrillic"]}}) == [False]
