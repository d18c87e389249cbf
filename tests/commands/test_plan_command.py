"""`preflight plan`: test / bulk / reserve batches in the input's own format."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import polars as pl
import pytest

from catalog_factory import CATEGORIES, RULES, many_products, write_csv, write_xlsx
from cli_run import run_cli
from listing_preflight.io import read_catalog
from listing_preflight.planning import make_plan, parse_split
from listing_preflight.model import ConfigError


def records(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def big(isolated: Path) -> Path:
    """240 products (6 categories x 4 variant layouts), every 20th without a title."""
    return write_csv(isolated / "big.csv", "gb18030", products=many_products(240, bad_every=20))


def test_batches_partition_the_rows_and_keep_products_whole(big: Path) -> None:
    before = digest(big)
    status, out, err = run_cli("plan", "big.csv", "--split", "30,60,10", "--out", "plan",
                               "--select", RULES)
    assert status == 0, err
    assert digest(big) == before  # the input is never modified
    source = records(big, "gb18030")
    parts = {b: records(Path(f"plan/big.{b}.csv"), "gb18030")
             for b in ("test", "bulk", "reserve", "hold-reject-likely")}
    for rows in parts.values():
        assert rows[0] == source[0]  # same header, same columns
    # Image paths are rewritten to find the same photos from plan/ (img/a.jpg -> ../img/a.jpg).
    combined = sorted([v.replace("../img/", "img/") for v in r] for rows in parts.values() for r in rows[1:])
    assert combined == sorted(source[1:])  # every row exactly once
    assert parts["test"][1][11].startswith("../img/")
    owner = {r[0]: b for b, rows in parts.items() for r in rows[1:]}
    for b, rows in parts.items():
        assert all(owner[r[0]] == b for r in rows[1:])  # a product never spans batches
    # Same encoding as the input: the Chinese category survives a GB18030 round trip only.
    raw = Path("plan/big.test.csv").read_bytes()
    assert "玩具".encode("gb18030") in raw and "玩具".encode("utf-8") not in raw
    assert "Upload plan for big.csv" in out and "Held back (12 products" in out


def test_split_proportions_coverage_and_held_products(big: Path) -> None:
    run_cli("plan", "big.csv", "--out", "plan", "--select", RULES, "-q")
    summary = json.loads(Path("plan/plan.json").read_text(encoding="utf-8"))
    products = summary["products"]
    assert products["hold"] == 12  # 240 / 20 titles missing (TTL001)
    eligible = 240 - 12
    assert abs(products["test"] - 0.30 * eligible) <= 2
    assert abs(products["reserve"] - 0.10 * eligible) <= 1
    assert products["test"] + products["bulk"] + products["reserve"] == eligible
    for dim, expected in (("category", len(CATEGORIES)), ("template", 4)):
        assert len(summary["coverage"][dim]) == expected
        assert all(v["test"] > 0 for v in summary["coverage"][dim].values())
    assignments = pl.read_csv("plan/plan-products.csv")
    held = assignments.filter(pl.col("batch") == "hold")
    assert set(held["verdict"]) == {"reject-likely"}
    assert assignments.filter(pl.col("batch") == "test")["verdict"].unique().to_list() == ["pass"]
    text = Path("plan/plan.txt").read_text(encoding="utf-8")
    assert "Q0019  risk" in text and "TTL001" in text and "cannot be re-moderated" in text


def test_plan_is_deterministic_and_the_seed_changes_it(big: Path) -> None:
    for out in ("a", "b"):
        run_cli("plan", "big.csv", "--out", out, "--no-check", "-q")
    run_cli("plan", "big.csv", "--out", "c", "--no-check", "--seed", "7", "-q")
    assert digest(Path("a/big.test.csv")) == digest(Path("b/big.test.csv"))
    assert digest(Path("a/big.test.csv")) != digest(Path("c/big.test.csv"))
    assert not Path("a/big.hold-reject-likely.csv").exists()  # nothing held without the check


def test_keep_rejects_puts_them_in_the_bulk_never_in_the_test(big: Path) -> None:
    run_cli("plan", "big.csv", "--out", "plan", "--select", RULES, "--keep-rejects", "-q")
    assignments = pl.read_csv("plan/plan-products.csv")
    rejects = assignments.filter(pl.col("verdict") == "reject-likely")
    assert rejects.height == 12 and set(rejects["batch"]) <= {"bulk", "reserve"}


def test_xlsx_in_xlsx_out(isolated: Path) -> None:
    write_xlsx(isolated / "cat.xlsx", products=many_products(40))
    status, _, err = run_cli("plan", "cat.xlsx", "--out", "plan", "--no-check", "-q")
    assert status == 0, err
    frames = [read_catalog([Path(f"plan/cat.{b}.xlsx")]).frame for b in ("test", "bulk", "reserve")]
    original = read_catalog([Path("cat.xlsx")]).frame
    got = pl.concat(frames).drop("row", "source").sort("variant_sku")
    expected = original.drop("row", "source").sort("variant_sku").with_columns(
        ("../" + pl.col("main_image")).alias("main_image"),
        pl.col("extra_images").list.eval("../" + pl.element()))
    assert got.equals(expected)


def test_template_column(isolated: Path) -> None:
    write_csv(isolated / "c.csv", products=many_products(30))
    status, _, err = run_cli("plan", "c.csv", "--out", "p", "--no-check", "--template-column", "Category", "-q")
    assert status == 0, err
    summary = json.loads(Path("p/plan.json").read_text(encoding="utf-8"))
    assert set(summary["coverage"]["template"]) == set(CATEGORIES)
    status, _, err = run_cli("plan", "c.csv", "--out", "p", "--template-column", "Nope")
    assert status == 2 and "'Nope' is not a column" in err


@pytest.mark.parametrize("split, says", [("30,60", "three percentages"), ("30,60,20", "add up to 110"),
                                         ("a,b,c", "three percentages")])
def test_bad_split_is_a_usage_error(isolated: Path, split: str, says: str) -> None:
    write_csv(isolated / "c.csv")
    status, _, err = run_cli("plan", "c.csv", "--out", "p", "--split", split)
    assert status == 2 and says in err and not Path("p").exists()


def test_unreadable_catalog_exits_3(isolated: Path) -> None:
    (isolated / "empty.csv").write_bytes(b"")
    assert run_cli("plan", "empty.csv", "--out", "p")[0] == 3


def test_make_plan_covers_rare_strata_even_beyond_the_target() -> None:
    products = pl.DataFrame({
        "product_sku": [f"S{i}" for i in range(10)],
        "category": ["A"] * 7 + ["B", "C", "D"],
        "template": ["single item"] * 10,
        "verdict": ["pass"] * 10, "risk": [0.0] * 10, "rows": [1] * 10,
    })
    plan = make_plan(products, parse_split("10,80,10"), seed=1)
    test = plan.products.filter(pl.col("batch") == "test")
    assert set(test["category"]) == {"A", "B", "C", "D"} and plan.notes
    with pytest.raises(ConfigError):
        parse_split("50,60,-10")


def test_make_plan_says_when_everything_is_held() -> None:
    products = pl.DataFrame({"product_sku": ["A", "B"], "category": ["x", "y"],
                             "template": ["single item"] * 2, "verdict": ["reject-likely"] * 2,
                             "risk": [0.9, 0.9], "rows": [1, 1]})
    plan = make_plan(products, (30, 60, 10))
    assert plan.counts() == {"test": 0, "bulk": 0, "reserve": 0, "hold": 2}
    assert "nothing to test" in plan.notes[0]
