"""One bad record is a CAT005 finding or a column notice, never exit 3 (issue 14, item 9)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cli_run import run_cli

HEADER = "*Unique ID,Parent Unique ID,*Product Name,*Price,*Product Main Image URL"
ROWS = [f"S{i},P{i},Title number {i} for a thing,9.99,img{i}.jpg" for i in range(1, 6)]
SELECT = ("--select", "TTL001,TTL002,CAT005,PRC001")


def check(path: Path) -> tuple[int, dict, str]:
    status, _, err = run_cli("check", str(path), *SELECT, "--format", "json",
                             "--output", str(path.parent / "r.json"))
    assert status in (0, 1), err
    return status, json.loads((path.parent / "r.json").read_text()), err


def findings(doc: dict, code: str) -> list[tuple[str, int]]:
    return [(p["product_sku"], f["row"]) for p in doc["products"] for f in p["findings"]
            if f["code"] == code]


def write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_bytes((end.join(lines) + end).encode("utf-8"))
    return path


@pytest.mark.parametrize("first, fields", [(ROWS[0] + ",EXTRA", 6), ("S1,P1,Title one,9.99", 4)])
def test_a_ragged_first_data_row_is_one_finding(isolated: Path, first: str, fields: int) -> None:
    _, doc, _ = check(write(isolated / "c.csv", [HEADER, first, *ROWS[1:]]))
    assert doc["summary"]["products"] == 5
    assert findings(doc, "CAT005") == [("P1", 2)]
    assert f"has {fields} fields" in doc["products"][0]["findings"][0]["message"]


def test_a_trailing_empty_header_column_is_a_notice_not_a_finding_per_row(isolated: Path) -> None:
    _, doc, err = check(write(isolated / "c.csv", [HEADER + ",", *ROWS]))
    assert doc["summary"]["products"] == 5 and findings(doc, "CAT005") == []
    assert "empty column" in err


def test_a_stray_quote_inside_a_later_field_is_kept_as_text(isolated: Path) -> None:
    odd = 'S9,P9,Screen 12" monitor stand,9.99,img9.jpg'
    _, doc, _ = check(write(isolated / "c.csv", [HEADER, *ROWS[:2], odd, *ROWS[2:]]))
    assert doc["summary"]["products"] == 6 and doc["summary"]["by_rule"] == {}


def test_an_unclosed_opening_quote_costs_only_its_own_record(isolated: Path) -> None:
    odd = 'S9,P9,"Screen 12 monitor stand,9.99,img9.jpg'
    _, doc, _ = check(write(isolated / "c.csv", [HEADER, *ROWS[:2], odd, *ROWS[2:]]))
    assert doc["summary"]["products"] == 6
    assert findings(doc, "CAT005") == [("P9", 4)]


def test_a_field_over_128_kib_is_read(isolated: Path) -> None:
    long = "S9,P9," + "x" * 140_000 + ",9.99,img9.jpg"
    _, doc, _ = check(write(isolated / "c.csv", [HEADER, *ROWS[:2], long, *ROWS[2:]]))
    assert doc["summary"]["products"] == 6
    assert findings(doc, "TTL002") == [("P9", 4)]


def test_cr_only_line_endings(isolated: Path) -> None:
    _, doc, _ = check(write(isolated / "c.csv", [HEADER, *ROWS], end="\r"))
    assert doc["summary"]["products"] == 5 and [p["row"] for p in doc["products"]] == [2, 3, 4, 5, 6]


def test_unusual_parquet_columns_are_notices_and_the_rest_is_checked(isolated: Path) -> None:
    table = pa.table({
        "*Unique ID": ["S1", "S2", "S3"], "Parent Unique ID": ["P1", "P2", "P3"],
        "*Product Name": ["Desk lamp with a long arm", "", "Blue ceramic cup"],
        "*Price": ["9.99", "5", "7"], "*Product Main Image URL": ["a.jpg", "b.jpg", "c.jpg"],
        "raw": pa.array([b"\xff\xfe\x00bad", b"ok", None], pa.binary()),
        "attrs": pa.array([[("k", "v")], [], None], pa.map_(pa.string(), pa.string())),
        "wait": pa.array([datetime.timedelta(seconds=5), None, None], pa.duration("s")),
        "grid": pa.array([[[1, 2], [3]], [], None], pa.list_(pa.list_(pa.int64()))),
    })
    pq.write_table(table, isolated / "c.parquet")
    _, doc, err = check(isolated / "c.parquet")
    assert doc["summary"]["products"] == 3
    assert findings(doc, "TTL001") == [("P2", 3)]
    assert "not UTF-8" in err


GOOD = [{"sku": f"S{i}", "name": f"Nice desk lamp number {i}", "main_image": "a.jpg",
         "variants": [{"sku": f"S{i}-1", "price": "9.99"}]} for i in range(3)]


def test_a_jsonl_line_nested_50k_deep_is_one_finding(isolated: Path) -> None:
    deep = '{"sku": "D1", "extra": ' + "[" * 50_000 + "]" * 50_000 + "}"
    path = isolated / "c.jsonl"
    path.write_text("\n".join([json.dumps(GOOD[0]), deep, *map(json.dumps, GOOD[1:])]) + "\n")
    _, doc, _ = check(path)
    assert doc["summary"]["products"] == 3
    assert findings(doc, "CAT005") == [("row-2", 2)]


def test_a_json_array_item_nested_100k_deep_is_one_finding(isolated: Path) -> None:
    deep = '{"sku": "D2", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = isolated / "c.json"
    path.write_text("[" + ",".join([json.dumps(GOOD[0]), deep, json.dumps(GOOD[1])]) + "]")
    _, doc, _ = check(path)
    assert doc["summary"]["products"] == 2
    assert findings(doc, "CAT005") == [("row-2", 2)]


def test_a_json_document_that_is_only_nesting_is_a_clear_exit_3(isolated: Path) -> None:
    path = isolated / "c.json"
    path.write_text('{"data": ' + "[" * 100_000 + "]" * 100_000 + "}")
    status, _, err = run_cli("check", str(path))
    assert status == 3 and "nested too deeply" in err


def test_an_unclosed_quote_closed_by_a_later_quoted_field_loses_no_record(isolated: Path) -> None:
    # Found by benchmarks/fuzz_catalogs.py: the opening quote of S3's third field closes the
    # unclosed one of S0; the merged record looked almost whole (one empty extra field).
    lines = [HEADER.replace(",", ";"), 'S0;P0;"'] + [
        f"S{i};P0;Title number {i};9.99;img{i}.jpg" for i in (1, 2)] + ['S3;P0;";0";9.99;img3.jpg;']
    _, doc, _ = check(write(isolated / "c.csv", lines))
    assert doc["summary"]["variants"] == 4  # S0 (a CAT005 finding), S1, S2, S3
    assert findings(doc, "CAT005") == [("P0", 2)]
