"""Text normalisation before matching: polars expressions plus Python twins for wordlist terms.

Pipeline (marketplace-policy §6): strip invisible/format characters -> NFKC (folds fullwidth,
mathematical alphanumerics, circled forms) -> lower case -> drop combining marks -> fold
homoglyphs, but only inside mixed-script tokens (a Latin word with a Cyrillic 'а' is an
evasion; a Russian sentence is not). Leetspeak and spaced-out letters are separate,
alternative forms used only to detect obfuscated listed terms (TRM004).

The polars expressions and the Python functions must agree: the terms of the wordlists go
through `search_form_py`, the catalog text through `search_form`; a hypothesis test checks
that both give the same result.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import polars as pl

# Invisible and format characters used to split words without a visible gap ([O5], [O6]):
# soft hyphen, Mongolian vowel separator, zero-width space/joiners, LRM/RLM, bidi
# embeddings and overrides, word joiner and invisible operators, isolates, BOM/ZWNBSP.
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE_RE = f"[{INVISIBLE}]"
# An invisible character between two word characters: the obfuscation signal (not a BOM
# at the start of a cell).
INVISIBLE_INSIDE_WORD_RE = rf"[\p{{L}}\p{{N}}][{INVISIBLE}]+[\p{{L}}\p{{N}}]"

# Cyrillic and Greek letters that look like Latin ones once lower-cased (own table, from the
# Unicode confusables idea [O3]; upper-case lookalikes such as М/Н/Т/В fold via their lower
# case forms м/н/т/в).
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "г": "r", "п": "n",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y",
}
_GREEK_LOOKALIKE = "αβειyκνορτυχγ".replace("y", "")
# A token (run of letters/digits) that holds Latin and Cyrillic letters, or a Latin letter
# directly next to a Greek lookalike (so 'Φ10mm' or 'μm' technical symbols are not flagged).
MIXED_SCRIPT_TOKEN_RE = (
    r"[\p{Latin}][\p{L}\p{N}]*\p{Cyrillic}|\p{Cyrillic}[\p{L}\p{N}]*[\p{Latin}]"
    rf"|\p{{Latin}}[{_GREEK_LOOKALIKE}]|[{_GREEK_LOOKALIKE}]\p{{Latin}}"
)

# Leetspeak map ([L5] describes the idea; this table is ours).
LEET: dict[str, str] = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "l",
}
# The other common reading of the ambiguous leet characters ('1' and '|' as 'l').
LEET_ALT: dict[str, str] = {**LEET, "1": "l", "|": "l", "!": "l"}
# A token where a leet character sits between letters (rep1ica, kn0ck0ff, ch@nel), or leads a
# word (5tun): specs such as '100ml', '5000mah', 'a15' and '4k' are not leetspeak.
# (ASCII classes and (?-u:\b): Unicode word boundaries make the regex engine slow on
# non-ASCII text; these patterns run on whole description columns.)
LEET_TOKEN_RE = r"[a-z][0-9@$!|]+[a-z]|(?:^|[ (])[0-9@$][a-z]{3,}(?-u:\b)|[a-z]{2,}[@$]"
# Letters spaced or dotted out: 'b u l l e t p r o o f', 'N.I.K.E', 'r-e-p-l-i-c-a'.
SPACED_RE = r"(?:(?-u:\b)[a-z][ .\-_*]{1,2}){3,}[a-z](?-u:\b)"
SPACED_SEP_RE = r"[ .\-_*]"


def strip_invisible(expr: pl.Expr) -> pl.Expr:
    """Remove zero-width and other format characters."""
    return expr.str.replace_all(INVISIBLE_RE, "")


# Curly quotes, primes and dashes to their ASCII forms.
PUNCT = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u2010": "-", "\u2011": "-",
         "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
         "\u201c": '"', "\u201d": '"', "\u2033": '"'}


def search_form(expr: pl.Expr) -> pl.Expr:
    """The form wordlists are matched against (without homoglyph folding).

    NFKD folds fullwidth, mathematical and circled letters to plain ones and splits accents
    off (Nïke -> nike once the marks are dropped); Cyrillic й/ё lose their marks the same way
    in the wordlist terms (search_form_py), so both sides agree.
    """
    text = strip_invisible(expr).str.normalize("NFKD").str.to_lowercase()
    text = text.str.replace_all(r"\p{Mn}+", "").str.replace_many(PUNCT)
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def has_mixed_script(expr: pl.Expr) -> pl.Expr:
    """True when some token mixes Latin with Cyrillic (or a Greek lookalike)."""
    return expr.str.contains(MIXED_SCRIPT_TOKEN_RE)


def _replace_in_tokens(expr: pl.Expr, token_re: str, table: dict[str, str]) -> pl.Expr:
    """Apply `table` (substring -> replacement) only inside space-separated tokens matching `token_re`."""
    src, dst = list(table), list(table.values())
    return (
        expr.str.split(" ")
        .list.eval(
            pl.when(pl.element().str.contains(token_re))
            .then(pl.element().str.replace_many(src, dst))
            .otherwise(pl.element())
        )
        .list.join(" ")
    )


def fold_homoglyphs_tokens(expr: pl.Expr) -> pl.Expr:
    """Fold lookalike letters to Latin inside mixed-script tokens only (expects search form)."""
    return _replace_in_tokens(expr, MIXED_SCRIPT_TOKEN_RE, HOMOGLYPHS)


def fold_leet_tokens(expr: pl.Expr, table: dict[str, str] | None = None) -> pl.Expr:
    """Map leet characters to letters inside tokens that mix them with letters."""
    return _replace_in_tokens(expr, LEET_TOKEN_RE, LEET if table is None else table)


def words_form(expr: pl.Expr) -> pl.Expr:
    """' word word ' (letters/digits only, padded) for literal whole-word containment tests."""
    return pl.concat_str(
        pl.lit(" "), expr.str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars(), pl.lit(" ")
    )


def compact_form(expr: pl.Expr) -> pl.Expr:
    """Letters and digits only ('TP-Link AX 1500' -> 'tplinkax1500'), for model/SKU tests."""
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


# ---------------------------------------------------------------- Python twins (terms, tests)

_INVISIBLE_PY = re.compile(INVISIBLE_RE)


def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


def search_form_py(text: str) -> str:
    """Python twin of `search_form` (used for wordlist terms and property tests)."""
    text = _INVISIBLE_PY.sub("", text)
    text = unicodedata.normalize("NFKD", text).lower()
    text = "".join(PUNCT.get(c, c) for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


def is_mixed_script_token_py(token: str) -> bool:
    """Python twin of the mixed-script token test (for tests and vocabulary work)."""
    for run in re.split(r"[\W_]+", token):
        if any(_is_latin(c) for c in run) and any(_is_cyrillic(c) for c in run):
            return True
    return any(
        (a in _GREEK_LOOKALIKE and _is_latin(b)) or (b in _GREEK_LOOKALIKE and _is_latin(a))
        for a, b in itertools.pairwise(token)
    )


def fold_homoglyphs_py(text: str) -> str:
    """Python twin of `fold_homoglyphs_tokens` (expects search form)."""
    out = []
    for token in text.split(" "):
        if is_mixed_script_token_py(token):
            token = "".join(HOMOGLYPHS.get(c, c) for c in token)
        out.append(token)
    return " ".join(out)
