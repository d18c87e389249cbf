"""The XLSX report of an XLSX catalog is the seller's own workbook, with the findings added."""

from __future__ import annotations

import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from catalog_factory import EXPECTED, PRODUCTS, RULES, rows
from cli_run import run_cli

NUMBER_COLUMNS = (7, 8, 9, 10)  # quantity, price, MSRP, shipping


def two_sheet_workbook(path: Path) -> Path:
    """商品列表 (the catalog, numbers as number cells with format 0.00) and 说明 (notes)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("商品列表")
    money = book.add_format({"num_format": "0.00", "bold": True})
    for r, values in enumerate(rows()):
        for c, value in enumerate(values):
            if value == "":
                continue
            if r and c in NUMBER_COLUMNS and value.replace(".", "", 1).isdigit():
                sheet.write_number(r, c, float(value), money)
            else:
                sheet.write_string(r, c, value)
    sheet.set_column(1, 1, 40)
    book.add_worksheet("说明").write_string(0, 0, "请按模板填写")
    book.close()
    return path


@pytest.fixture
def report(isolated: Path) -> Path:
    two_sheet_workbook(isolated / "erp-num.xlsx")
    status, _, err = run_cli("check", "erp-num.xlsx", "--select", RULES, "--output", "report.xlsx")
    assert status == 1, err
    return isolated / "report.xlsx"


def test_sheets_names_columns_numbers_and_formats_are_kept(report: Path, isolated: Path) -> None:
    before = openpyxl.load_workbook(isolated / "erp-num.xlsx")
    after = openpyxl.load_workbook(report)
    assert after.sheetnames == ["商品列表", "说明", "Findings"]
    old, new = before["商品列表"], after["商品列表"]
    width = old.max_column
    assert [c.value for c in new[1]][:width] == [c.value for c in old[1]]
    for r in range(1, old.max_row + 1):
        for c in range(1, width + 1):
            a, b = old.cell(r, c), new.cell(r, c)
            assert (a.value, a.number_format, a.font.b) == (b.value, b.number_format, b.font.b)
    assert new["I2"].value == 3.5 and new["I2"].number_format == "0.00"  # a number, not '3.5'
    assert new.column_dimensions["B"].width == old.column_dimensions["B"].width
    assert after["说明"]["A1"].value == "请按模板填写"


def test_verdict_and_findings_are_appended_and_offending_cells_marked(report: Path) -> None:
    book = openpyxl.load_workbook(report)
    sheet = book["商品列表"]
    assert [c.value for c in sheet[1]][15:] == ["preflight verdict", "preflight findings"]
    assert sheet["P6"].value == "reject likely" and sheet["P6"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["P2"].value == "pass" and sheet["P2"].fill.fgColor.rgb == "FFC6EFCE"
    assert sheet["Q8"].value.startswith("PRC001 error: price 'abc'")
    marked = {cell.coordinate: cell for row in sheet.iter_rows() for cell in row if cell.comment}
    assert set(marked) == {"B6", "B7", "I8", "L10", "E11", "E12", "D13"}
    assert marked["I8"].fill.fgColor.rgb == "FFFFC7CE" and marked["I8"].value == "abc"
    assert marked["I8"].comment.text.startswith("PRC001 error")
    assert sheet.max_row == 1 + sum(len(p[4]) for p in PRODUCTS)
    findings = book["Findings"]
    assert findings.max_row == 1 + len(EXPECTED)
    links = {findings.cell(r, 10).hyperlink.location for r in range(2, findings.max_row + 1)}
    assert "'商品列表'!I8" in links


def test_every_xml_part_is_well_formed_and_the_input_is_unchanged(report: Path, isolated: Path) -> None:
    original = (isolated / "erp-num.xlsx").read_bytes()
    with zipfile.ZipFile(report) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ET.fromstring(zf.read(name))
    run_cli("check", "erp-num.xlsx", "--select", RULES, "--output", "again.xlsx")
    assert (isolated / "erp-num.xlsx").read_bytes() == original


def test_ready_and_to_fix_of_a_workbook_keep_its_sheets_numbers_and_formats(isolated: Path) -> None:
    two_sheet_workbook(isolated / "erp-num.xlsx")
    status, _, err = run_cli("check", "erp-num.xlsx", "--select", RULES, "--ready", "out/ready.xlsx",
                             "--to-fix", "out/fix.xlsx")
    assert status == 1, err
    ready, fix = openpyxl.load_workbook("out/ready.xlsx"), openpyxl.load_workbook("out/fix.xlsx")
    assert ready.sheetnames == fix.sheetnames == ["商品列表", "说明"]
    sheet = ready["商品列表"]
    bad = {sku for sku, _code in EXPECTED}
    skus = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert set(skus) == {p[0] for p in PRODUCTS} - bad and sheet.max_row == 1 + len(skus)
    assert sheet["I2"].value == 3.5 and sheet["I2"].number_format == "0.00"  # still a number
    assert sheet["L2"].value == "../img/p01.jpg"  # found again from out/
    fixing = fix["商品列表"]
    assert [c.value for c in fixing[1]][-1] == "preflight findings"
    rows = {fixing.cell(r, 5).value: fixing.cell(r, 16).value for r in range(2, fixing.max_row + 1)}
    assert rows["P05-A"].startswith("PRC001 error: price 'abc'") and rows["P05-B"] is None
    assert fix["说明"]["A1"].value == "请按模板填写"


@pytest.mark.parametrize("title", ["店铺商品导出 2026-12", None])
def test_a_table_that_starts_lower_down_is_marked_on_its_own_rows(isolated: Path, title: str | None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(isolated / "t.xlsx"))
    sheet = book.add_worksheet("Sheet1")
    if title:  # a title row and a blank row above the table; else two blank rows
        sheet.write_string(0, 0, title)
    for r, values in enumerate(rows(), start=2):
        for c, value in enumerate(values):
            if value:
                sheet.write_string(r, c, value)
    book.close()
    status, _, err = run_cli("check", "t.xlsx", "--select", RULES, "--output", "r.xlsx",
                             "--to-fix", "fix.xlsx")
    assert status == 1, err
    sheet = openpyxl.load_workbook("r.xlsx")["Sheet1"]
    assert sheet["A1"].value == title and sheet["P3"].value == "preflight verdict"
    assert sheet["I10"].value == "abc" and sheet["I10"].comment.text.startswith("PRC001")
    fix = openpyxl.load_workbook("fix.xlsx")["Sheet1"]
    assert fix["A1"].value == title and fix["E4"].value == "P03-1"
