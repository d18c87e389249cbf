"""Real-world export layouts: Shopify, Magento, a Chinese ERP, and [columns] mappings."""

from __future__ import annotations

from pathlib import Path

from listing_preflight.api import check_files
from listing_preflight.config import build_config

SHOPIFY = """Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Image Position
ocean-blue-shirt,Ocean Blue Shirt,<p>Ocean blue cotton shirt</p>,partners-demo,Shirts,men,Size,xs,OBS-XS,50,50.00,,https://cdn.example.com/ocean-1.jpeg,1
ocean-blue-shirt,,,,,,,s,OBS-S,50,50.00,,https://cdn.example.com/ocean-2.jpeg,2
ocean-blue-shirt,,,,,,,m,OBS-M,50,oops,,,
leather-jacket,,,,,,,,,,,,https://cdn.example.com/jacket-2.jpeg,2
"""

MAGENTO = """sku,product_type,categories,name,description,price,base_image,additional_images,qty
24-MB01,simple,"Default Category/Gear/Bags",Joust Duffle Bag,<p>Sporty bag</p>,34.00,/m/b/mb01-0.jpg,"/m/b/mb01-0.jpg,/m/b/mb01-1.jpg",100
24-MB02,simple,"Default Category/Gear/Bags",,<p>No name</p>,-3,,,5
"""


def run(path: Path, config_text: str = ""):
    """Check `path` with an optional preflight.toml next to it."""
    if config_text:
        (path.parent / "preflight.toml").write_text(config_text, encoding="utf-8")
    config = build_config(discover_from=path.parent, flags={"select": ["TTL001", "PRC001", "IMG001", "CAT001"]})
    return check_files([path], config)


def test_shopify_export_folds_image_rows_and_keeps_variants(tmp_path):
    """Image-only rows are images, not variants; later rows' images join the product's images."""
    path = tmp_path / "products_export.csv"
    path.write_text(SHOPIFY, encoding="utf-8")
    report = run(path)
    assert (2, 4) == (report.stats.products, report.stats.variants)
    images = report.stats.images
    assert 3 <= images
    assert {("ocean-blue-shirt", "PRC001"), ("leather-jacket", "TTL001")} <= set(report.flatten(("product_sku", "code")))


def test_magento_export_uses_generic_synonyms(tmp_path):
    """Magento's sku/name/base_image/additional_images map without configuration."""
    path = tmp_path / "catalog_product.csv"
    path.write_text(MAGENTO, encoding="utf-8")
    report = run(path)
    assert {("24-MB02", "TTL001"), ("24-MB02", "PRC001"), ("24-MB02", "IMG001")} == set(
        report.flatten(("product_sku", "code")))


def test_chinese_erp_export_with_columns_mapping(tmp_path):
    """A GBK export with Chinese headers, mapped in preflight.toml."""
    text = ("商品编码,子SKU,商品英文名称,销售价(USD),图片1,图片2;图片3\n"
            "SPU1,SPU1-01,Women Summer Dress Floral Print,12.5,a.jpg,b.jpg;c.jpg\n"
            "SPU1,SPU1-02,Women Summer Dress Floral Print,免费,a.jpg,\n"
            "SPU2,SPU2-01,,9.9,,\n")
    path = tmp_path / "mabang.csv"
    path.write_bytes(text.encode("gbk"))
    config = '[columns]\nproduct_sku = "商品编码"\ntitle = "商品英文名称"\nprice = "销售价(USD)"\n' \
             'main_image = "图片1"\nextra_images = ["图片2;图片3"]\n'
    report = run(path, config)
    assert [("SPU1", "SPU1-02", "PRC001"), ("SPU2", None, "IMG001"), ("SPU2", None, "TTL001")] == \
        report.flatten(("product_sku", "variant_sku", "code"))
    assert "'免费' is not a number" in report.findings["message"][0]


def test_header_row_below_a_title_row_in_xlsx(tmp_path):
    """An ERP workbook with a title and an instructions row above the header is read from the header."""
    import xlsxwriter

    path = tmp_path / "dianxiaomi.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["店小秘 产品导出 2026-11-20"])
    sheet.write_row(1, 0, ["Fill in one row per variant; * marks required fields"])
    sheet.write_row(2, 0, ["Parent Unique ID", "*Product Name", "*Unique ID", "*Price", "*Product Main Image URL"])
    sheet.write_row(3, 0, ["P1", "Anker Power Bank 10000mAh", "P1-A", "19.99", "a.jpg"])
    sheet.write_row(4, 0, ["P2", "", "P2-A", "x", "b.jpg"])
    book.close()
    report = run(path)
    assert [("P2", 5, "PRC001"), ("P2", 5, "TTL001")] == report.flatten(("product_sku", "row", "code"))
    assert any("the header is row 3" in n for n in report.notices)


def test_two_header_rows_like_a_flat_file(tmp_path):
    """A CSV with a template line, human labels and technical names uses the labels and skips the rest."""
    path = tmp_path / "flat.csv"
    path.write_text("TemplateType=fptcustom,Version=2026.1,,\n"
                    "SKU,Title,Price,Main Image\n"
                    "item_sku,item_name,price,main_image\n"
                    "A-1,Ceramic Coffee Mug 350ml,7.90,a.jpg\n"
                    "A-2,,oops,b.jpg\n", encoding="utf-8")
    report = run(path)
    assert (2, 2) == (report.stats.products, report.stats.variants)
    assert [("A-2", 5, "PRC001"), ("A-2", 5, "TTL001")] == report.flatten(("product_sku", "row", "code"))


def test_pretty_printed_api_response_json(tmp_path):
    """A whole JSON document ({"data": [...]}, pretty-printed) is read as a list of products."""
    import json

    path = tmp_path / "products.json"
    path.write_text(json.dumps({"data": [
        {"sku": "P1", "name": "Lamp 10W LED", "variants": [{"sku": "P1-A", "price": "5.5"}]},
        {"sku": "P2", "name": "", "variants": [{"sku": "P2-A", "price": "0"}]},
    ]}, indent=2), encoding="utf-8")
    config = build_config(discover_from=tmp_path, flags={"select": ["TTL001", "PRC001"]})
    report = check_files([path], config)
    assert [("P2", "PRC001"), ("P2", "TTL001")] == report.flatten(("product_sku", "code"))
