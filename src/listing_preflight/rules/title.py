"""Title rules (TTL): presence, length, brand/model/spec structure, wording (style: title_style.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from ..exprs import shorten
from ..i18n import _t
from ..model import Check, Severity
from ..registry import row_rule
from ..text.checks import wordlist_check
from ..text.derive import TEXT
from ..text.normalise import compact_form
from ..text.structure import structure

if TYPE_CHECKING:
    from ..engine import RunContext


@row_rule("TTL001", "title-missing", Severity.ERROR, requires=("title",), reject_rate=0.99)
def title_missing() -> Check:
    """The product has no title.

    Why:
        Joom rejects a product without a name; the title is also what buyers search.

    Example:
        title=""                          -> TTL001
        title="Xiaomi Redmi Note 13 8GB+256GB Smartphone" -> ok
    """
    return Check(
        violates=pl.col("title").is_null(),
        message=pl.lit(_t("title is missing; Joom expects brand + model + core parameters")),
    )


@dataclass(frozen=True)
class TitleLengthOptions:
    """Options of title-too-long."""

    max_chars: int = 150  # Joom product name limit (marketplace-policy §1.1, [J1], [J14])


@row_rule("TTL002", "title-too-long", Severity.ERROR, requires=("title",),
          options=TitleLengthOptions, reject_rate=0.9)
def title_too_long(opts: TitleLengthOptions) -> Check:
    """The title is longer than the marketplace allows (Joom: 150 characters).

    Why:
        Joom's product name limit is 150 characters; longer names are rejected or cut,
        and long titles are usually keyword stuffing.

    Example:
        a 180-character title -> TTL002 (shorten it to 150 characters)
    """
    length = pl.col("title").str.len_chars()
    return Check(
        violates=length > opts.max_chars,
        message=pl.format(
            _t("title has {} characters, the limit is {}; shorten it (it starts '{}')"),
            length, pl.lit(opts.max_chars), shorten(pl.col("title"), 40),
        ),
        value=length,
    )


# ----------------------------------------------------------------- structure and wording
# The rules below read the derived text columns (text/derive.py): `_t_title` is the title's
# search form (NFKC, lower case, invisible characters removed, homoglyphs folded inside
# mixed-script tokens); `_w_<CODE>` columns hold wordlist hits. Requiring TEXT (the marker
# column of text/derive.py) makes the engine add them.

# Brand values that mean "no brand": nothing to look for in the title.
NO_BRAND = ["generic", "no brand", "nobrand", "none", "unbranded", "n/a", "na", "oem", "other",
            "others", "no", "null", "-", "neutral", "without brand", "not branded"]


@dataclass(frozen=True)
class TitleShortOptions:
    """Options of title-too-short."""

    min_chars: int = 15  # a name under ~15 characters cannot hold type + brand + parameter
    min_words: int = 3   # Joom naming template: product type + brand + characteristics [J11]


@row_rule("TTL003", "title-too-short", Severity.WARNING, requires=("title",),
          options=TitleShortOptions, reject_rate=0.3)
def title_too_short(opts: TitleShortOptions) -> Check:
    """The title is too short to say what the product is.

    Why:
        Joom's naming template is product type + brand + characteristics (colour, size) +
        version [J11]; an older Joom rule auto-rejected names under 5 characters [J14].

    Example:
        title="Earbuds"                                   -> TTL003
        title="Xiaomi Redmi Buds 4 Wireless Earbuds White" -> ok
    """
    title = pl.col("title")
    chars = title.str.len_chars()
    words = title.str.count_matches(r"[\p{L}\p{N}]+")
    return Check(
        violates=(chars < opts.min_chars) | (words < opts.min_words),
        message=pl.format(
            _t("title '{}' is too short ({} characters); say what the product is, its brand, model and "
            "core parameters (size, capacity, colour)"), title, chars),
        value=chars.cast(pl.Float64),
    )


@row_rule("TTL004", "title-missing-brand", Severity.ERROR, requires=("title", "brand", TEXT),
          reject_rate=0.5)
def title_missing_brand() -> Check:
    """The brand column names a brand that the title does not mention.

    Why:
        Joom expects brand + model + core parameters in the name [J14]; a brand in the
        brand field but not in the title looks like a mismatch to the moderator.

    Example:
        brand="Xiaomi", title="Redmi Note 13 8GB+256GB Smartphone"  -> TTL004
        brand="Xiaomi", title="Xiaomi Redmi Note 13 8GB+256GB Smartphone" -> ok
        brand="Generic" -> not applicable
    """
    brand = pl.col("brand")
    brand_words = pl.col("_t_brand_words")
    in_words = pl.col("_t_title_words").str.contains(brand_words, literal=True)
    in_compact = pl.col("_t_title_compact").str.contains(compact_form(brand), literal=True)
    applicable = brand.is_not_null() & ~brand.str.to_lowercase().str.strip_chars().is_in(NO_BRAND) & (
        compact_form(brand).str.len_chars() > 0)
    return Check(
        violates=pl.when(applicable).then(~(in_words | in_compact)),
        message=pl.format(_t("title lacks the brand '{}'; Joom expects brand + model + core parameters "
                          "(e.g. '{} {}')"), brand, brand, shorten(pl.col("title"), 40)),
        evidence=pl.struct(brand.alias("brand")),
    )


@row_rule("TTL005", "title-missing-model", Severity.WARNING, requires=("title", "model", TEXT),
          reject_rate=0.2)
def title_missing_model() -> Check:
    """The model column names a model that the title does not mention.

    Why:
        Brand + model + core parameters is what Joom's name rules and buyers' searches
        expect [J14], [G4]; a listing whose title omits its model is hard to match.

    Example:
        model="Redmi Note 13", title="Xiaomi Smartphone 8GB+256GB" -> TTL005
        model="Redmi Note 13", title="Xiaomi Redmi Note 13 8GB+256GB Smartphone" -> ok
    """
    model = pl.col("model")
    present = pl.col("_t_title_compact").str.contains(compact_form(model), literal=True)
    applicable = model.is_not_null() & (compact_form(model).str.len_chars() >= 2) & ~model.str.to_lowercase().is_in(
        NO_BRAND)
    return Check(
        violates=pl.when(applicable).then(~present),
        message=pl.format(_t("title lacks the model '{}'; Joom expects brand + model + core parameters"),
                          model),
        evidence=pl.struct(model.alias("model")),
    )


@row_rule("TTL006", "title-missing-core-spec", Severity.WARNING, requires=("title", TEXT),
          reject_rate=0.2)
def title_missing_core_spec() -> Check:
    """The title lacks the core parameter its product group needs (GB, mAh, W, mm, ml, pcs...).

    Why:
        Joom's examples: smartphones are brand + model + memory ('3+32GB') [J14], cosmetics
        state capacity ('50ml') [J9]; Google's structures put key specs in the title [G4].
        The group comes from the category column, else from the product noun in the title.

    Example:
        title="Portable Power Bank Fast Charging USB-C" -> TTL006 (add the capacity, e.g. 20000mAh)
        title="20000mAh Power Bank 22.5W USB-C"        -> ok
    """
    core = structure("params")["core"]
    group = pl.col("_t_group")
    missing = pl.lit(None, pl.Boolean)
    for name, spec in reversed(list(core.items())):
        missing = pl.when(group == name).then(~pl.col("_t_title").str.contains(spec["pattern"])).otherwise(missing)
    names = {g: s["name"] for g, s in core.items()}
    examples = {g: s["example"] for g, s in core.items()}
    return Check(
        violates=missing,
        message=pl.format(
            _t("title of a {} product lacks its {}; add it (e.g. '{}')"),
            group.str.replace_all("_", " "),
            group.replace_strict(names, default="", return_dtype=pl.String),
            group.replace_strict(examples, default="", return_dtype=pl.String)),
        evidence=pl.struct(group.alias("group")),
    )


@row_rule("TTL007", "title-absolute-claim", Severity.ERROR, requires=("title", TEXT), reject_rate=0.7)
def title_absolute_claim(opts: None, ctx: RunContext) -> Check:
    """The title makes an absolute or superlative claim ("Best Seller", "#1", "cheapest").

    Why:
        Joom and Amazon reject subjective commentary in names [J1], [A1], [A4]; Chinese copy
        carries calques of the Advertising Law's banned absolute terms (最佳, 第一) [C5].
        Tip sizes ("#1 Phillips") and similar contexts are allowed by the wordlist entries.

    Example:
        title="Best Seller Wireless Earbuds Bluetooth 5.3" -> TTL007 (remove 'best seller')
        title="Phillips #1 Screwdriver 100mm"              -> ok
    """
    return wordlist_check("TTL007", ctx, "remove the claim")


@row_rule("TTL008", "title-promotional", Severity.ERROR, requires=("title", TEXT), reject_rate=0.7)
def title_promotional(opts: None, ctx: RunContext) -> Check:
    """The title has promotional wording ("Hot", "SALE", "NEW", "free shipping", a year).

    Why:
        Joom's name rules name "Hot", "SALE", "2018", "NEW" as forbidden promo words [J1];
        Amazon bans shipping offers and "Great Gift" [A4], [A5]. Product words such as
        'hot water bottle', 'hot pink', 'New Balance' and model years are allowed.

    Example:
        title="Hot Sale 2025 New Summer Dress"      -> TTL008 (remove 'hot sale', '2025 new')
        title="Hot Water Bottle 2L with Knit Cover" -> ok
    """
    return wordlist_check("TTL008", ctx, "remove the promotional wording")
