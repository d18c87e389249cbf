"""Command line contract: exit statuses, formats and outputs, rules and explain."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from listing_preflight.cli import main

HEADER = "Parent Unique ID,*Product Name,*Unique ID,*Price,*Quantity,*Shipping,*Tags,*Product Main Image URL\n"
CLEAN = HEADER + "P1,Anker Power Bank 10000mAh,P1-A,19.99,5,1.5,charger,\n"
BAD = HEADER + "P1,,P1-A,abc,5,1.5,charger,\n"
SELECT = ("--select", "TTL001,TTL002,PRC001,CAT001")


@pytest.fixture
def runner(isolated):
    """A CLI runner in an empty folder."""
    return CliRunner()


def write(name: str, text: str) -> str:
    """Write a file in the current folder."""
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(text)
    return name


def test_clean_catalog_exits_0(runner):
    """No finding at or above fail-on: exit 0."""
    result = runner.invoke(main, ["check", write("c.csv", CLEAN), *SELECT])
    assert 0 == result.exit_code, result.output
    assert "1 pass" in result.output


def test_findings_exit_1_and_fail_on_changes_it(runner):
    """Errors exit 1; --fail-on never exits 0; a warning-only run exits 0 at fail-on error."""
    path = write("c.csv", BAD)
    assert 1 == runner.invoke(main, ["check", path, *SELECT]).exit_code
    assert 0 == runner.invoke(main, ["check", path, *SELECT, "--fail-on", "never"]).exit_code
    write("preflight.toml", '[rules.TTL001]\nseverity = "warning"\n[rules.PRC001]\nseverity = "warning"\n')
    assert 0 == runner.invoke(main, ["check", path, *SELECT]).exit_code
    assert 1 == runner.invoke(main, ["check", path, *SELECT, "--fail-on", "warning"]).exit_code


@pytest.mark.parametrize(
    "args,status",
    [
        (["check", "c.csv", "--format", "yaml"], 2),
        (["check", "c.csv", "--select", "NOPE"], 2),
        (["check", "c.csv", "--profile", "ebay"], 2),
        (["check", "c.csv", "--config", "missing.toml"], 2),
        (["check", "nothing.csv"], 3),
        (["explain", "TTL999"], 2),
    ],
)
def test_usage_and_input_errors(runner, args, status):
    """Usage/config errors exit 2, unreadable catalogs 3, each with one clear line."""
    write("c.csv", CLEAN)
    result = runner.invoke(main, args)
    assert status == result.exit_code, result.output
    assert "Traceback" not in result.output


def test_format_output_pairs_and_report_specs(runner):
    """--format/--output pairs and --report FMT:PATH write each format to its file."""
    path = write("c.csv", BAD)
    result = runner.invoke(main, ["check", path, *SELECT, "--format", "json", "--output", "r.json",
                                  "--report", "csv:r.csv", "--report", "text"])
    assert 1 == result.exit_code
    doc = json.loads(open("r.json", encoding="utf-8").read())
    assert {"PRC001": 1, "TTL001": 1} == doc["summary"]["by_rule"]
    assert open("r.csv", encoding="utf-8").read().startswith("source,row,product_sku,variant_sku,code")
    assert "reject likely" in result.output


def test_quiet_prints_nothing_but_keeps_the_status(runner):
    """--quiet: no report on stdout unless asked for, same exit status."""
    result = runner.invoke(main, ["check", write("c.csv", BAD), *SELECT, "--quiet"])
    assert (1, "") == (result.exit_code, result.stdout)


def test_chinese_report(runner):
    """--lang zh translates the report."""
    result = runner.invoke(main, ["check", write("c.csv", BAD), *SELECT, "--lang", "zh"])
    assert "可能被拒" in result.output


def test_rules_and_explain(runner):
    """`rules` lists every rule; `explain` accepts a code or a name and shows options."""
    listing = runner.invoke(main, ["rules"]).output
    assert "TTL002  title-too-long" in listing and "PRC001" in listing
    by_code = runner.invoke(main, ["explain", "TTL002"]).output
    assert by_code == runner.invoke(main, ["explain", "title-too-long"]).output
    assert "max-chars = 150" in by_code and "Why:" in by_code
    assert len(json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)) >= 7


def test_unwritable_output_is_a_usage_error_before_the_run(runner):
    """A report path that is a folder or cannot be created: exit 2 with one line, nothing checked."""
    import os

    path = write("c.csv", BAD)
    os.mkdir("out")
    folder = runner.invoke(main, ["check", path, *SELECT, "--report", "json:out"])
    assert 2 == folder.exit_code and "it is a folder" in folder.output
    with open("blocker", "w") as fh:
        fh.write("a file where a folder should be")
    nested = runner.invoke(main, ["check", path, *SELECT, "--format", "csv", "--output", "blocker/r.csv"])
    assert 2 == nested.exit_code and "cannot write blocker/r.csv" in nested.output
