"""Synonyms every catalog is matched with when its preset does not name a column.

Gathered from the presets' vocabularies and the ways sellers and other ERPs write the same
columns (English and Chinese). Names are matched after `io.headers` normalisation, so only
one spelling of each is needed: `售价` covers `*售价`, `售价(USD)`, `售价（美元）`.
"""

from __future__ import annotations

from .base import Preset

GENERIC = Preset(
    name="generic",
    source="synonyms from the presets above and common seller spreadsheets",
    columns={
        "product_sku": ("product_sku", "Parent SKU", "Parent Unique ID", "Parent ID", "parent",
                        "Handle", "Product ID", "spu", "Item Group ID", "Group ID",
                        "商品SPU", "产品SPU", "SPU编码", "父SKU", "父体SKU", "父体", "父体编号", "父编号",
                        "主SKU", "父产品SKU", "父产品编号", "父产品唯一ID", "产品编号", "款号", "母SKU"),
        "variant_sku": ("variant_sku", "SKU", "Variant SKU", "Unique ID", "Seller SKU", "item_sku",
                        "Child SKU", "SKU ID", "Variant ID", "子SKU", "变体SKU", "变种SKU", "SKU编码",
                        "商品编码", "子体SKU", "子体编号", "库存SKU", "商品SKU", "唯一ID", "子编号"),
        "title": ("title", "Name", "product_name", "Product Name", "Product Title", "item_name",
                  "Listing Title", "English Title", "Title EN", "标题", "产品标题", "英文标题",
                  "商品标题", "产品名称", "商品名称", "英文名称", "产品英文标题", "商品英文标题",
                  "产品英文名称", "商品英文名称", "刊登标题", "名称"),
        "description": ("description", "Body (HTML)", "Body HTML", "Product Description",
                        "long_description", "Long Description", "描述", "产品描述", "英文描述",
                        "商品描述", "详细描述", "产品英文描述", "商品详情", "详情描述"),
        "brand": ("brand", "Vendor", "manufacturer", "Brand Name", "品牌", "品牌名", "品牌名称"),
        "model": ("model", "Model Number", "mpn", "Part Number", "型号", "产品型号"),
        "category": ("category", "Product Type", "Product Category", "categories", "Type",
                     "类目", "分类", "产品类目", "产品分类", "商品分类", "平台类目", "品类"),
        "tags": ("tags", "keywords", "Search Terms", "标签", "关键词", "关键字", "产品标签"),
        "color": ("color", "Colour", "Option1 Value", "颜色", "颜色属性"),
        "size": ("size", "Option2 Value", "尺寸", "尺码", "规格"),
        "price": ("price", "Variant Price", "sale_price", "Sale Price", "Selling Price",
                  "Your Price", "Standard Price", "Unit Price", "Retail Price", "售价", "价格",
                  "销售价", "销售价格", "零售价", "单价", "刊登价", "刊登价格", "定价", "产品价格",
                  "商品价格", "站点价格", "平台售价"),
        "currency": ("currency", "币种", "货币", "币别", "货币单位"),
        "msrp": ("msrp", "Variant Compare At Price", "Compare At Price", "list_price", "List Price",
                 "Original Price", "RRP", "原价", "建议零售价", "市场价", "划线价", "吊牌价"),
        "shipping_price": ("shipping_price", "Shipping", "Shipping Price", "Shipping Cost",
                           "Shipping Fee", "运费", "物流费", "邮费", "运输费用"),
        "shipping_weight": ("shipping_weight", "Shipping weight", "Weight", "Variant Grams",
                            "重量", "包裹重量", "毛重", "产品重量", "商品重量"),
        "shipping_time": ("shipping_time", "Shipping Time", "Delivery Time", "运输时间", "发货时间"),
        "declared_value": ("declared_value", "Declared Value", "申报价值", "申报价格", "申报金额"),
        "inventory": ("inventory", "Quantity", "qty", "Stock", "Variant Inventory Qty", "库存",
                      "库存数量", "数量", "可售数量", "可用库存"),
        "gtin": ("gtin", "EAN", "UPC", "Barcode", "Variant Barcode", "ISBN", "条码", "条形码"),
        "main_image": ("main_image", "Main Image", "Image Src", "image_url", "Image",
                       "Product Main Image", "Main Image URL", "base_image", "Main Photo", "Picture",
                       "Primary Image", "Cover Image", "主图", "主图片", "产品主图", "商品主图",
                       "首图", "封面图", "主图网址", "图片"),
        "extra_images": ("extra_images", "Extra Images", "Additional Images", "additional_images",
                         "Images", "Other Images", "Gallery", "Gallery Images"),
        "variant_image": ("variant_image", "Variant Image", "Variant Main Image", "SKU Image",
                          "变体图", "变体图片", "变种图", "变种图片", "变体主图", "SKU图片", "子SKU图片"),
        "video": ("video", "Video URL", "视频", "视频链接", "产品视频"),
        "dangerous_kind": ("dangerous_kind", "Dangerous Kind", "危险品类型", "危险品", "是否带电",
                           "特殊属性", "物流属性"),
        "store": ("store", "Shop", "Store Name", "店铺", "店铺名称", "店铺名"),
        "store_is_new": ("store_is_new", "New Store", "新店铺"),
        "certificates": ("certificates", "Certificates", "Certification", "认证", "证书"),
    },
    # Numbered columns (`附图1` .. `附图20`, `Extra Image URL 3`, `Image 2`, `图片3`): their
    # name without the number. `Image`/`图片` numbered from 1: the first is the main image when
    # no other column is (see mapping.py).
    multi={"extra_images": ("Extra Image", "Additional Image", "Other Image", "附图", "附加图片",
                            "额外图片", "副图", "细节图", "辅图", "其他图片", "子图", "图片", "Image",
                            "Picture", "Photo", "产品图片", "商品图片")},
)

# Words that say a column is NOT the field a loose match would take it for (a purchase price is
# not the selling price; an SEO title is not the title). Used by the fallback match only.
NOT_THE_FIELD: dict[str, tuple[str, ...]] = {
    "price": ("采购", "成本", "进价", "cost", "purchase", "运费", "shipping", "建议", "原价",
              "compare", "msrp", "list", "申报", "declared", "市场", "划线"),
    "title": ("seo", "meta", "中文", "alt", "图片", "image", "option", "变体", "variant", "brand",
              "store", "shop", "category", "file", "品牌", "店铺", "类目", "分类", "文件", "属性"),
    "main_image": ("变体", "变种", "variant", "附", "extra", "additional", "other", "alt", "sku",
                   "swatch", "label", "position"),
    "product_sku": ("variant", "变体", "变种", "子"),
    "variant_sku": ("parent", "父", "主"),
}
