"""Core columns or a clear stop; the sample catalog under every preset's headers; `preflight columns`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_run import run_cli

from listing_preflight.api import check_files
from listing_preflight.config import build_config

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample"
# Rules that read only the core columns: title, price, main image, SKU (issue 13's silent passes).
CORE_RULES = ["TTL001", "TTL007", "TTL008", "PRC001", "IMG001", "CAT001"]

# The sample's columns (Joom CSV template) as each preset writes them. `extra` is the base name
# of the numbered extra-image columns; WooCommerce has one `Images` column instead.
TRANSLATIONS: dict[str, dict[str, str]] = {
    "joom-csv-zh": {"Parent Unique ID": "*父产品唯一ID", "*Unique ID": "*唯一ID",
                    "*Product Name": "*产品名称", "*Price": "*价格", "Currency": "货币",
                    "*Product Main Image URL": "*产品主图URL", "extra": "附加图片URL {n}"},
    "dianxiaomi": {"Parent Unique ID": "父SKU", "*Unique ID": "子SKU", "*Product Name": "产品标题",
                   "*Price": "售价(USD)", "*Product Main Image URL": "主图链接", "extra": "附图{n}"},
    "mabang": {"Parent Unique ID": "主SKU", "*Unique ID": "库存SKU", "*Product Name": "英文名称",
               "*Price": "销售价（美元）", "*Product Main Image URL": "主图", "extra": "附图{n}"},
    "tongtool": {"Parent Unique ID": "父SKU", "*Unique ID": "商品SKU", "*Product Name": "商品名称",
                 "*Price": "售价", "Currency": "币种", "*Product Main Image URL": "商品主图",
                 "extra": "商品附图{n}"},
    "mango": {"Parent Unique ID": "SPU", "*Unique ID": "SKU", "*Product Name": "英文标题",
              "*Price": "售价(美元)", "*Product Main Image URL": "主图", "extra": "附图{n}"},
    "issue-13": {"Parent Unique ID": "父体编号", "*Unique ID": "商品编码", "*Product Name": "英文标题",
                 "*Price": "售价(USD)", "*Product Main Image URL": "主图链接", "*MSRP": "建议零售价",
                 "extra": "附图{n}"},
    "amazon-flat-file": {"Parent Unique ID": "parent_sku", "*Unique ID": "item_sku",
                         "*Product Name": "item_name", "*Price": "standard_price",
                         "Currency": "currency", "*Product Main Image URL": "main_image_url",
                         "extra": "other_image_url{n}"},
    "shopify": {"Parent Unique ID": "Handle", "*Unique ID": "Variant SKU", "*Product Name": "Title",
                "*Price": "Variant Price", "*Product Main Image URL": "Image Src"},
    "woocommerce": {"Parent Unique ID": "Parent", "*Unique ID": "SKU", "*Product Name": "Name",
                    "*Price": "Regular price", "images": "Images"},
    "magento": {"*Unique ID": "sku", "*Product Name": "name", "*Price": "price",
                "*Product Main Image URL": "base_image", "extra": "additional_images"},
}
EXTRAS = ("Extra Image URL", "Extra Image URL 1", "Extra Image URL 2")


def _translate(rows: list[dict[str, str]], names: dict[str, str]) -> list[dict[str, str]]:
    """The sample rows with the preset's headers (columns it has no name for are left out)."""
    out = []
    for row in rows:
        new = {names[k]: v for k, v in row.items() if k in names}
        extras = [row[e] for e in EXTRAS if row[e]]
        if "extra" in names and "{n}" in names["extra"]:
            new.update({names["extra"].format(n=i): row[e] for i, e in enumerate(EXTRAS, 1)})
        elif "extra" in names:
            new[names["extra"]] = ",".join(extras)
        if "images" in names:
            new[names["images"]] = ", ".join(x for x in [row["*Product Main Image URL"], *extras] if x)
        out.append(new)
    return out


def _findings(path: Path, tmp_path: Path) -> set[tuple[str, str]]:
    """(parent product, code) of the core rules' findings; the parent is read from the row."""
    config = build_config(flags={"select": CORE_RULES, "images": str(SAMPLE)}, discover_from=tmp_path)
    report = check_files([path], config)
    with (SAMPLE / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        parent_of_row = {i: r["Parent Unique ID"] for i, r in enumerate(csv.DictReader(fh), 2)}
    return {(parent_of_row[row], code) for row, code in report.flatten(("row", "code"))}


def _write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> set[tuple[str, str]]:
    """The core findings of the sample catalog as shipped (Joom English template)."""
    found = _findings(SAMPLE / "catalog.csv", tmp_path_factory.mktemp("en"))
    # The sample plants these: a missing title, price 0 and 'abc', no main image, promo titles.
    assert {("JS-1011", "TTL001"), ("JS-1007", "PRC001"), ("JS-1012", "PRC001"),
            ("JS-1013", "IMG001"), ("JS-1005", "TTL007")} <= found
    return found


@pytest.mark.parametrize("preset", sorted(TRANSLATIONS))
def test_sample_under_each_presets_headers_gives_the_same_core_findings(preset, english, tmp_path):
    """The sample with its headers translated into a preset's vocabulary: same core findings."""
    with (SAMPLE / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    path = _write(_translate(rows, TRANSLATIONS[preset]), tmp_path / f"{preset}.csv")
    assert _findings(path, tmp_path) == english


HEADERS = {"product_id": "SKU", "title": "Title", "price": "Price", "main_image": "Main Image"}
# A column for each core field that no synonym knows but that the hint should point at.
ODD = {"product_id": "Artikelnummer SKU-Code", "title": "Titel", "price": "Preis",
       "main_image": "Main Pic"}


@pytest.mark.parametrize("field", sorted(HEADERS))
def test_each_missing_core_field_stops_the_run_with_the_columns_lines(field, tmp_path, monkeypatch):
    """No column for one core field: exit 2 before any work, the [columns] line to add."""
    monkeypatch.chdir(tmp_path)
    headers = [ODD[field] if f == field else h for f, h in HEADERS.items()]
    (tmp_path / "c.csv").write_text(",".join(headers) + "\nA-1,Lamp 10W LED,5.00,a.jpg\n",
                                    encoding="utf-8")
    status, out, err = run_cli("check", "c.csv", "--format", "json")
    assert status == 2
    assert out == ""  # nothing was checked, no report
    assert f"core field(s) {field}" in err
    assert "Columns found: " + ", ".join(repr(h) for h in headers) in err
    key = "product_sku" if field == "product_id" else field
    if field == "product_id":
        assert f'{key} = "' in err  # the hint names some column; the line is there to edit
    else:
        assert f'[columns]\n{key} = "{ODD[field]}"' in err


def test_the_columns_line_it_prints_makes_the_run_work(tmp_path, monkeypatch):
    """Copying the printed lines into preflight.toml is enough for the run to go ahead."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text("SKU,名字,价钱,图\nA-1,Lamp 10W LED,5.00,a.jpg\n", encoding="utf-8")
    status, _, err = run_cli("check", "c.csv", "--select", "PRC001")
    assert status == 2
    (tmp_path / "preflight.toml").write_text(err[err.index("[columns]"):], encoding="utf-8")
    status, out, err = run_cli("check", "c.csv", "--select", "PRC001", "--format", "json")
    assert status == 0, err
    assert json.loads(out)["columns"]["c.csv"]["fields"]["price"] == "价钱"


def test_selected_rules_decide_which_core_fields_are_needed(tmp_path, monkeypatch):
    """`--select TTL` on a catalog without prices or images runs: those rules need no price."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text("SKU,Title\nA-1,Lamp 10W LED Desk Light\n", encoding="utf-8")
    status, _, err = run_cli("check", "c.csv", "--select", "TTL001")
    assert status == 0, err


def test_no_parent_column_says_how_variants_were_grouped(tmp_path, monkeypatch):
    """Only a variant SKU column: a notice says each SKU is its own product and how to map one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text("SKU,Title,Price,Image\nA-1,Lamp 10W LED Desk Light,5,a.jpg\n",
                                    encoding="utf-8")
    status, _, err = run_cli("check", "c.csv", "--select", "PRC001")
    assert status == 0
    assert "no parent SKU column" in err and "product_sku" in err


def test_skipped_rules_are_at_the_top_of_the_text_report_and_in_json(tmp_path, monkeypatch):
    """A rule skipped for a missing optional column is named first in text, and in JSON `skipped`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text("SKU,Title,Price,Image\nA-1,Lamp 10W LED Desk Light,5,a.jpg\n",
                                    encoding="utf-8")
    status, out, _ = run_cli("check", "c.csv", "--select", "PRC001,CAT", "--format", "json")
    assert json.loads(out)["skipped"]["CAT002"] == "no store column"
    status, out, _ = run_cli("check", "c.csv", "--select", "PRC001,CAT")
    assert "skipped CAT002: no store column" in out.split("\n\n")[0]


def test_columns_command_shows_the_mapping(tmp_path, monkeypatch):
    """`preflight columns`: field <- column, preset, unmapped columns, fields not found; JSON too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text(
        "父体编号,商品编码,英文标题,售价(USD),主图链接,附图1,附图2,备注\nP,P-1,Lamp,5,a.jpg,b.jpg,,x\n",
        encoding="utf-8")
    status, out, _ = run_cli("columns", "c.csv")
    assert status == 0
    assert "price            <- '售价(USD)'  (currency USD from the header)" in out
    assert "extra_images     <- '附图1', '附图2'" in out
    assert "unmapped columns: '备注'" in out
    status, out, _ = run_cli("columns", "c.csv", "--format", "json")
    doc = json.loads(out)["columns"]["c.csv"]
    assert doc["fields"]["product_sku"] == "父体编号" and doc["currencies"] == {"price": "USD"}
    assert doc["unmapped"] == ["备注"] and "brand" in doc["missing"] and doc["core_missing"] == []


def test_columns_command_exits_2_when_a_core_field_is_missing(tmp_path, monkeypatch):
    """The mapping is shown, then the same stop message as `check`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text("SKU,Title,Price\nA,Lamp,5\n", encoding="utf-8")
    status, out, err = run_cli("columns", "c.csv")
    assert status == 2 and "title            <- 'Title'" in out
    assert 'main_image = "<your column>"' in err
