"""Normalisation: NFKC, invisible characters, homoglyphs in mixed-script tokens, leetspeak."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_preflight.text import normalise as nz


def _expr(fn, values: list[str]) -> list[str]:
    return pl.DataFrame({"t": values}, schema={"t": pl.String}).select(fn(pl.col("t"))).to_series().to_list()


def test_search_form_folds_width_case_marks_and_invisibles() -> None:
    assert _expr(nz.search_form, ["Ｎｉｋｅ  Shoes", "Ni\u200bke", "Nïke", "𝐍𝐢𝐤𝐞"]) == ["nike shoes", "nike", "nike", "nike"]


def test_homoglyphs_fold_only_inside_mixed_script_tokens() -> None:
    # 'rеplica' has a Cyrillic 'е'; the Russian words stay Cyrillic.
    text = nz.search_form_py("rеplica Шёлковый шарф")
    assert _expr(nz.fold_homoglyphs_tokens, [text]) == ["replica шелковыи шарф"]
    assert nz.fold_homoglyphs_py(text) == "replica шелковыи шарф"


def test_technical_greek_symbols_are_not_mixed_script() -> None:
    assert _expr(nz.has_mixed_script, ["φ10mm", "10μm", "5ω resistor", "rеplica"]) == [False, False, False, True]


def test_leet_folds_only_mixed_tokens() -> None:
    assert _expr(nz.fold_leet_tokens, ["rep1ica 128gb 2024 kn0ck0ff"]) == ["repiica 128gb 2024 knockoff"]
    assert _expr(lambda e: nz.fold_leet_tokens(e, nz.LEET_ALT), ["rep1ica"]) == ["replica"]


TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 -.'") + ["\u200b", "\u00ad", "е", "а", "Ａ", "é", "ш", "\u2019", "\t"]),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=20))
def test_polars_and_python_search_forms_agree(values: list[str]) -> None:
    assert _expr(nz.search_form, values) == [nz.search_form_py(v) for v in values]


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_search_form_is_idempotent_and_strips_invisibles(value: str) -> None:
    once = nz.search_form_py(value)
    assert nz.search_form_py(once) == once
    assert "\u200b" not in once and "\u00ad" not in once
    assert once == once.strip() and "  " not in once


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=10))
def test_homoglyph_folding_agrees_and_keeps_token_count(values: list[str]) -> None:
    forms = [nz.search_form_py(v) for v in values]
    folded = _expr(nz.fold_homoglyphs_tokens, forms)
    assert folded == [nz.fold_homoglyphs_py(f) for f in forms]
    assert [len(f.split(" ")) for f in folded] == [len(f.split(" ")) for f in forms]
