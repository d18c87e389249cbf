"""Spreadsheets as sellers fill them: merged cells, formula cells, a stray far-away cell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

from listing_preflight.api import check_files
from listing_preflight.config import build_config
from listing_preflight.io import read_catalog
from listing_preflight.io.xlsx_scan import column_letters, column_number, scan_sheet

HEADER = ["Parent SKU", "SKU", "Title", "Price", "Main Image"]


def _rows() -> list[list[object]]:
    return [["P1", "P1-S", "Cotton T-Shirt Men Short Sleeve", 9.5, "a.jpg"],
            ["P1", "P1-M", None, 9.5, "a.jpg"],
            ["P1", "P1-L", None, 9.5, "a.jpg"],
            ["P2", "P2-1", "Ceramic Coffee Mug 350 ml", 4.0, "b.jpg"]]


def test_merged_title_is_read_in_every_row_of_the_range(tmp_path):
    """A title merged over a product's variant rows is that title on each of them, not empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _rows():
        sheet.append(row)
    sheet.merge_cells("C2:C4")
    book.save(tmp_path / "merged.xlsx")
    frame = read_catalog([tmp_path / "merged.xlsx"]).frame
    assert frame["title"].to_list() == ["Cotton T-Shirt Men Short Sleeve"] * 3 + ["Ceramic Coffee Mug 350 ml"]


def test_formula_cells_use_their_saved_result(tmp_path):
    """`=D2*2` saved with its result 19 is read as 19 (what Excel shows)."""
    path = tmp_path / "cached.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["P1", "P1-1", "Cotton T-Shirt Men Short Sleeve"])
    sheet.write_formula(1, 3, "=9.5*2", None, 19)
    sheet.write_string(1, 4, "a.jpg")
    book.close()
    assert read_catalog([path]).frame["price"].to_list() == ["19"]


def test_a_formula_without_a_saved_result_is_reported_as_such(tmp_path):
    """A formula never calculated (a script wrote the file) is named, not taken for a missing price."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["P1", "P1-1", "Cotton T-Shirt Men Short Sleeve", "=9.5*2", "a.jpg"])
    book.save(tmp_path / "uncached.xlsx")
    catalog = read_catalog([tmp_path / "uncached.xlsx"])
    assert any("formula cell(s) have no saved result (e.g. D2 '=9.5*2')" in n for n in catalog.notices)
    report = check_files([tmp_path / "uncached.xlsx"],
                         build_config(flags={"select": ["PRC001"]}, discover_from=tmp_path))
    (message,), = report.flatten(("message",))
    assert "formula without a saved result" in message and "missing" not in message


def test_a_stray_far_away_cell_does_not_allocate_the_whole_sheet(tmp_path):
    """A value at XFD1048576 is left out with a notice; the table is read (no abort, exit 0)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in _rows():
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    book.save(tmp_path / "stray.xlsx")
    # In a child process: the failure this guards against aborts the process (exit 134).
    result = subprocess.run([sys.executable, "-m", "listing_preflight", "check", "stray.xlsx",
                             "--select", "PRC001", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "XFD1048576" in result.stderr and "the table is A1:E5" in result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert (summary["products"], summary["variants"]) == (2, 4)


def test_scan_finds_extent_merges_and_uncached_formulas(tmp_path):
    """The XML pass: cells with values, merged ranges, formulas without a result."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["P1", "P1-1", "T", "=1+1", "a.jpg"])
    sheet.merge_cells("A2:B2")
    sheet["C30000"] = "far"
    book.save(tmp_path / "s.xlsx")
    scan = scan_sheet(tmp_path / "s.xlsx", None)
    assert scan is not None
    assert scan.merges == [(2, 1, 2, 2)]
    assert scan.uncached == {(2, 4): "1+1"}
    assert scan.extent() == (30000, 5) and scan.table_extent() == (2, 5)
    assert scan.strays() == [(30000, 3)]


def test_column_letters_round_trip():
    """A <-> 1, XFD <-> 16384."""
    for number in (1, 26, 27, 702, 703, 16384):
        assert column_number(column_letters(number)) == number
    assert column_letters(16384) == "XFD"


def test_rows_are_numbered_as_in_the_sheet_when_the_table_does_not_start_at_a1(tmp_path):
    """A table starting at B3 reports its first data row as row 4."""
    book = openpyxl.Workbook()
    sheet = book.active
    for i, value in enumerate(HEADER):
        sheet.cell(row=3, column=2 + i, value=value)
    for i, value in enumerate(_rows()[0]):
        sheet.cell(row=4, column=2 + i, value=value)
    book.save(tmp_path / "offset.xlsx")
    assert read_catalog([tmp_path / "offset.xlsx"]).frame["row"].to_list() == [4]


def test_benchmark_script_exists():
    """The cost of the pre-scan is measured by benchmarks/bench_xlsx.py (not timed here)."""
    assert (Path(__file__).parents[2] / "benchmarks" / "bench_xlsx.py").is_file()
