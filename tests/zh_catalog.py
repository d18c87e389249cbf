"""A catalog whose products break most text, price and catalog rules (one or two each).

Written in canonical column names; no image column, so the image rules are skipped (and
their skip reasons are part of the report).
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["product_sku", "variant_sku", "title", "description", "brand", "model", "category",
          "color", "size", "price", "currency", "msrp", "shipping_price", "dangerous_kind", "store",
          "certificates", "inventory", "tags", "main_image"]
GOOD = "Material: ABS plastic\nSize: 10 x 5 x 2 cm\nPackage: 1 x item\nSuitable for: home, office, travel"
LONG = ("Hot Sale Summer Dress Women Floral Print Maxi Beach Sundress Boho Vintage Casual Loose Party "
        "Evening Cocktail Wedding Guest Holiday Vacation Travel Cotton Linen Blend")

# (sku, variant, title, description, brand, model, category, color, size, price, currency,
#  msrp, shipping, dangerous_kind, certificates)
ROWS = [
    ("A01", "A01-1", "Earbuds", GOOD, "", "", "Audio", "", "", "9.99", "USD", "", "1", "", ""),
    ("A02", "A02-1", "Redmi Note 13 8GB+256GB Smartphone Black", GOOD, "Xiaomi", "", "Smartphones", "", "", "199", "USD", "", "0", "", "CE"),
    ("A03", "A03-1", "Xiaomi Smartphone 8GB+256GB Black Edition", GOOD, "Xiaomi", "Redmi Note 13", "Smartphones", "", "", "199", "USD", "", "0", "", "CE"),
    ("A04", "A04-1", "Portable Power Bank Fast Charging USB-C Slim", GOOD, "", "", "Power Banks", "", "", "19", "USD", "", "0", "withBattery", "CE"),
    ("A05", "A05-1", "WIRELESS BLUETOOTH EARBUDS WITH CHARGING CASE", GOOD, "", "", "Audio", "", "", "12", "USD", "", "0", "", "CE"),
    ("A06", "A06-1", "Summer Dress Women Dress Beach Dress Floral", "Material: 100% Cotton\nSize: M, Bust: 96 cm\nSuitable for: beach", "", "", "Dresses", "Blue", "M", "15", "USD", "", "0", "", ""),
    ("DR-001X", "DR-001X", "Women Jeans DR-001X Blue Slim Fit", GOOD, "", "", "Jeans", "Blue", "M", "20", "USD", "", "0", "", ""),
    ("A08", "A08-1", "Wireless Earbuds 蓝牙耳机 Bluetooth 5.3", GOOD, "", "", "Audio", "", "", "12", "USD", "", "0", "", "CE"),
    ("A09", "A09-1", "🔥Wireless Earbuds!!! 【Hot】 Best Seller 2025 New", GOOD, "", "", "Audio", "", "", "12", "USD", "", "0", "", "CE"),
    ("A10", "A10-1", "Cotton T-Shirt Men Round Neck Short Sleeve", "", "", "", "T-Shirts", "White", "L", "8", "USD", "", "0", "", ""),
    ("A11", "A11-1", "Cotton T-Shirt Men Round Neck Long Sleeve", "<b>Material</b>: cotton &amp; more<br>Size: L", "", "", "T-Shirts", "White", "L", "8", "USD", "", "0", "", ""),
    ("A12", "A12-1", "Stainless Steel Water Bottle 750ml Blue", "Material: steel\nSize: 7 x 25 cm\nContact us: shop@example.com", "", "", "Drinkware", "", "", "10", "USD", "", "0", "", ""),
    ("A13", "A13-1", "Ceramic Coffee Mug 350ml White Glossy", "这是一个很好的杯子，适合家庭和办公室使用，质量很好，欢迎购买", "", "", "Drinkware", "", "", "10", "USD", "", "0", "", ""),
    ("A14", "A14-1", "Women Casual Pants High Waist Black", "Material: 95% Cotton, 3% Spandex\nSize: waist 28 in, length 40 in\nSuitable for: daily", "", "", "Pants", "Black", "M", "18", "USD", "", "0", "", ""),
    ("A15", "A15-1", "Replica Designer Handbag Leather Shoulder Bag", GOOD, "", "", "Bags", "", "", "30", "USD", "", "0", "", ""),
    ("A16", "A16-1", "Nike Running Shoes Men Breathable Mesh", GOOD, "", "", "Shoes", "", "42", "30", "USD", "", "0", "", ""),
    ("A17", "A17-1", "Amazon Choice Kitchen Knife Set 5 pcs Steel", GOOD, "", "", "Kitchen", "", "", "25", "USD", "", "0", "", ""),
    ("A18", "A18-1", "Designer rep1ica Leather Wallet Men Brown", GOOD, "", "", "Bags", "", "", "25", "USD", "", "0", "", ""),
    ("A19", "A19-1", "2TB USB Flash Drive Metal Keychain Pen Drive", GOOD, "", "", "Storage", "", "", "9", "USD", "", "0", "", "CE"),
    ("A20", "A20-1", "20000mAh Power Bank 22.5W Fast Charging", GOOD, "", "", "Power Banks", "", "", "19", "USD", "", "0", "notDangerous", "CE"),
    ("A21", "A21-1", "Wooden Building Blocks Toy 100 pcs Kids", GOOD, "", "", "Toys", "", "", "9", "USD", "", "0", "", ""),
    ("A22", "A22-1", "Switchblade Pocket Knife Folding 10 cm", GOOD, "", "", "Weapons", "", "", "9", "USD", "", "0", "", ""),
    ("A23", "A23-1", "Plastic Storage Box 20 L Clear With Lid", GOOD, "", "", "Home", "", "", "abc", "USD", "", "0", "", ""),
    ("A24", "A24-1", "Plastic Storage Box 30 L Clear With Lid", GOOD, "", "", "Home", "", "", "12", "XYZ", "", "0", "", ""),
    ("A25", "A25-1", "Plastic Storage Box 40 L Clear With Lid", GOOD, "", "", "Home", "", "", "12", "USD", "10", "0", "", ""),
    ("A26", "A26-1", "Plastic Storage Box 50 L Clear With Lid", GOOD, "", "", "Home", "", "", "12", "USD", "120", "0", "", ""),
    ("A27", "A27-1", "Plastic Storage Box 60 L Clear With Lid", GOOD, "", "", "Home", "", "", "12", "USD", "", "-1", "", ""),
    ("A28", "A28-1", "Plastic Storage Box 70 L Clear With Lid", GOOD, "", "", "Home", "", "", "12", "USD", "", "40", "", ""),
    ("A29", "A29-1", "Silicone Phone Case for iPhone 15 Black", GOOD, "", "", "Phone Cases", "Black", "", "2", "USD", "", "0", "", ""),
    ("A29", "A29-2", "Silicone Phone Case for iPhone 15 Black", GOOD, "", "", "Phone Cases", "Black", "", "20", "USD", "", "0", "", ""),
    ("A30", "A01-1", "Silicone Phone Case for iPhone 14 Red", GOOD, "", "", "Phone Cases", "Red", "", "3", "USD", "", "0", "", ""),
    ("A31", "A31-1", "", GOOD, "", "", "Home", "", "", "3", "USD", "", "0", "", ""),
    ("A32", "A32-1", "Silicone Phone Case for iPhone 13 Blue", GOOD, "", "", "Phone Cases", "", "", "3", "", "", "0", "", ""),
    ("A32", "A32-2", "Silicone Phone Case for iPhone 13 Blue", GOOD, "", "", "Phone Cases", "", "", "3", "", "", "0", "", ""),
    ("A33", "A33-1", LONG, GOOD, "", "", "Dresses", "Red", "S", "15", "USD", "", "0", "", ""),
]


def write(path: Path) -> Path:
    """Write the catalog as UTF-8 CSV; return the path."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in ROWS:
            # main_image is a core field: present but empty (IMG001 on every product).
            writer.writerow([*row[:14], "s1", row[14], "10", "tag", ""])
    return path


def data_words(path: Path) -> set[str]:
    """Lower-case Latin words of the catalog's cells (not its header): the seller's own text."""
    import re

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return {w.lower() for row in rows for cell in row for w in re.findall(r"[A-Za-z]+", cell)}
