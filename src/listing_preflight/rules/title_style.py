"""Title rules (TTL) on style: case, repeated words, SKU codes, foreign scripts, symbols."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..exprs import shorten
from ..i18n import _t
from ..model import Check, Severity
from ..registry import row_rule
from ..text.derive import TEXT
from ..text.normalise import compact_form, words_form
from ..text.wordlists import rust_regex


@dataclass(frozen=True)
class TitleCaseOptions:
    """Options of title-case."""

    min_letters: int = 8           # too few letters to judge the case
    shout_word_letters: int = 5    # an all-caps word this long is shouting, not an acronym
    max_shout_ratio: float = 0.6   # share of long words in all caps that counts as all caps
    min_shout_words: int = 3


@row_rule("TTL009", "title-case", Severity.ERROR, requires=("title",), options=TitleCaseOptions,
          reject_rate=0.6)
def title_case(opts: TitleCaseOptions) -> Check:
    """The title is written in all capitals or all lower case.

    Why:
        Joom rejects names in all upper or all lower case [J1], [J21]; Google disallows
        gimmicky capitalisation [G2]. Acronyms (USB, LED, HDMI) are fine.

    Example:
        title="WIRELESS BLUETOOTH EARBUDS WITH CHARGING CASE" -> TTL009
        title="wireless bluetooth earbuds with charging case" -> TTL009
        title="Wireless Bluetooth Earbuds with USB-C Case"   -> ok
    """
    title = pl.col("title")
    # Case tests by comparison with the case-mapped title (no per-letter regex pass).
    has_lower = title != title.str.to_uppercase()
    has_upper = title != title.str.to_lowercase()
    enough = title.str.len_chars() >= opts.min_letters
    long_words = title.str.count_matches(rust_regex(rf"\b[a-zA-Z]{{{opts.shout_word_letters},}}\b"))
    shout_words = title.str.count_matches(rust_regex(rf"\b[A-Z]{{{opts.shout_word_letters},}}\b"))
    all_caps = ~has_lower & has_upper & enough & (shout_words >= 1)
    shouting = (shout_words >= opts.min_shout_words) & (
        shout_words >= opts.max_shout_ratio * long_words)
    all_lower = ~has_upper & has_lower & enough
    kind = (pl.when(all_caps | shouting).then(pl.lit(_t("in capitals")))
            .otherwise(pl.lit(_t("all in lower case"))))
    return Check(
        violates=all_caps | shouting | all_lower,
        message=pl.format(_t("title is written {}: '{}'; use normal capitalisation (capitalise the "
                          "main words, keep acronyms such as USB)"), kind, shorten(title, 50)),
    )


# Words that may repeat: function words and the parts of connector/adapter names
# ("USB-C to USB-C", "Male to Male"), where repetition is the product's description.
REPEAT_EXEMPT = [
    "for", "with", "and", "the", "of", "to", "in", "on", "or", "by", "from", "set", "pack", "pcs",
    "usb", "type", "male", "female", "micro", "mini", "hdmi", "xlr", "rca", "jack", "plug", "port",
    "pin", "lightning", "dp", "displayport", "vga", "aux", "sma", "bnc", "rj45", "socket",
    "inch", "inches", "cm", "mm", "size", "x", "one", "two", "piece", "pieces",
]


@dataclass(frozen=True)
class RepeatedWordsOptions:
    """Options of title-repeated-words."""

    min_word_length: int = 3
    # Joom bans repeated words [J1]; Amazon allows a word twice (2025 rule [A3]). Real titles
    # name the product noun twice ("Charger ... Wall Charger") without being rejected, so a
    # word must occur more than twice to be stuffing.
    max_occurrences: int = 2


@row_rule("TTL010", "title-repeated-words", Severity.ERROR, requires=("title", TEXT),
          options=RepeatedWordsOptions, reject_rate=0.5)
def title_repeated_words(opts: RepeatedWordsOptions) -> Check:
    """The title repeats a word (keyword stuffing).

    Why:
        Joom's name rules forbid repeated words [J1]; stacked keywords ("Dress Women Dress
        Summer Dress") read as search manipulation [P2], [A4]. Connector names such as
        "USB-C to USB-C" are exempt.

    Example:
        title="Summer Dress Women Dress Beach Dress" -> TTL010 ('dress' 3 times)
        title="USB-C to USB-C Cable 1m 60W"           -> ok
    """
    words = pl.col("_t_title").str.extract_all(
        rust_regex(rf"\b[a-z][a-z']{{{opts.min_word_length - 1},}}\b"))
    kept = words.list.eval(pl.element().filter(~pl.element().is_in(REPEAT_EXEMPT)))
    # Words occurring more than `max_occurrences` times, each named once.
    repeated = kept.list.eval(
        pl.element().filter(pl.len().over(pl.element()) > opts.max_occurrences)
        .unique(maintain_order=True))
    return Check(
        violates=repeated.list.len() > 0,
        message=pl.format(_t("title repeats {}; say each word once"),
                          repeated.list.eval(pl.format("'{}'", pl.element())).list.join(", ")),
        value=repeated.list.len().cast(pl.Float64),
        evidence=pl.struct(repeated.alias("words")),
    )


@row_rule("TTL011", "title-contains-sku", Severity.ERROR, requires=("title", TEXT), reject_rate=0.6)
def title_contains_sku() -> Check:
    """The title contains the product's SKU.

    Why:
        Joom forbids the product SKU in the name [J1]; an internal code tells the buyer
        nothing ("JEANS SALE AMAZON DR-001 SALE" is Joom's own bad example [J10]).

    Example:
        product_sku="DR-001", title="Women Jeans DR-001 Blue" -> TTL011
        product_sku="DR-001", title="Women Slim Jeans Blue"   -> ok
    """
    title_words = pl.col("_t_title_words")
    model = compact_form(pl.col("model"))

    def found(sku: pl.Expr) -> pl.Expr:
        sku_words = words_form(sku.str.to_lowercase())
        return (
            sku.is_not_null() & (sku.str.len_chars() >= 4) & sku.str.contains(r"\d")
            & ~sku.str.starts_with("row-")
            & (model.is_null() | (compact_form(sku) != model))
            & title_words.str.contains(sku_words, literal=True)
        )

    product, variant = pl.col("product_sku"), pl.col("variant_sku")
    sku = pl.when(found(product)).then(product).when(found(variant)).then(variant)
    return Check(
        violates=sku.is_not_null(),
        message=pl.format(_t("title contains the SKU '{}'; remove it (SKUs belong in the SKU field)"), sku),
        evidence=pl.struct(sku.alias("sku")),
    )


# Scripts that are not English text; Greek only as words (μ, Ω, φ are unit/technical symbols).
FOREIGN_SCRIPTS = {
    "Han": r"\p{Han}", "Hiragana": r"\p{Hiragana}", "Katakana": r"\p{Katakana}",
    "Hangul": r"\p{Hangul}", "Cyrillic": r"\p{Cyrillic}", "Arabic": r"\p{Arabic}",
    "Hebrew": r"\p{Hebrew}", "Thai": r"\p{Thai}", "Devanagari": r"\p{Devanagari}",
}


def foreign_class(allowed: tuple[str, ...] = ()) -> str:
    """A regex character class of the non-English scripts not in `allowed`."""
    return "[" + "".join(v for k, v in FOREIGN_SCRIPTS.items() if k not in allowed) + "]"


@dataclass(frozen=True)
class TitleScriptOptions:
    """Options of title-not-english."""

    # Scripts allowed in titles (e.g. ["Cyrillic"] for a Russia-based seller [J14], [J17]).
    allowed_scripts: tuple[str, ...] = ()


@row_rule("TTL012", "title-not-english", Severity.ERROR, requires=("title", TEXT),
          options=TitleScriptOptions, reject_rate=0.8)
def title_not_english(opts: TitleScriptOptions) -> Check:
    """The title contains text in another script (Chinese, Cyrillic, Arabic ...).

    Why:
        Joom requires English names from sellers based in China, Japan, Korea and Turkey
        [J14], [J17]; untranslated copy is rejected. Lookalike letters hidden inside Latin
        words are TRM004, not this rule.

    Example:
        title="Wireless Earbuds 蓝牙耳机"   -> TTL012
        title="Wireless Earbuds Bluetooth 5.3" -> ok
    """
    cls = foreign_class(tuple(opts.allowed_scripts))
    run = pl.col("_t_title").str.extract(rf"({cls}+(?:[\s\p{{P}}]*{cls}+)*)")
    greek = pl.col("_t_title").str.extract(r"(\p{Greek}{3,})")
    found = pl.coalesce(run, greek)
    return Check(
        violates=found.is_not_null(),
        message=pl.format(_t("title has non-English text '{}'; translate the title to English"), found),
        evidence=pl.struct(found.alias("text")),
    )


# Decorative or banned symbols in titles: emoji and pictographs, dingbats, decorative brackets,
# trademark signs, '!' and '?', repeated punctuation, HTML ([A1], [A4], [E2], [G2], [G3], [J1]).
SYMBOLS_RE = (
    r"[\p{Extended_Pictographic}\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u25a0-\u25ff]"
    r"|[【】《》「」『』〖〗]|[™®©]|[!?¡¿]+|\${2,}|[*~^]{2,}|[{}¦¬]"
    r"|<\s*/?\s*[a-z][a-z0-9]*[^>]*>|&(?:[a-z]+|#\d+);"
)


@row_rule("TTL013", "title-symbols", Severity.WARNING, requires=("title",), reject_rate=0.3)
def title_symbols() -> Check:
    """The title has emoji, decorative symbols, '!!!', '$$$', ™/® or HTML.

    Why:
        Joom forbids HTML and unreadable characters in names [J1]; Amazon, eBay and Google
        ban emoji, decorative symbols and exclamation marks in titles [A1], [A4], [E2], [G2].
        Functional symbols stay: '#4301', '2+32GB', '10%', '1/2"', '&'.

    Example:
        title="🔥Wireless Earbuds!!! 【Hot】" -> TTL013 (remove '🔥', '!!!', '【', '】')
        title="Wireless Earbuds, Bluetooth 5.3 & USB-C" -> ok
    """
    found = pl.col("title").str.extract_all(SYMBOLS_RE).list.unique(maintain_order=True)
    return Check(
        violates=found.list.len() > 0,
        message=pl.format(_t("title has symbols {}; remove them (plain words, digits and units only)"),
                          found.list.eval(pl.format("'{}'", pl.element())).list.join(" ")),
        evidence=pl.struct(found.alias("symbols")),
    )
