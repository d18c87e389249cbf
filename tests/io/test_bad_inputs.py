"""Bad catalog files give one clear line and the right exit status, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "Parent Unique ID,*Product Name,*Unique ID,*Price,*Quantity,*Shipping,*Tags,*Product Main Image URL\n"
GOOD = "P1,Anker Power Bank 10000mAh,P1-A,19.99,5,1.5,charger,a.jpg\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `preflight` as a user would, in a folder without a project config."""
    return subprocess.run([sys.executable, "-m", "listing_preflight", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def assert_clean_error(result: subprocess.CompletedProcess[str], status: int, *words: str) -> None:
    """Exit status as expected, one 'preflight: error:' line, no traceback."""
    assert status == result.returncode, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("preflight: error:")]
    assert 1 == len(lines), result.stderr
    # The message starts on that line; a missing core column adds the [columns] lines below it.
    message = result.stderr[result.stderr.index(lines[0]):]
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "name,content,status,words",
    [
        ("empty.csv", b"", 3, ("empty",)),
        ("blank.csv", b"  \n\n", 3, ("no content",)),
        ("header-only.csv", HEADER.encode(), 3, ("no data rows",)),
        ("missing.csv", None, 3, ("no such file",)),
        ("garbage.xlsx", b"PK\x03\x04 this is not a workbook", 3, ("spreadsheet",)),
        ("broken.json", b"[{\"name\": ", 3, ("invalid JSON",)),
        ("notes.csv", b"Foo,Bar\n1,2\n", 2, ("title", "Columns found: 'Foo', 'Bar'")),
    ],
)
def test_unreadable_catalogs(tmp_path, name, content, status, words):
    """Empty, header-only, missing, corrupt and unmappable catalogs."""
    if content is not None:
        (tmp_path / name).write_bytes(content)
    assert_clean_error(run_cli("check", name, cwd=tmp_path), status, *words)


def test_missing_column_names_closest_match(tmp_path):
    """A missing required column lists what was found and the closest header."""
    (tmp_path / "c.csv").write_text("SKU,Titel,Price\nA,Lamp,5\n")
    result = run_cli("check", "c.csv", cwd=tmp_path)
    assert_clean_error(result, 2, "'Titel'", "[columns]")


def test_ragged_rows_become_findings_and_the_rest_is_checked(tmp_path):
    """A row with too many or too few fields is CAT005; other rows are still checked."""
    body = HEADER + GOOD + "P2,Lamp 10W,P2-A,5,1,1,x,b.jpg,EXTRA,MORE\n" + "P3,Mug 350ml,P3-A\n" + \
        "P4,,P4-A,3,1,1,y,c.jpg\n"
    (tmp_path / "c.csv").write_text(body)
    result = run_cli("check", "c.csv", "--format", "json", cwd=tmp_path)
    assert 1 == result.returncode, result.stderr
    doc = json.loads(result.stdout)
    by_sku = {p["product_sku"]: {f["code"] for f in p["findings"]} for p in doc["products"]}
    assert {"P1", "P2", "P3", "P4"} == set(by_sku)
    assert "CAT005" in by_sku["P2"] and "CAT005" in by_sku["P3"]
    assert "TTL001" in by_sku["P4"]
    assert "CAT005" not in by_sku["P1"]


def test_quoted_newlines_keep_rows_together(tmp_path):
    """A description with line breaks inside quotes stays one record with the right row number."""
    body = HEADER.replace("*Tags", "Description,*Tags") + \
        'P1,Lamp 10W,P1-A,5,1,1,"line one\nline two\n\nline four",x,a.jpg\nP2,,P2-A,5,1,1,ok,x,b.jpg\n'
    (tmp_path / "c.csv").write_text(body)
    result = run_cli("check", "c.csv", "--format", "json", "--select", "TTL001", cwd=tmp_path)
    doc = json.loads(result.stdout)
    assert [("P1", 2, []), ("P2", 3, ["TTL001"])] == [
        (p["product_sku"], p["row"], [f["code"] for f in p["findings"]]) for p in doc["products"]]


def test_duplicate_headers_are_read_with_a_note(tmp_path):
    """A repeated header name is read under a new name and reported on stderr."""
    body = "*Product Name,Color,*Unique ID,Color,*Price\nLamp 10W,Red,A1,Blue,5\n"
    (tmp_path / "c.csv").write_text(body)
    result = run_cli("check", "c.csv", "--select", "TTL,PRC", cwd=tmp_path)
    assert 0 == result.returncode, result.stderr
    assert "'Color' appears more than once" in result.stderr


def test_input_is_never_modified(tmp_path):
    """A check leaves the catalog byte-identical."""
    path = tmp_path / "c.csv"
    path.write_bytes((HEADER + GOOD).encode("gbk"))
    before = path.read_bytes()
    run_cli("check", "c.csv", cwd=tmp_path)
    assert before == path.read_bytes()


def test_invalid_jsonl_line_is_a_finding(tmp_path):
    """One broken JSON line is reported; the other products are checked."""
    good = json.dumps({"sku": "P1", "name": "Lamp 10W", "variants": [{"sku": "P1-A", "price": "5"}]})
    (tmp_path / "c.jsonl").write_text(good + "\n{broken\n")
    result = run_cli("check", "c.jsonl", "--format", "json", "--select", "CAT005,TTL001", cwd=tmp_path)
    doc = json.loads(result.stdout)
    assert [("P1", []), ("row-2", ["CAT005"])] == [
        (p["product_sku"], [f["code"] for f in p["findings"]]) for p in doc["products"]]


def test_xlsx_sheet_option(tmp_path):
    """--sheet picks a sheet by name; an unknown sheet lists the sheets (exit 3)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "c.xlsx"))
    book.add_worksheet("Notes").write_row(0, 0, ["just", "notes"])
    products = book.add_worksheet("Products")
    for r, line in enumerate((HEADER + GOOD).splitlines()):
        products.write_row(r, 0, line.split(","))
    book.close()
    result = run_cli("check", "c.xlsx", "--sheet", "Products", "--select", "TTL,PRC", cwd=tmp_path)
    assert 0 == result.returncode, result.stderr
    assert_clean_error(run_cli("check", "c.xlsx", "--sheet", "Prices", cwd=tmp_path), 3, "Notes, Products")
    assert_clean_error(run_cli("check", "c.xlsx", cwd=tmp_path), 3, "--sheet", "Notes, Products")
