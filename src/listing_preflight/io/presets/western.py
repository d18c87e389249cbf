"""Marketplace and shop-system exports: Amazon flat files, Shopify, WooCommerce, Magento."""

from __future__ import annotations

from .base import Preset

# Amazon Seller Central inventory file templates ("Flat.File.<Category>.xlsx", Template tab):
# the third row holds the attribute names (item_sku, item_name, ...), the second their labels.
AMAZON = Preset(
    name="amazon-flat-file",
    source="Amazon Seller Central category inventory file template (Flat.File.*.xlsx, Template sheet)",
    signature=("item_sku|Seller SKU", "item_name|Product Name", "main_image_url|Main Image URL"),
    columns={
        "product_sku": ("parent_sku",),
        "variant_sku": ("item_sku", "Seller SKU"),
        "title": ("item_name", "Product Name", "Title"),
        "description": ("product_description", "Product Description"),
        "brand": ("brand_name", "Brand Name"),
        "model": ("model", "model_name", "part_number", "Manufacturer Part Number"),
        "category": ("item_type", "feed_product_type", "Product Type"),
        "tags": ("generic_keywords", "Search Terms"),
        "color": ("color_name", "Colour", "Color"),
        "size": ("size_name", "Size"),
        "price": ("standard_price", "Standard Price", "your_price", "Your Price", "purchasable_offer"),
        "currency": ("currency",),
        "msrp": ("list_price", "List Price", "list_price_with_tax"),
        "inventory": ("quantity", "Quantity"),
        "gtin": ("external_product_id", "Product ID"),
        "main_image": ("main_image_url", "Main Image URL"),
        "video": ("video_url",),
    },
    multi={"extra_images": ("other_image_url", "Other Image URL")},
)

# Shopify admin "Products > Export" CSV (help.shopify.com, "Using CSV files to import and
# export products": Handle groups a product's variant and image rows).
SHOPIFY = Preset(
    name="shopify",
    source="Shopify product CSV (help.shopify.com/manual/products/import-export/using-csv)",
    signature=("Handle", "Variant SKU"),
    columns={
        "product_sku": ("Handle",),
        "variant_sku": ("Variant SKU",),
        "title": ("Title",),
        "description": ("Body (HTML)", "Body HTML"),
        "brand": ("Vendor",),
        "category": ("Product Category", "Type"),
        "tags": ("Tags",),
        "color": ("Option1 Value",),
        "size": ("Option2 Value",),
        "price": ("Variant Price",),
        "msrp": ("Variant Compare At Price",),
        "inventory": ("Variant Inventory Qty",),
        "shipping_weight": ("Variant Grams",),
        "gtin": ("Variant Barcode",),
        "main_image": ("Image Src",),
        "variant_image": ("Variant Image",),
    },
)

# WooCommerce built-in product CSV exporter (woocommerce.com/document/product-csv-importer-exporter,
# "CSV columns and formatting"): Images holds the main image then the gallery, comma-separated.
WOOCOMMERCE = Preset(
    name="woocommerce",
    source="WooCommerce product CSV importer/exporter, column reference (woocommerce.com/document/product-csv-importer-exporter)",
    signature=("SKU", "Name", "Regular price"),
    columns={
        "product_sku": ("Parent",),
        "variant_sku": ("SKU",),
        "title": ("Name",),
        "description": ("Description", "Short description"),
        "category": ("Categories",),
        "tags": ("Tags",),
        "price": ("Regular price",),
        "inventory": ("Stock",),
        "shipping_weight": ("Weight (kg)", "Weight"),
        "brand": ("Brands",),
        "gtin": ("GTIN, UPC, EAN, or ISBN", "GTIN"),
    },
    image_list=("Images",),
    ignore=("Type", "ID", "Position"),
)

# Magento 2 "System > Data Transfer > Export", entity Products (catalog_product CSV;
# experienceleague.adobe.com "Product export/import attributes").
MAGENTO = Preset(
    name="magento",
    source="Magento 2 catalog product export CSV (Adobe Commerce docs, 'Product attributes' for import/export)",
    signature=("sku", "product_type", "attribute_set_code"),
    columns={
        "variant_sku": ("sku",),
        "title": ("name",),
        "description": ("description", "short_description"),
        "category": ("categories",),
        "tags": ("meta_keyword",),
        "price": ("price",),
        "msrp": ("msrp",),
        "inventory": ("qty",),
        "shipping_weight": ("weight",),
        "main_image": ("base_image", "small_image"),
        "variant_image": ("swatch_image",),
        "extra_images": ("additional_images",),
    },
)
