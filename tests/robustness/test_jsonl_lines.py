"""JSON Lines split only where JSON allows a line break; one odd line costs only itself (issue 14).

The 10,000-example fuzz run lost 11 JSONL records: a product whose name held a literal U+2028
(legal inside a JSON string) was split by str.splitlines() into two broken halves, or, alone in
a file, counted as two lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run_cli

SELECT = ("--select", "TTL001,CAT005,PRC001")


def product(sku: str, name: str = "Nice desk lamp with a long cable") -> dict:
    return {"sku": sku, "name": name, "main_image": "a.jpg",
            "variants": [{"sku": f"{sku}-1", "price": "9.99"}]}


def check(path: Path) -> dict:
    out = path.parent / "r.json"
    status, _, err = run_cli("check", str(path), *SELECT, "--format", "json", "--output", str(out))
    assert status in (0, 1), err
    return json.loads(out.read_text())


def bad_records(doc: dict) -> list[int]:
    return sorted(f["row"] for p in doc["products"] for f in p["findings"] if f["code"] == "CAT005")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e"])
def test_a_line_separator_inside_a_json_string_keeps_the_record_whole(isolated: Path,
                                                                      separator: str) -> None:
    lines = [json.dumps(product("S1")),
             json.dumps(product("S2", f"Desk lamp{separator}with a long cable"), ensure_ascii=False),
             json.dumps(product("S3"))]
    path = isolated / "c.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    doc = check(path)
    assert doc["summary"]["products"] == 3
    assert bad_records(doc) == []


def test_a_single_object_file_with_u2028_is_one_product(isolated: Path) -> None:
    path = isolated / "c.json"
    path.write_bytes(json.dumps(product("S1", "Lamp\u2028shade"), ensure_ascii=False).encode())
    assert check(path)["summary"]["products"] == 1


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_only_line_endings(isolated: Path, ending: str) -> None:
    path = isolated / "c.jsonl"
    path.write_bytes(ending.join(json.dumps(product(f"S{i}")) for i in range(3)).encode())
    doc = check(path)
    assert doc["summary"]["products"] == 3 and bad_records(doc) == []


def test_a_bom_starting_a_later_line_and_blank_looking_lines_are_not_bad_records(isolated: Path) -> None:
    # Two UTF-8-with-BOM exports concatenated, with form feeds and NELs between them.
    data = (b"\xef\xbb\xbf" + json.dumps(product("S1")).encode() + b"\n\x0c\n"
            + "\x85\u2028 \t".encode() + b"\n\xef\xbb\xbf" + json.dumps(product("S2")).encode()
            + b"\n\xef\xbb\xbf\n")
    path = isolated / "c.jsonl"
    path.write_bytes(data)
    doc = check(path)
    assert doc["summary"]["products"] == 2 and bad_records(doc) == []


def test_a_number_python_refuses_costs_only_its_line(isolated: Path) -> None:
    # int() refuses over 4,300 digits with a ValueError that is not a JSONDecodeError.
    huge = '{"sku": "N1", "name": "Lamp", "price": ' + "9" * 5000 + "}"
    path = isolated / "c.jsonl"
    path.write_text("\n".join([json.dumps(product("S1")), huge, json.dumps(product("S2"))]) + "\n")
    doc = check(path)
    assert doc["summary"]["products"] == 2 and bad_records(doc) == [2]


def test_a_json_array_holding_a_huge_number_costs_only_that_item(isolated: Path) -> None:
    path = isolated / "c.json"
    path.write_text("[" + ",".join([json.dumps(product("S1")), "1" * 5000, json.dumps(product("S2"))]) + "]")
    doc = check(path)
    assert doc["summary"]["products"] == 2 and bad_records(doc) == [2]


@pytest.mark.parametrize("line", ["[1, 2]", "42", '"text"', "null", "true", "\x00", '{"a": 1}\x00'])
def test_valid_json_that_is_not_an_object_or_a_nul_is_one_bad_record(isolated: Path, line: str) -> None:
    path = isolated / "c.jsonl"
    path.write_text("\n".join([json.dumps(product("S1")), line, json.dumps(product("S2"))]) + "\n")
    doc = check(path)
    assert bad_records(doc) == [2]


def test_a_json_array_cut_short_keeps_the_items_before_the_cut(isolated: Path) -> None:
    # A download that stopped half way: found by benchmarks/hostile_probe.py (was exit 3).
    path = isolated / "c.json"
    path.write_text("[" + ",".join(json.dumps(product(f"S{i}")) for i in (1, 2)) + ', {"sku": "S3", "na')
    doc = check(path)
    assert doc["summary"]["products"] == 2 and bad_records(doc) == [3]


def test_a_json_array_with_one_broken_item_keeps_the_others(isolated: Path) -> None:
    path = isolated / "c.json"
    path.write_text("[" + ",".join([json.dumps(product("S1")), '{"sku": "S2", "name": }',
                                    json.dumps(product("S3"))]) + "]")
    doc = check(path)
    assert doc["summary"]["products"] == 2 and bad_records(doc) == [2]
