"""Chinese ERP exports: Dianxiaomi 店小秘, Mabang 马帮, Tongtool 通途, Mango 芒果店长.

The header names are the Chinese labels of each ERP's product export / product import
template, as its help centre documents them; ERPs rename columns between versions, so the
generic synonyms (presets/generic.py) back every preset up.
"""

from __future__ import annotations

from .base import Preset

# 店小秘 (dianxiaomi.com) 帮助中心 "产品 > 导入/导出产品" product template (采集箱/在线产品 导出).
DIANXIAOMI = Preset(
    name="dianxiaomi",
    source="店小秘 Dianxiaomi help centre, 产品导入/导出模板 (dianxiaomi.com 帮助中心)",
    signature=("父SKU", "子SKU", "产品标题"),
    columns={
        "product_sku": ("父SKU",),
        "variant_sku": ("子SKU",),
        "title": ("产品标题", "英文标题", "标题"),
        "description": ("产品描述", "描述"),
        "tags": ("标签", "关键词"),
        "color": ("颜色",),
        "size": ("尺寸", "尺码"),
        "inventory": ("库存", "数量"),
        "price": ("售价", "价格", "销售价"),
        "msrp": ("建议零售价", "原价"),
        "shipping_price": ("运费",),
        "shipping_weight": ("重量", "包裹重量"),
        "main_image": ("主图", "主图链接"),
        "variant_image": ("变种图片", "变种主图", "子SKU图片"),
        "brand": ("品牌",),
        "category": ("分类", "类目"),
    },
    multi={"extra_images": ("附图", "附图链接", "图片")},
)

# 马帮 ERP (mabangerp.com) 帮助中心 "库存SKU 导入/导出" and "刊登 > 导出" templates: 主SKU groups
# the 库存SKU rows of one product.
MABANG = Preset(
    name="mabang",
    source="马帮 Mabang ERP help centre, 库存SKU 导入/导出模板 (mabangerp.com 帮助中心)",
    signature=("主SKU", "库存SKU"),
    columns={
        "product_sku": ("主SKU",),
        "variant_sku": ("库存SKU",),
        "title": ("英文标题", "英文名称", "标题"),
        "description": ("英文描述", "描述"),
        "tags": ("关键词", "标签"),
        "color": ("颜色",),
        "size": ("尺寸", "尺码"),
        "inventory": ("库存数量", "库存"),
        "price": ("销售价", "售价", "统一售价"),
        "msrp": ("建议零售价", "市场价"),
        "shipping_price": ("运费",),
        "shipping_weight": ("重量", "包装重量"),
        "main_image": ("主图", "SKU图片", "图片链接"),
        "brand": ("品牌",),
        "category": ("分类", "类目"),
        "gtin": ("UPC", "EAN"),
    },
    multi={"extra_images": ("附图", "附加图片")},
)

# 通途 Tongtool ERP (tongtool.com) 帮助中心 "商品 > 导入商品" template (商品SKU, 父SKU, 商品名称).
TONGTOOL = Preset(
    name="tongtool",
    source="通途 Tongtool ERP help centre, 导入商品模板 (tongtool.com 帮助中心)",
    signature=("商品SKU", "商品名称"),
    columns={
        "product_sku": ("父SKU", "商品编号", "SPU"),
        "variant_sku": ("商品SKU", "子SKU"),
        "title": ("英文标题", "商品英文名称", "商品名称"),
        "description": ("英文描述", "商品描述"),
        "tags": ("关键词",),
        "color": ("颜色",),
        "size": ("尺寸",),
        "inventory": ("库存",),
        "price": ("售价", "销售价格"),
        "msrp": ("建议零售价", "市场价"),
        "shipping_price": ("运费",),
        "shipping_weight": ("商品重量", "重量"),
        "main_image": ("商品主图", "主图"),
        "brand": ("品牌",),
        "category": ("商品分类", "分类"),
    },
    multi={"extra_images": ("商品附图", "附图", "图片")},
)

# 芒果店长 Mango (mangoerp.com) 帮助中心 "产品 > Excel 导入/导出" template (SPU/SKU columns).
MANGO = Preset(
    name="mango",
    source="芒果店长 Mango ERP help centre, 产品 Excel 导入/导出模板 (mangoerp.com 帮助中心)",
    signature=("SPU", "SKU", "英文标题"),
    columns={
        "product_sku": ("SPU", "父体编号"),
        "variant_sku": ("SKU", "商品编码"),
        "title": ("英文标题", "标题"),
        "description": ("英文描述", "描述"),
        "tags": ("关键词", "标签"),
        "color": ("颜色",),
        "size": ("尺码", "尺寸"),
        "inventory": ("库存",),
        "price": ("售价", "销售价"),
        "msrp": ("建议零售价", "原价"),
        "shipping_price": ("运费",),
        "shipping_weight": ("重量",),
        "main_image": ("主图", "主图链接"),
        "variant_image": ("SKU图片", "变体图片"),
        "brand": ("品牌",),
        "category": ("分类", "类目"),
    },
    multi={"extra_images": ("附图", "附图链接")},
)
