"""Wordlist files: schema, provenance, regexes valid in polars and Python, config additions."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
import yaml

from listing_preflight.model import ConfigError
from listing_preflight.text import wordlists as wl
from listing_preflight.text.structure import structure

from .helpers import findings

SOURCE_KEY = re.compile(r"^(?:own|[A-Z]{1,2}\d{1,2}b?)$")


def test_shipped_wordlists_follow_the_schema() -> None:
    entries = wl.load_entries()
    assert len(entries) > 150
    for e in entries:
        assert e.rationale and e.source, e.id
        assert all(SOURCE_KEY.match(s) for s in e.source), (e.id, e.source)
        assert e.match in wl.MATCH_MODES and e.rule in wl.WORDLIST_RULES


def test_every_entry_regex_compiles_in_polars_and_python() -> None:
    entries = wl.load_entries()
    patterns = [e.regex for e in entries] + [p for e in entries for p in (*e.allow, *e.require)]
    frame = pl.DataFrame({"t": ["sample text 1:1"]})
    for p in patterns:
        re.compile(p)
        frame.select(pl.col("t").str.contains(p))  # raises on a pattern Rust regex rejects
    for m in wl.matchers(entries).values():
        frame.select(pl.col("t").str.extract_all(m.regex))


@pytest.mark.parametrize("field", wl.FIELDS)
def test_no_term_is_listed_twice_for_a_field(field: str) -> None:
    entries = [e for e in wl.load_entries() if field in e.fields]
    forms = Counter(f for e in entries for f in {wl.search_form_py(x) for x in (e.term, *e.variants)})
    assert [f for f, n in forms.items() if n > 1] == []


def test_structural_lists_load_and_their_regexes_compile() -> None:
    frame = pl.DataFrame({"t": ["x"]})
    for g in structure("groups")["groups"]:
        for key in ("category", "title"):
            if g.get(key):
                frame.select(pl.col("t").str.contains(g[key]))
    for spec in structure("params")["plausibility"]:
        for key in ("group_pattern", "exclude_pattern", "value_pattern"):
            frame.select(pl.col("t").str.contains(spec[key]))
    for doc in ("contact", "certificates", "dangerous", "materials", "compat", "common_words"):
        data = structure(doc)
        assert data["rationale"] and data["source"]


def test_wordlists_are_found_from_the_package_or_the_repo() -> None:
    root = wl.wordlists_root()
    assert (root / "structure" / "groups.yaml").is_file()
    assert len(wl.builtin_files()) >= 8


@pytest.mark.parametrize("bad, message", [
    ({"entries": [{"term": "x", "rule": "TRM001", "source": ["own"]}]}, "rationale"),
    ({"entries": [{"term": "x", "rule": "TRM001", "rationale": "r"}]}, "source"),
    ({"entries": [{"term": "x", "rule": "NOPE", "rationale": "r", "source": "own"}]}, "rule must be"),
    ({"entries": [{"term": "x", "rule": "TRM001", "rationale": "r", "source": "own", "match": "regex"}]}, "pattern"),
    ({"entries": [{"term": "x", "rule": "TRM001", "rationale": "r", "source": "own", "match": "regex",
                   "pattern": "(?<=a)x"}]}, "look-around"),
    ({"entries": [{"term": "x", "rule": "TRM001", "rationale": "r", "source": "own", "colour": 1}]}, "unknown keys"),
    ({"entries": "x"}, "entries"),
])
def test_bad_wordlists_are_clear_errors(bad: dict, message: str) -> None:
    with pytest.raises(wl.WordlistError, match=message):
        wl.parse_file(yaml.safe_dump(bad), "user.yaml")


def test_user_wordlist_adds_terms_through_config(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(yaml.safe_dump({"entries": [{
        "term": "blorbo", "rule": "TRM001", "fields": ["title"], "severity": "warning", "label": "house rule",
        "rationale": "our own banned word", "source": ["own"]}]}), encoding="utf-8")
    rows = [{"title": "Blorbo Wireless Earbuds Bluetooth 5.3"}, {"title": "Wireless Earbuds Bluetooth 5.3"}]
    found = findings(rows, ["TRM001"], config={"wordlists": [str(extra)]})
    assert found["P0"]["TRM001"]["severity"] == "warning" and "'blorbo' (house rule)" in found["P0"]["TRM001"]["message"]
    assert "TRM001" not in found["P1"]


def test_missing_user_wordlist_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        findings([{"title": "x"}], ["TRM001"], config={"wordlists": [str(tmp_path / "none.yaml")]})


def test_user_wordlist_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    legacy = tmp_path / "gbk.yaml"
    legacy.write_bytes("entries:\n  - term: 仿品\n".encode("gbk"))
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        findings([{"title": "x"}], ["TRM001"], config={"wordlists": [str(legacy)]})


def test_allow_entry_drops_a_term_or_adds_a_context() -> None:
    rows = [{"title": "Factory Price Summer Dress for Women Cotton"}, {"title": "Cheap Summer Dress for Women Cotton"},
            {"title": "Clearance Summer Dress for Women Cotton"}]
    allow_form = {"allow": [{"term": "factory price", "reason": "product line name"}]}
    found = findings(rows, ["TTL008"], config=allow_form)
    # Only the allowed form is waived; the entry's other forms ('clearance') still count.
    assert "TTL008" not in found["P0"] and "TTL008" in found["P2"]
    allow_ctx = {"allow": [{"term": "cheap", "context": r"cheap summer dress", "reason": "brand line"}]}
    assert "TTL008" not in findings(rows, ["TTL008"], config=allow_ctx)["P1"]
    with pytest.raises(ConfigError, match="in no wordlist"):
        findings(rows, ["TTL008"], config={"allow": [{"term": "zzzz", "reason": "r"}]})


def test_every_source_key_is_resolved_in_the_readme() -> None:
    readme = (wl.wordlists_root() / "README.md").read_text(encoding="utf-8")
    known = set(re.findall(r"^\| (\w+) \| ", readme, flags=re.MULTILINE))
    used = {s for e in wl.load_entries() for s in e.source}
    for name in ("groups", "params", "materials", "contact", "certificates", "dangerous", "compat", "common_words"):
        used |= set(wl.load_structure(name)["source"])
    assert used - known == set()
