"""Small, deterministic Joom-template catalogs for the reporter and command tests.

Shared by tests/report and tests/commands (tests/ is on sys.path through its conftest).
Each bad product breaks exactly one of the rules selected by `RULES`, so tests can say which
findings they expect.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

# The rules these catalogs exercise; tests select them so that rules added later by other
# work do not change the expected findings.
RULES = "TTL001,TTL002,PRC001,IMG001,CAT001,CAT004"

HEADER = ["Parent Unique ID", "*Product Name", "Description", "*Tags", "*Unique ID", "Color",
          "Size", "*Quantity", "*Price", "*MSRP", "*Shipping", "*Product Main Image URL",
          "Extra Image URL", "Extra Image URL 1", "Category"]

LONG_TITLE = "Women Summer Floral Print Dress " + "with Pockets and Belt " * 7  # > 150 chars

# (parent, title, tags, category, [(sku, color, size, price)], main image)
PRODUCTS = [
    ("P01", "Silicone Phone Case for iPhone 13 Shockproof", "case,phone", "Phone Cases",
     [("P01-BK", "Black", "", "3.50"), ("P01-RD", "Red", "", "3.50")], "img/p01.jpg"),
    ("P02", "Cotton Summer Dress Women Casual", "dress", "Dresses",
     [("P02-S", "Blue", "S", "12.00"), ("P02-M", "Blue", "M", "12.00")], "img/p02.jpg"),
    ("P03", "", "toy", "Toys", [("P03-1", "", "", "5.00")], "img/p03.jpg"),
    ("P04", LONG_TITLE.strip(), "dress", "Dresses", [("P04-1", "", "M", "15.00")], "img/p04.jpg"),
    ("P05", "Stainless Steel Kitchen Knife Set 5 pcs", "kitchen", "Kitchen",
     [("P05-A", "", "", "abc"), ("P05-B", "", "", "20.00")], "img/p05.jpg"),
    ("P06", "Wooden Building Blocks Toy 100 pcs", "toy", "Toys", [("P06-1", "", "", "9.99")], ""),
    ("P07", "Glass Screen Protector for Samsung S21", "protector", "Phone Cases",
     [("DUP-1", "", "", "1.99")], "img/p07.jpg"),
    ("P08", "Tempered Glass Protector for Xiaomi 11", "protector", "Phone Cases",
     [("DUP-1", "", "", "2.10")], "img/p08.jpg"),
    ("P09", "Non Stick Frying Pan 28 cm", "", "Kitchen", [("P09-1", "", "", "18.00")], "img/p09.jpg"),
    ("P10", "Plush Teddy Bear 30 cm Soft Toy", "toy", "Toys",
     [("P10-S", "Brown", "S", "7.00"), ("P10-L", "Brown", "L", "11.00")], "img/p10.jpg"),
    ("P11", "Linen Shirt Men Long Sleeve", "shirt", "Dresses",
     [("P11-S", "White", "S", "14.00"), ("P11-M", "White", "M", "14.00"),
      ("P11-L", "Grey", "L", "14.00")], "img/p11.jpg"),
    ("P12", "Ceramic Coffee Mug 350 ml", "mug", "Kitchen", [("P12-1", "White", "", "6.50")], "img/p12.jpg"),
]

# Expected (product, code) findings for RULES.
EXPECTED = {("P03", "TTL001"), ("P04", "TTL002"), ("P05", "PRC001"), ("P06", "IMG001"),
            ("P07", "CAT001"), ("P08", "CAT001"), ("P09", "CAT004")}


def rows(products: list = PRODUCTS) -> list[list[str]]:
    """The catalog as rows of strings (header first)."""
    out = [HEADER]
    for parent, title, tags, category, variants, image in products:
        for sku, color, size, price in variants:
            out.append([parent, title, f"{title} — a description of at least some words.", tags, sku,
                        color, size, "10", price, str(round(float(price) * 2, 2)) if price != "abc" else "",
                        "1.00", image, image.replace(".jpg", "-2.jpg") if image else "", "", category])
    return out


def write_csv(path: Path, encoding: str = "utf-8", products: list = PRODUCTS) -> Path:
    """Write the catalog as CSV in `encoding` (utf-8, utf-8-sig, gb18030, utf-16)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(products))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, products: list = PRODUCTS) -> Path:
    """Write the catalog as an XLSX workbook (first sheet)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Products")
    for r, values in enumerate(rows(products)):
        for c, value in enumerate(values):
            if value != "":
                sheet.write_string(r, c, value)
    book.close()
    return path


CATEGORIES = ["Phone Cases", "Dresses", "Toys", "Kitchen", "玩具 Toys CN", "Garden"]


def many_products(n: int, *, bad_every: int = 0) -> list:
    """`n` clean products over CATEGORIES and all variant layouts; every `bad_every`-th has no title."""
    layouts = [[("", "")], [("Red", ""), ("Blue", "")], [("", "S"), ("", "M")],
               [("Red", "S"), ("Red", "M"), ("Blue", "S")]]
    out = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)] if i % 17 else CATEGORIES[0]
        layout = layouts[(i // len(CATEGORIES)) % len(layouts)]
        title = "" if bad_every and i % bad_every == bad_every - 1 else f"Product number {i} for {category}"
        variants = [(f"Q{i:04d}-{j}", c, s, f"{5 + i % 7}.50") for j, (c, s) in enumerate(layout)]
        out.append((f"Q{i:04d}", title, "tag", category, variants, f"img/q{i}.jpg"))
    return out
