"""What benchmarks/hostile_probe.py found, kept fixed (issue 14: "hostile inputs you have not seen")."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_run import run_cli

HEADER = ["*Unique ID", "Parent Unique ID", "*Product Name", "*Price", "*MSRP", "*Product Main Image URL"]
ROWS = [[f"S{i}", f"P{i}", f"Nice desk lamp number {i} with cable", "9.99", "19.99", "a.jpg"] for i in (1, 2, 3)]


def report(folder: Path, catalog: Path, *select: str) -> tuple[int, dict, str]:
    status, _, err = run_cli("check", str(catalog), "--select", ",".join(select), "--format", "json",
                             "--output", str(folder / "r.json"), "--no-cache")
    assert status in (0, 1), err
    return status, json.loads((folder / "r.json").read_text()), err


def test_a_line_of_millions_of_fields_is_refused_at_once_not_read_for_minutes(isolated: Path) -> None:
    path = isolated / "c.csv"
    path.write_text("a," * 2_500_000 + "\n")  # this hung the run for over 120 s
    status, _, err = run_cli("check", str(path), "--select", "TTL001")
    assert status == 3 and "2,500,001 columns" in err and "16,384" in err


def test_as_many_columns_as_excel_holds_are_still_read(isolated: Path) -> None:
    path = isolated / "c.csv"
    extra = [f"x{i}" for i in range(16_384 - len(HEADER))]
    path.write_text("\n".join(",".join(r + ([""] * len(extra) if r is not HEADER else extra))
                              for r in [HEADER, *ROWS]) + "\n")
    _, doc, _ = report(isolated, path, "TTL001")
    assert doc["summary"]["products"] == 3


def _workbook(path: Path, first: str) -> Path:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Products"
    for row in [HEADER, *ROWS]:
        data.append(row)
    if first == "hidden":
        helper = book.create_sheet("Lists", 0)
        helper.append(["colour", "size"])
        helper.sheet_state = "hidden"
    else:
        from openpyxl.chart import BarChart, Reference

        chart = BarChart()
        chart.add_data(Reference(data, min_col=4, min_row=1, max_row=4), titles_from_data=True)
        book.create_chartsheet("Chart", 0).add_chart(chart)
    book.save(path)
    return path


@pytest.mark.parametrize("first", ["hidden", "chart"])
def test_the_first_visible_worksheet_is_read_not_a_hidden_or_chart_sheet(isolated: Path, first: str) -> None:
    path = _workbook(isolated / "c.xlsx", first)
    _, doc, err = report(isolated, path, "TTL001", "CAT005")
    assert doc["summary"]["products"] == 3
    assert "read sheet 'Products', the first visible worksheet" in err
    assert "chartsheet" not in err


@pytest.mark.parametrize("url", ["http://[::1/x.jpg", "http://127.0.0.1:abc/x.jpg"])
def test_an_address_nothing_can_parse_is_one_img002_not_a_failed_rule(isolated: Path, url: str) -> None:
    path = isolated / "c.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, [*ROWS[0][:5], url]]) + "\n")
    status, doc, _ = report(isolated, path, "IMG002")
    assert doc["failed"] == {} and status == 1
    assert [f["code"] for p in doc["products"] for f in p["findings"]] == ["IMG002"]


def test_a_config_saved_with_a_utf8_bom_is_read(isolated: Path) -> None:
    # Notepad's "UTF-8 with BOM": tomllib refused it as "Invalid statement (at line 1, column 1)".
    path = isolated / "c.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n")
    (isolated / "preflight.toml").write_bytes(b"\xef\xbb\xbf" + b'select = ["TTL001"]\nfail-on = "never"\n')
    status, out, err = run_cli("check", str(path), "--config", "preflight.toml")
    assert status == 0, err
    assert "3 products" in out


@pytest.mark.parametrize("pyproject", ["[tool]\npreflight = 5\n", "tool = 5\n", "[tool]\npreflight = [1]\n"])
def test_a_pyproject_whose_tool_preflight_is_no_table_is_exit_2_in_one_line(isolated: Path, pyproject: str) -> None:
    path = isolated / "c.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n")
    (isolated / "pyproject.toml").write_text(pyproject)
    status, _, err = run_cli("check", str(path), "--select", "TTL001")
    if pyproject.startswith("tool = 5"):
        assert status == 0, err  # no [tool.preflight] at all: nothing to read
    else:
        assert status == 2 and "tool.preflight must be a table" in err and err.count("\n") == 1
