"""The shipped sample catalog converted to every supported input format (test helpers)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import make_sample  # fixtures/make_sample.py (on pytest's pythonpath)


def sample_rows(folder: Path) -> list[dict[str, str]]:
    """Build the sample into `folder` and return its rows, with Chinese tags to exercise encodings."""
    catalog = make_sample.build(folder)
    with catalog.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows[::3]:
        row["*Tags"] += ",礼物,夏季新款"
    return rows


def write_csv(rows: list[dict[str, str]], path: Path, encoding: str, delimiter: str = ",") -> Path:
    """Write rows as a delimited file in the given encoding (e.g. gbk, utf-8-sig, utf-16)."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(rows: list[dict[str, str]], path: Path) -> Path:
    """Write rows as XLSX the way ERPs do: numbers as numeric cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Products")
    header = list(rows[0])
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        for c, key in enumerate(header):
            value = row[key]
            try:
                number = float(value)
                if key in {"*Price", "*MSRP", "*Shipping", "*Quantity"}:
                    sheet.write_number(r, c, number)
                    continue
            except ValueError:
                pass
            if value != "":
                sheet.write_string(r, c, value)
    book.close()
    return path


def write_jsonl(rows: list[dict[str, str]], path: Path) -> Path:
    """Write rows as Joom API v3 product objects (one product per line, variants nested)."""
    products: dict[str, dict] = {}
    for row in rows:
        product = products.setdefault(row["Parent Unique ID"], {
            "sku": row["Parent Unique ID"], "name": row["*Product Name"] or None,
            "description": row["Description"], "tags": row["*Tags"].split(","),
            "mainImage": row["*Product Main Image URL"] or None,
            "extraImages": [row[k] for k in ("Extra Image URL", "Extra Image URL 1", "Extra Image URL 2") if row[k]],
            "dangerousKind": row["Dangerous Kind"], "brand": row["Brand"] or None,
            "model": row["Model"] or None, "category": row["Category"], "variants": [],
        })
        product["variants"].append({
            "sku": row["*Unique ID"], "price": row["*Price"], "currency": row["Currency"],
            "msrPrice": row["*MSRP"], "shippingPrice": row["*Shipping"], "inventory": int(row["*Quantity"]),
            "color": row["Color"], "size": row["Size"] or None, "shippingWeight": row["Shipping weight"],
            "declaredValue": row["Declared Value"],
        })
    with path.open("w", encoding="utf-8") as fh:
        for product in products.values():
            fh.write(json.dumps(product, ensure_ascii=False) + "\n")
    return path

