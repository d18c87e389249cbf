"""Header presets: each ERP/template layout, with realistic headers, maps onto the canonical schema.

The header lists below are written the way each system's export or import template writes
them (sources cited in src/listing_preflight/io/presets/); they are spelled independently of
the preset data, with the markers, brackets and numbering real files carry.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from listing_preflight.io.headers import header_parts
from listing_preflight.io.mapping import resolve_mapping

# (preset expected, headers, {canonical: source column} that must result)
LAYOUTS = {
    "joom-csv": (
        ["Parent Unique ID", "*Product Name", "Description", "*Tags", "*Unique ID", "Color", "Size",
         "*Quantity", "*Price", "Currency", "*MSRP", "*Shipping", "*Product Main Image URL",
         "Variant Main Image URL", "Extra Image URL", "Extra Image URL 1", "Extra Image URL 2"],
        {"product_sku": "Parent Unique ID", "variant_sku": "*Unique ID", "title": "*Product Name",
         "price": "*Price", "main_image": "*Product Main Image URL", "msrp": "*MSRP",
         "shipping_price": "*Shipping", "inventory": "*Quantity",
         "extra_images": ["Extra Image URL", "Extra Image URL 1", "Extra Image URL 2"]},
    ),
    "joom-csv-zh": (
        ["*父产品唯一ID", "*产品名称", "描述", "*标签", "*唯一ID", "颜色", "尺寸", "*数量", "*价格",
         "货币", "*建议零售价", "*运费", "*产品主图URL", "变体主图URL", "附加图片URL 1", "附加图片URL 2"],
        {"product_sku": "*父产品唯一ID", "variant_sku": "*唯一ID", "title": "*产品名称",
         "price": "*价格", "main_image": "*产品主图URL", "msrp": "*建议零售价", "currency": "货币",
         "variant_image": "变体主图URL", "extra_images": ["附加图片URL 1", "附加图片URL 2"]},
    ),
    "dianxiaomi": (
        ["父SKU", "子SKU", "产品标题", "产品描述", "标签", "颜色", "尺寸", "库存", "售价(USD)",
         "建议零售价(USD)", "运费(USD)", "重量(g)", "主图链接", "附图链接1", "附图链接2", "附图链接3",
         "变种图片", "品牌", "分类"],
        {"product_sku": "父SKU", "variant_sku": "子SKU", "title": "产品标题", "price": "售价(USD)",
         "main_image": "主图链接", "msrp": "建议零售价(USD)", "shipping_price": "运费(USD)",
         "variant_image": "变种图片", "extra_images": ["附图链接1", "附图链接2", "附图链接3"]},
    ),
    "mabang": (
        ["主SKU", "库存SKU", "中文名称", "英文名称", "英文描述", "关键词", "颜色", "尺寸", "库存数量",
         "销售价（美元）", "建议零售价（美元）", "重量（克）", "主图", "附图1", "附图2"],
        {"product_sku": "主SKU", "variant_sku": "库存SKU", "title": "英文名称",
         "price": "销售价（美元）", "main_image": "主图", "msrp": "建议零售价（美元）",
         "inventory": "库存数量", "extra_images": ["附图1", "附图2"]},
    ),
    "tongtool": (
        ["父SKU", "商品SKU", "商品名称", "英文标题", "英文描述", "颜色", "尺寸", "库存", "售价",
         "币种", "商品重量(g)", "商品主图", "商品附图1", "商品附图2", "商品附图3", "品牌", "商品分类"],
        {"product_sku": "父SKU", "variant_sku": "商品SKU", "title": "英文标题", "price": "售价",
         "currency": "币种", "main_image": "商品主图",
         "extra_images": ["商品附图1", "商品附图2", "商品附图3"]},
    ),
    "mango": (
        ["SPU", "SKU", "中文标题", "英文标题", "英文描述", "颜色", "尺码", "库存", "售价(美元)",
         "原价(美元)", "主图", "附图1", "附图2", "附图3", "附图4", "SKU图片"],
        {"product_sku": "SPU", "variant_sku": "SKU", "title": "英文标题", "price": "售价(美元)",
         "main_image": "主图", "msrp": "原价(美元)", "variant_image": "SKU图片",
         "extra_images": ["附图1", "附图2", "附图3", "附图4"]},
    ),
    "amazon-flat-file": (
        ["feed_product_type", "item_sku", "brand_name", "item_name", "external_product_id",
         "external_product_id_type", "item_type", "standard_price", "quantity", "main_image_url",
         "other_image_url1", "other_image_url2", "other_image_url3", "parent_child", "parent_sku",
         "relationship_type", "variation_theme", "product_description", "color_name", "size_name",
         "generic_keywords", "list_price"],
        {"product_sku": "parent_sku", "variant_sku": "item_sku", "title": "item_name",
         "price": "standard_price", "main_image": "main_image_url", "brand": "brand_name",
         "gtin": "external_product_id", "color": "color_name", "msrp": "list_price",
         "extra_images": ["other_image_url1", "other_image_url2", "other_image_url3"]},
    ),
    "shopify": (
        ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
         "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU",
         "Variant Grams", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price",
         "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "SEO Title",
         "SEO Description", "Variant Image", "Status"],
        {"product_sku": "Handle", "variant_sku": "Variant SKU", "title": "Title",
         "price": "Variant Price", "main_image": "Image Src", "msrp": "Variant Compare At Price",
         "description": "Body (HTML)", "brand": "Vendor", "variant_image": "Variant Image"},
    ),
    "woocommerce": (
        ["ID", "Type", "SKU", "Name", "Published", "Is featured?", "Short description",
         "Description", "In stock?", "Stock", "Weight (kg)", "Sale price", "Regular price",
         "Categories", "Tags", "Images", "Parent", "Attribute 1 name", "Attribute 1 value(s)"],
        {"product_sku": "Parent", "variant_sku": "SKU", "title": "Name", "price": "Regular price",
         "category": "Categories", "inventory": "Stock"},
    ),
    "magento": (
        ["sku", "store_view_code", "attribute_set_code", "product_type", "categories",
         "product_websites", "name", "description", "short_description", "weight",
         "product_online", "price", "special_price", "url_key", "meta_title", "base_image",
         "small_image", "thumbnail_image", "qty", "additional_images"],
        {"variant_sku": "sku", "title": "name", "price": "price", "main_image": "base_image",
         "inventory": "qty", "extra_images": ["additional_images"]},
    ),
}


@pytest.mark.parametrize("preset", sorted(LAYOUTS))
def test_preset_is_recognised_and_maps_its_columns(preset):
    """Each layout is detected by name and its columns land on the right canonical fields."""
    headers, expected = LAYOUTS[preset]
    mapping = resolve_mapping(headers)
    assert mapping.preset == preset
    got = {**mapping.single, **mapping.multi}
    for canonical, source in expected.items():
        assert got.get(canonical) == source, canonical
    assert not mapping.guessed  # every core column matched by a name, not by a guess


def test_woocommerce_images_column_is_main_then_gallery():
    """WooCommerce `Images` holds the main image then the gallery: both come from it."""
    mapping = resolve_mapping(LAYOUTS["woocommerce"][0])
    assert mapping.image_list == "Images"
    assert {"main_image", "extra_images"} <= mapping.present


def test_woocommerce_type_is_not_read_as_category():
    """`Type` (simple/variable) would be a category by synonym; the preset holds it back."""
    mapping = resolve_mapping(LAYOUTS["woocommerce"][0])
    assert mapping.single["category"] == "Categories"
    assert "Type" in mapping.unmapped


@pytest.mark.parametrize("header,stem,number,currency", [
    ("售价(USD)", "售价", None, "USD"),
    ("价格（美元）", "价格", None, "USD"),
    ("Price (EUR)", "price", None, "EUR"),
    ("price_usd", "price", None, "USD"),
    ("售价（人民币）", "售价", None, "CNY"),
    ("*Product Main Image URL", "productmainimage", None, None),
    ("主图链接", "主图", None, None),
    ("主图地址", "主图", None, None),
    ("附图1", "附图1", 1, None),
    ("附图２０", "附图20", 20, None),
    ("Extra Image URL 3", "extraimage3", 3, None),
    ("Image 2", "image2", 2, None),
    ("＊产品标题", "产品标题", None, None),
    ("标题(必填)", "标题", None, None),
    ("【必填】英文标题", "英文标题", None, None),
    ("  Product  Name ", "productname", None, None),
])
def test_header_normalisation(header, stem, number, currency):
    """Width, markers, brackets with units or currencies, link suffixes and numbering."""
    parts = header_parts(header)
    assert (parts.stem, parts.number, parts.currency) == (stem, number, currency)


def test_currency_in_the_price_header_is_the_price_currency():
    """`售价(USD)` without a currency column: every row's currency is USD."""
    from listing_preflight.api import catalog_from_rows

    catalog = catalog_from_rows([{"SKU": "A", "标题": "Lamp", "价格（欧元）": "5", "主图": "a.jpg"}])
    assert catalog.frame["currency"].to_list() == ["EUR"]
    assert catalog.frame["price"].to_list() == ["5"]


def test_numbered_images_without_a_main_column_start_with_the_main_image():
    """`图片1..图片5` and no other image column: 图片1 is the main image, the rest extras."""
    mapping = resolve_mapping(["SKU", "英文标题", "售价", "图片1", "图片2", "图片3"])
    assert mapping.single["main_image"] == "图片1"
    assert mapping.multi["extra_images"] == ["图片2", "图片3"]


def test_extra_images_keep_number_order():
    """`附图10` comes after `附图2` (numbers, not text order)."""
    mapping = resolve_mapping(["SKU", "标题", "售价", "主图", "附图10", "附图2", "附图1"])
    assert mapping.multi["extra_images"] == ["附图1", "附图2", "附图10"]


@pytest.mark.parametrize("headers,field,column", [
    (["SKU", "产品英文标题(必填)", "Joom售价", "主图URL"], "price", "Joom售价"),
    (["SKU", "Item Title For Joom", "Price", "Main Photo URL"], "title", "Item Title For Joom"),
])
def test_unseen_spellings_are_matched_loosely_and_said(headers, field, column):
    """A header that contains a known name is used, and the guess is recorded."""
    mapping = resolve_mapping(headers)
    assert mapping.single[field] == column
    assert mapping.guessed == {field: column}  # the notice that names the guess comes from this


def test_a_purchase_price_is_never_taken_for_the_price():
    """`采购价` (purchase price) and `成本价` are not the selling price, even loosely."""
    mapping = resolve_mapping(["SKU", "标题", "采购价", "成本价(元)", "主图"], require_title=False)
    assert "price" not in mapping.single


def test_amazon_flat_file_is_recognised_by_its_label_row_too():
    """Amazon templates carry a label row ('Seller SKU', 'Product Name') above the attribute row."""
    mapping = resolve_mapping(["Seller SKU", "Product Name", "Brand Name", "Standard Price",
                               "Quantity", "Main Image URL", "Parent SKU", "Other Image URL1"])
    assert mapping.preset == "amazon-flat-file"
    assert (mapping.single["variant_sku"], mapping.single["price"], mapping.single["product_sku"]) == (
        "Seller SKU", "Standard Price", "Parent SKU")
    assert mapping.multi["extra_images"] == ["Other Image URL1"]


@given(st.text(max_size=60))
def test_header_parts_never_raise(name):
    """Any header text normalises to some parts (possibly empty), never an error."""
    parts = header_parts(name)
    assert isinstance(parts.stem, str) and parts.base in parts.stem + parts.base


def test_a_loose_match_never_takes_another_fields_name_column():
    """Without a title column, 'Brand Name' or '品牌名称' is not guessed to be the title."""
    for headers in (["SKU", "Brand Name", "Price", "Main Image"], ["SKU", "品牌名称", "售价", "主图"]):
        assert "title" not in resolve_mapping(headers, require_title=False).single
