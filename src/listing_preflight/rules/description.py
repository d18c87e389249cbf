"""Description rules (DSC): presence, material, sizes in cm, usage, contact/links, HTML, language.

They read the derived text columns (text/derive.py): `_t_description` is the description's
search form without HTML tags; `_t_group` the product group (category column, else title).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..exprs import shorten
from ..i18n import _t
from ..model import Check, Severity
from ..registry import row_rule
from ..text.derive import TEXT
from ..text.structure import FASHION, structure
from ..text.wordlists import rust_regex
from .title_style import FOREIGN_SCRIPTS, foreign_class

DESC = pl.col("_t_description")
GROUP = pl.col("_t_group")
# DSC002-DSC004 read English content: a missing or very short description is DSC001's
# finding, and a description mostly in another script is DSC007's (translate it first).
CONTENT = (
    DESC.is_not_null()
    & (pl.col("_t_desc_words") >= 8)
    & (pl.col("_t_desc_latin") >= pl.col("_t_desc_foreign"))
)
# Tolerance notes ('allow 1-2 cm difference') are not dimensions.
TOLERANCE_RE = rust_regex(r"\b\d+(?:\.\d+)?\s?(?:-|~|to)\s?\d+(?:\.\d+)?\s?cm\s+(?:difference|error|deviation|tolerance)"
                r"|(?:±|\+/-)\s?\d+(?:\.\d+)?\s?cm")


@dataclass(frozen=True)
class DescriptionShortOptions:
    """Options of description-missing-or-short."""

    min_chars: int = 50  # about one 'Attribute: value' block; Joom wants text, not images [J15]
    min_words: int = 8


@row_rule("DSC001", "description-missing-or-short", Severity.ERROR, requires=("description", TEXT),
          options=DescriptionShortOptions, reject_rate=0.6)
def description_missing_or_short(opts: DescriptionShortOptions) -> Check:
    """The description is missing or too short to describe the product.

    Why:
        Joom's description must be text (not images) with the set contents, technical
        parameters, material and size [J15], [J16], written as 'Attribute: value' lines [J10].

    Example:
        description=""                     -> DSC001
        description="Good quality"          -> DSC001
        description="Material: 100% Cotton. Size: S-XL. Package: 1 x T-shirt. ..." -> ok
    """
    text = DESC
    chars = text.str.len_chars().fill_null(0)
    words = pl.col("_t_desc_words").fill_null(0)
    return Check(
        violates=(chars < opts.min_chars) | (words < opts.min_words),
        message=pl.when(pl.col("description").is_null()).then(
            pl.lit(_t("description is missing; write 'Attribute: value' lines (material, size, package "
                   "contents, technical parameters)")))
        .otherwise(pl.format(
            _t("description '{}' is too short ({} characters); add 'Attribute: value' lines (material, "
            "size, package contents, technical parameters)"), shorten(pl.col("description"), 40), chars)),
        value=chars.cast(pl.Float64),
    )


@dataclass(frozen=True)
class MaterialOptions:
    """Options of description-missing-material."""

    # Groups where a missing material is an error (DESIGN §6) and where it is a warning.
    error_groups: tuple[str, ...] = FASHION
    warning_groups: tuple[str, ...] = ("home_textile", "kitchen", "toys", "phone_case", "watch_band", "home")
    tolerance: float = 1.0  # percentage points a composition may miss 100 by (rounding)


@row_rule("DSC002", "description-missing-material", Severity.ERROR,
          requires=("description", TEXT), options=MaterialOptions, reject_rate=0.4)
def description_missing_material(opts: MaterialOptions) -> Check:
    """The description does not state the material, or its composition does not add up to 100%.

    Why:
        Joom requires the material for clothes, shoes, bags and accessories [J16], written
        'Material: 70% Cotton, 30% Polyester' [J10]; the EU textile regulation wants fibre
        names with percentages summing to 100 [V6]. Error for apparel/bags/shoes/jewellery,
        warning for home textiles, kitchen, toys, cases and straps; other groups are skipped.

    Example:
        apparel, description without a material -> DSC002 (error)
        "Material: 70% Cotton, 25% Polyester"     -> DSC002 (adds up to 95%)
        "Material: 70% Cotton, 30% Polyester"     -> ok
    """
    mat = structure("materials")
    fibres = "|".join(sorted(mat["fibres"], key=len, reverse=True))
    stated = DESC.str.contains(mat["attribute"]) | DESC.str.contains(mat["phrase"])
    pcts = DESC.str.extract_all(rust_regex(rf"\b\d{{1,3}}(?:\.\d+)?\s?%\s?(?:{fibres})\b"))
    total = pcts.list.eval(pl.element().str.extract(r"(\d+(?:\.\d+)?)").cast(pl.Float64)).list.sum()
    # Several parts ('Shell: 100% polyester; Lining: 100% cotton') add up to a multiple of 100.
    off = ((total + opts.tolerance) % 100) > 2 * opts.tolerance
    bad_sum = (pcts.list.len() > 0) & off
    applicable = GROUP.is_in(list(opts.error_groups) + list(opts.warning_groups)) & CONTENT
    return Check(
        violates=pl.when(applicable).then(~stated | bad_sum),
        message=pl.when(~stated).then(pl.format(
            _t("description does not state the material ({} product); add e.g. 'Material: 70% Cotton, "
            "30% Polyester'"), GROUP.str.replace_all("_", " ")))
        .otherwise(pl.format(_t("material composition adds up to {}%, not 100%; correct the percentages"),
                             total.round(1))),
        value=total,
        severity=pl.when(GROUP.is_in(list(opts.error_groups))).then(pl.lit("error"))
        .otherwise(pl.lit("warning")),
        evidence=pl.struct(pcts.alias("composition")),
    )


INCH_RE = rust_regex(r"(\d+(?:\.\d+)?)\s?(?:inches|inch|in\b|\"|'')")


@dataclass(frozen=True)
class SizeOptions:
    """Options of description-missing-size-cm."""

    groups: tuple[str, ...] = (*FASHION, "home_textile", "home")
    show_values: int = 3  # inch values converted in the message


@row_rule("DSC003", "description-missing-size-cm", Severity.WARNING,
          requires=("description", TEXT), options=SizeOptions, reject_rate=0.2)
def description_missing_size_cm(opts: SizeOptions) -> Check:
    """The description has no size chart or dimensions in cm (inches only is flagged).

    Why:
        Joom asks for sizes of clothes, shoes and bags [J15], [J16]; EU and CIS buyers read
        centimetres, and Asian sizes run small, so a size chart in cm prevents returns [S1].

    Example:
        apparel, "Length: 27 inch, Bust: 38 inch" -> DSC003 (27 in = 68.6 cm, 38 in = 96.5 cm)
        apparel, "Length: 68 cm, Bust: 96 cm"      -> ok
    """
    has_cm = DESC.str.replace_all(TOLERANCE_RE, " ").str.contains(
        rust_regex(r"\d\s?(?:cm|mm|centimet(?:er|re)s?|m)\b|\bcm\b"))
    inches = DESC.str.extract_all(INCH_RE)
    converted = (
        inches.list.head(opts.show_values)
        .list.eval(pl.format(_t("{} in = {} cm"), pl.element().str.extract(r"(\d+(?:\.\d+)?)"),
                             (pl.element().str.extract(r"(\d+(?:\.\d+)?)").cast(pl.Float64) * 2.54)
                             .round(1)))
        .list.join(", ")
    )
    applicable = GROUP.is_in(list(opts.groups)) & CONTENT
    return Check(
        violates=pl.when(applicable).then(~has_cm),
        message=pl.when(inches.list.len() > 0).then(pl.format(
            _t("sizes are given in inches only ({}); add the cm values"), converted))
        .otherwise(pl.lit(_t("description has no size chart or dimensions in cm; add e.g. "
                          "'Size: M, Bust: 96 cm, Length: 68 cm'"))),
        evidence=pl.struct(inches.alias("inches")),
    )


# How a description says what the product is for (marketplace-policy §8.3, own lexicon).
USAGE_RE = rust_regex(
    r"\b(?:suitable for|perfect for|ideal for|great for|good for|designed for|made for|used for|"
    r"use (?:it )?(?:for|in|at|on|as|with)|used (?:in|as|on|at|with)|usage|application|applications|"
    r"applicable|occasion|occasions|scenarios?|scene|compatible with|works with|"
    r"for (?:home|office|travel|outdoor|indoor|daily|everyday|kitchen|bathroom|bedroom|car|"
    r"school|work|gym|sports?|party|parties|wedding|camping|hiking|beach|kids|children|women|men|"
    r"girls|boys|baby|pets?|dogs?|cats?|gift|gifts|cooking|baking|running|fishing|cycling|yoga)|"
    r"daily (?:use|wear|life)|everyday (?:use|wear|carry)|perfect gift|gift for|"
    r"(?:at|in) (?:home|the office|work|school|the gym)|on the go|outdoors?|indoors?|travell?ing|"
    r"camping|hiking|commuting|workouts?|how to use|instructions)\b"
)


@row_rule("DSC004", "description-missing-usage", Severity.WARNING,
          requires=("description", TEXT), reject_rate=0.1)
def description_missing_usage() -> Check:
    """The description does not say what the product is used for or where.

    Why:
        Wish and Alibaba guidance ask for intended use and scenario rather than keyword lists
        [P2], [P8]; it is also what a moderator checks to classify the product.

    Example:
        "Material: ABS. Colour: Black."                          -> DSC004
        "Material: ABS. Suitable for home, office and travel."   -> ok
    """
    return Check(
        violates=pl.when(CONTENT).then(~DESC.str.contains(USAGE_RE)),
        message=pl.lit(_t("description does not say what the product is used for; add a usage line, e.g. "
                       "'Suitable for: home, office, travel'")),
    )


@row_rule("DSC005", "description-contact-or-link", Severity.ERROR,
          requires=("description",), reject_rate=0.8)
def description_contact_or_link() -> Check:
    """The description (or title) has contact details or links: e-mail, phone, URL, messenger ids.

    Why:
        Joom bans merchant contact info, third-party links and calls to contact the seller in
        names and descriptions [J1], [J15], [J16]. A GPSR 'Manufacturer:' or 'EU Responsible
        Person:' line is exempt: EU law requires it [K1], [K2].

    Example:
        "Contact us on WhatsApp +86 138 0013 8000" -> DSC005 (phone number, messenger id)
        "Manufacturer: Acme Ltd, info@acme.example" -> ok (GPSR block)
    """
    spec = structure("contact")
    kinds = spec["kinds"]

    def first(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        kind, value = pl.lit(None, pl.String), pl.lit(None, pl.String)
        for k in reversed(kinds):
            m = text.str.extract(f"({k['pattern']})")
            kind = pl.when(m.is_not_null()).then(pl.lit(k["kind"])).otherwise(kind)
            value = pl.when(m.is_not_null()).then(m).otherwise(value)
        return kind, value

    desc = pl.col("description").str.to_lowercase().str.replace_all(spec["exempt_lines"], " ")
    title = pl.col("title").str.to_lowercase()
    # One pass over each text decides; which kind and what text is worked out for the
    # (few) violating rows only, when the message is built.
    combined = "|".join(f"(?:{k['pattern']})" for k in kinds)
    d_kind, d_value = first(desc)
    t_kind, t_value = first(title)
    in_title = title.str.contains(combined).fill_null(False)
    kind = pl.when(in_title).then(t_kind).otherwise(d_kind)
    value = pl.when(in_title).then(t_value).otherwise(d_value)
    return Check(
        violates=in_title | desc.str.contains(combined).fill_null(False),
        message=pl.format(_t("{} contains a {} '{}'; remove contact details and links (Joom rejects them)"),
                          pl.when(in_title).then(pl.lit("title")).otherwise(pl.lit("description")),
                          kind, shorten(value, 40)),
        field=pl.when(in_title).then(pl.lit("title")).otherwise(pl.lit("description")),
        evidence=pl.struct(kind.alias("kind"), value.alias("text")),
    )


HTML_RE = rust_regex(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|apos|#\d{2,5}|#x[0-9a-fA-F]{2,4});")


@row_rule("DSC006", "description-html", Severity.ERROR, requires=("description",), reject_rate=0.6)
def description_html() -> Check:
    """The description contains HTML tags or entities.

    Why:
        Joom's description is plain text; HTML is listed among forbidden content [J15],
        [J16] and shows up as raw tags to buyers.

    Example:
        "<p>Material: <b>Cotton</b></p>" -> DSC006 (remove '<p>')
        "Material: Cotton"                -> ok
    """
    tags = pl.col("description").str.extract_all(HTML_RE).list.unique(maintain_order=True)
    return Check(
        violates=tags.list.len() > 0,
        message=pl.format(_t("description contains HTML {}; send plain text with 'Attribute: value' lines"),
                          tags.list.head(3).list.eval(pl.format("'{}'", pl.element())).list.join(", ")),
        value=tags.list.len().cast(pl.Float64),
        evidence=pl.struct(tags.alias("html")),
    )


@dataclass(frozen=True)
class DescriptionScriptOptions:
    """Options of description-not-english."""

    # Scripts allowed in descriptions (e.g. ["Cyrillic"] for a seller shipping to Russia).
    allowed_scripts: tuple[str, ...] = ()
    # Non-English letters up to this share of all letters are a bilingual description (ok),
    # except Chinese/Japanese/Korean, which is always untranslated copy.
    max_foreign_share: float = 0.5


@row_rule("DSC007", "description-not-english", Severity.ERROR, requires=("description", TEXT),
          options=DescriptionScriptOptions, reject_rate=0.7)
def description_not_english(opts: DescriptionScriptOptions) -> Check:
    """The description is not in English (untranslated Chinese, or mostly another language).

    Why:
        Joom requires English from sellers based in China, Japan, Korea and Turkey [J14],
        [J17]. A bilingual description (English plus Russian) passes; untranslated Chinese
        does not.

    Example:
        "材质：棉 Material: cotton"                                  -> DSC007
        "Material: cotton. Материал: хлопок. Suitable for daily wear" -> ok
    """
    allowed = tuple(opts.allowed_scripts)
    cls = foreign_class(allowed)
    cjk = "[" + "".join(FOREIGN_SCRIPTS[k] for k in ("Han", "Hiragana", "Katakana", "Hangul")
                        if k not in allowed) + "]"
    # Share of words (letter runs) in other scripts.
    foreign = pl.col("_t_desc_foreign").cast(pl.Float64)
    if allowed:  # words of allowed scripts do not count as foreign
        foreign = DESC.str.count_matches(cls + "+").cast(pl.Float64)
    share = foreign / pl.max_horizontal(foreign + pl.col("_t_desc_latin"), pl.lit(1))
    has_cjk = DESC.str.contains(f"{cjk}{{2,}}") if cjk != "[]" else pl.lit(False)
    sample = DESC.str.extract(rf"({cls}+(?:[\s\p{{P}}]*{cls}+){{0,3}})")
    return Check(
        violates=pl.when(DESC.is_not_null()).then(has_cjk | (share > opts.max_foreign_share)),
        message=pl.format(_t("description has non-English text '{}' ({}% of words); translate it to "
                          "English"), shorten(sample, 30), (share * 100).round(0).cast(pl.Int64)),
        value=share,
        evidence=pl.struct(sample.alias("text")),
    )
