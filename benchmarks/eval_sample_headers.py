"""The shipped sample catalog with ALL its headers in a Chinese ERP's words, EVERY rule on.

tests/io/test_core_columns.py checks the core rules for each preset's vocabulary (only the core
columns are translated there, so other rules see fewer columns). This script translates every
column of the sample into the vocabulary of issue 13 (主图链接, 售价(USD), 附图1, 建议零售价,
父体编号, 商品编码, ...), runs the whole default rule set, image rules included, on both, and prints
the verdicts and the findings that differ (none expected).

    python benchmarks/eval_sample_headers.py
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from listing_preflight.api import check_files
from listing_preflight.config import build_config

ROOT = Path(__file__).parents[1]

SAMPLE = ROOT / "fixtures" / "sample"


def findings(path: Path, folder: Path) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """(verdict counts, {(parent product, code)}) of a full default run."""
    config = build_config(flags={"images": str(SAMPLE)}, discover_from=folder)
    report = check_files([path], config)
    with (SAMPLE / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        parent = {i: r["Parent Unique ID"] for i, r in enumerate(csv.DictReader(fh), 2)}
    return report.verdict_counts(), {(parent[row], code) for row, code in report.flatten(("row", "code"))}


# Every column of the sample (Joom CSV template) as a Chinese ERP export writes it. The
# Currency column is left out: the currency is in the price header.
CHINESE = {
    "Parent Unique ID": "父体编号", "*Unique ID": "商品编码", "*Product Name": "英文标题",
    "Description": "英文描述", "*Tags": "关键词", "Color": "颜色", "Size": "尺寸", "*Quantity": "库存",
    "*Price": "售价(USD)", "*MSRP": "建议零售价", "*Shipping": "运费", "Shipping weight": "重量",
    "Shipping Time": "运输时间", "*Product Main Image URL": "主图链接",
    "Variant Main Image URL": "SKU图片", "Extra Image URL": "附图1", "Extra Image URL 1": "附图2",
    "Extra Image URL 2": "附图3", "Dangerous Kind": "危险品类型", "Declared Value": "申报价值",
    "Brand": "品牌", "Model": "型号", "Category": "类目",
}


def main() -> None:
    """Run the English sample and its Chinese translation; print verdicts and differences."""
    with (SAMPLE / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "chinese.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=[CHINESE[k] for k in rows[0] if k in CHINESE])
            writer.writeheader()
            writer.writerows({CHINESE[k]: v for k, v in row.items() if k in CHINESE} for row in rows)
        for name, catalog in (("english", SAMPLE / "catalog.csv"), ("chinese headers", path)):
            verdicts, got = findings(catalog, folder)
            if name == "english":
                english = got
            print(f"{name:<16} {verdicts}  {len(got)} findings; only english: "
                  f"{sorted(english - got) or '-'}; only here: {sorted(got - english) or '-'}")


if __name__ == "__main__":
    main()
