"""How well header matching does on headers it was not built from.

Two sets, scored the same way (canonical field -> the column a person would map it to):

- tune: the layouts of tests/io/test_presets.py, written together with the presets and
  synonyms (the matcher was built until they passed, so they measure nothing but regressions);
- held-out: header rows of Chinese seller spreadsheets found in public GitHub repositories
  (through the code search index; ids below), labelled by hand before the matcher was first
  run on them and not used to change it afterwards. They are selection and inventory sheets,
  not listing exports, which is the point: vocabularies the presets were not written for.

    python benchmarks/eval_headers.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "io"))

from listing_preflight.io.mapping import resolve_mapping  # noqa: E402

# (source, headers, {field: expected column}); "product_id" accepts the column as either
# product_sku or variant_sku.
HELD_OUT = [
    ("code-search id 59420753578 (Amazon candidates sheet)",
     ["状态", "排名", "商品图片", "ASIN", "站点", "品牌", "商品标题", "商品链接", "主图链接", "变体/SKU",
      "产品本体门槛", "外观门槛", "功能门槛", "价格范围门槛", "详情身份门槛", "证据一致性门槛", "门槛原因",
      "目标售价", "实际售价", "币种", "价格偏差率", "月销量", "销量统计周期", "评价星级", "评价数量"],
     {"title": "商品标题", "main_image": "主图链接", "brand": "品牌", "currency": "币种",
      "price": "实际售价", "product_id": "变体/SKU"}),
    ("code-search id 59420753578 (1688 supply sheet)",
     ["状态", "排名", "商品图片", "1688商品ID", "商品标题", "商品链接", "主图链接", "SKU/规格",
      "产品本体门槛", "目标成本", "实际单价", "币种", "价格偏差率", "采购数量档位", "MOQ",
      "近30天销量", "店铺名称", "供应商ID", "供应商主页"],
     {"title": "商品标题", "main_image": "主图链接", "price": "实际单价", "currency": "币种",
      "store": "店铺名称", "product_id": "1688商品ID"}),
    ("code-search id 65801756818 (listing import fields)",
     ["货号", "品名（中文）", "英文标题", "关键词", "单价 USD", "起订量", "图片", "品牌", "备注",
      "叶子类目 ID", "产地"],
     {"product_id": "货号", "title": "英文标题", "tags": "关键词", "price": "单价 USD",
      "main_image": "图片", "brand": "品牌", "category": "叶子类目 ID"}),
    ("code-search id 68844688550 (product sheet)",
     ["父SKU(必填)", "标题(必填)", "产品图", "颜色", "参考网址"],
     {"product_id": "父SKU(必填)", "title": "标题(必填)", "main_image": "产品图", "color": "颜色"}),
    ("code-search id 23546136947 (Winit product table)",
     ["图片", "注册SKU", "父sku", "商品名称", "款式"],
     {"main_image": "图片", "product_id": "父sku", "title": "商品名称"}),
    ("code-search id 9165429483 (sales report)",
     ["销售员", "平台账户", "父SKU", "商品名称", "子sku", "净数量"],
     {"product_id": "父SKU", "title": "商品名称"}),
    ("code-search id 60645317878 (SKU master)",
     ["库存sku", "产品名称", "型号", "原价", "厂家", "备用厂家"],
     {"product_id": "库存sku", "title": "产品名称", "model": "型号", "msrp": "原价", "brand": "厂家"}),
]


def score(cases: list[tuple[str, list[str], dict[str, str]]]) -> tuple[int, int, list[str]]:
    """(right, total, lines describing each miss)."""
    right, total, misses = 0, 0, []
    for source, headers, expected in cases:
        mapping = resolve_mapping(headers, require_title=False)
        # A list expectation is compared with the whole list, a name with the first column.
        got: dict[str, object] = dict(mapping.single)
        for k, v in mapping.multi.items():
            got[k] = v if isinstance(expected.get(k), list) else v[0]
        if mapping.image_list:
            got["main_image"] = mapping.image_list
        if "price" in mapping.currencies and "currency" not in got:
            got["currency"] = mapping.single["price"]  # currency taken from the price header
        for field, column in expected.items():
            total += 1
            if field == "product_id":
                ok = column in (got.get("product_sku"), got.get("variant_sku"))
                seen = f"{got.get('product_sku')}/{got.get('variant_sku')}"
            else:
                ok = got.get(field) == column
                seen = got.get(field)
            right += ok
            if not ok:
                misses.append(f"  {source}: {field} expected {column!r}, got {seen!r}")
    return right, total, misses


def main() -> None:
    """Score both sets and print the misses."""
    from test_presets import LAYOUTS

    tune = [(name, headers, expected) for name, (headers, expected) in LAYOUTS.items()]
    for label, cases in (("tune (preset tests)", tune), ("held-out (public sheets)", HELD_OUT)):
        right, total, misses = score(cases)
        print(f"{label}: {right}/{total} fields mapped as labelled ({right / total:.0%})")
        for line in misses:
            print(line)


if __name__ == "__main__":
    main()
