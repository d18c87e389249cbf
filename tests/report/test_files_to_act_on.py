"""check --ready/--to-fix and plan batches: the seller's rows split, in the input's own format,
with image paths that still find the photos from the new files' folder."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from catalog_factory import EXPECTED, PRODUCTS, RULES, rows, write_csv
from cli_run import run_cli

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample"


def read(path: Path, encoding: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


CHINESE = [(p[0], p[1], p[2], "手机壳 " + p[3], *p[4:]) for p in PRODUCTS]


def test_ready_and_to_fix_split_the_rows_in_the_inputs_encoding(isolated: Path) -> None:
    # UTF-16 (Excel's "Unicode text"): detected from its BOM. (A GB18030 file of this catalog
    # is detected as cp1250 by the reader: reported in issue 15's closing note.)
    write_csv(isolated / "c.csv", "utf-16", products=CHINESE)
    before = (isolated / "c.csv").read_bytes()
    status, _, err = run_cli("check", "c.csv", "--select", RULES, "--ready", "out/ready.csv",
                             "--to-fix", "out/fix.csv")
    assert status == 1, err
    assert (isolated / "c.csv").read_bytes() == before
    assert Path("out/ready.csv").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    ready, fix = read(Path("out/ready.csv"), "utf-16"), read(Path("out/fix.csv"), "utf-16")
    header = rows(CHINESE)[0]
    assert ready[0] == header and fix[0] == [*header, "preflight findings"]
    bad = {sku for sku, _code in EXPECTED}
    assert {r[0] for r in ready[1:]} == {p[0] for p in PRODUCTS} - bad
    assert {r[0] for r in fix[1:]} == bad
    assert len(ready) + len(fix) - 2 == len(rows(CHINESE)) - 1  # every row once
    assert ready[1][14] == "手机壳 Phone Cases"
    price_row = next(r for r in fix if r[4] == "P05-A")
    assert price_row[-1].startswith("PRC001 error: price 'abc'")
    assert ready[1][11] == "../img/p01.jpg"  # rebased from out/ to the catalog's img/
    assert "wrote out/ready.csv" in err and "--allow-outside-images" in err


def test_warnings_go_to_fix_only_under_fail_on_warning(isolated: Path) -> None:
    products = [("P1", "Wooden Toy Car", "t", "Toys", [("P1-1", "", "", "1.00")], "a.jpg"),
                ("P2", "Wooden Toy Train for Kids Age 3", "t", "Toys", [("P2-1", "", "", "1.00")], "b.jpg")]
    write_csv(isolated / "c.csv", products=products)
    run_cli("check", "c.csv", "--select", "TTL003", "--ready", "r.csv", "--to-fix", "f.csv")
    assert len(read(Path("r.csv"), "utf-8")) == 3 and len(read(Path("f.csv"), "utf-8")) == 1
    run_cli("check", "c.csv", "--select", "TTL003", "--ready", "r.csv", "--to-fix", "f.csv",
            "--fail-on", "warning")
    assert [r[0] for r in read(Path("f.csv"), "utf-8")[1:]] == ["P1"]


def test_split_targets_are_checked_before_any_work(isolated: Path) -> None:
    write_csv(isolated / "c.csv")
    status, _, err = run_cli("check", "c.csv", "--ready", "c.csv")
    assert status == 2 and "input catalog" in err
    status, _, err = run_cli("check", "c.csv", "--ready", "r.xlsx")
    assert status == 2 and "*.csv" in err


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "shop")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "shop" / "catalog.csv"


def _img002(path: Path, cache: Path) -> int:
    status, out, err = run_cli("check", str(path), "--select", "IMG002", "--allow-outside-images",
                               "--format", "json", "--cache-dir", str(cache), "--fail-on", "never")
    assert status == 0, err
    return json.loads(out)["summary"]["by_rule"].get("IMG002", 0)


def test_split_and_plan_files_find_their_images_again(sample: Path, sample_cache: Path) -> None:
    cache = sample_cache
    status, _, err = run_cli("check", str(sample), "--select", "TTL,IMG001", "--ready", "out/ready.csv",
                             "--to-fix", "out/fix.csv", "--cache-dir", str(cache))
    assert status == 1, err
    assert _img002(Path("out/ready.csv"), cache) == 0
    status, _, err = run_cli("plan", str(sample), "--out", "plan", "--no-check", "-q")
    assert status == 0, err
    for batch in ("test", "bulk"):
        assert _img002(Path(f"plan/catalog.{batch}.csv"), cache) == 0


def test_plan_warns_and_fails_when_the_test_batch_is_empty(isolated: Path) -> None:
    products = [(f"P{i}", "", "t", "Toys", [(f"P{i}-1", "", "", "1.00")], "a.jpg") for i in range(5)]
    write_csv(isolated / "c.csv", products=products)
    status, _, err = run_cli("plan", "c.csv", "--out", "p", "--select", "TTL001", "-q")
    assert status == 1 and "test batch is empty" in err
    assert not Path("p/c.test.csv").exists() and Path("p/c.hold-reject-likely.csv").exists()
    status, _, err = run_cli("plan", "c.csv", "--out", "p2", "--select", "TTL001", "-q", "--fail-on", "never")
    assert status == 0 and "test batch is empty" in err
