"""Terms rules (TRM): banned terms, trademarks, marketplace names, obfuscation, implausible specs.

TRM001-TRM003 report the wordlist hits computed once per run by text/derive.py (whole-word
matching on normalised text, allow contexts applied); TRM004 reports how text was hidden;
TRM005 parses numbers from the title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ..i18n import _t
from ..model import Check, Severity
from ..registry import row_rule
from ..text.checks import wordlist_check
from ..text.derive import TEXT
from ..text.structure import structure

if TYPE_CHECKING:
    from ..engine import RunContext


@row_rule("TRM001", "banned-term", Severity.ERROR, requires=("title", TEXT), reject_rate=0.9)
def banned_term(opts: None, ctx: RunContext) -> Check:
    """The title or description names a prohibited product or makes a banned claim.

    Why:
        Joom prohibits weapons, drugs, tobacco, hidden cameras, jammers, human hair, lasers
        over 1 mW, R4 cards and products mentioning sanctioned countries [J3], [J17]; replica
        vocabulary is counterfeit [X1], [E4]; disease-cure and pesticide claims need approval
        [A6], [A7]. Severity comes from each wordlist entry. Legitimate uses are allowed by
        context: 'AAA battery', '1:1 aspect ratio', 'Cuban link chain', 'night vision camera'.

    Example:
        title="Self Defense Stun Gun Flashlight" -> TRM001 ('stun gun', weapon)
        title="Cuban Link Chain Necklace 8mm"    -> ok
    """
    return wordlist_check("TRM001", ctx, "remove it")


@row_rule("TRM002", "trademark-risk", Severity.ERROR, requires=("title", TEXT), reject_rate=0.8)
def trademark_risk(opts: None, ctx: RunContext) -> Check:
    """The listing names a known brand that is not its own, outside 'for / compatible with' + model.

    Why:
        Unauthorised brands in names are IP infringement, Joom's most serious violation
        class, and the usual trigger of TRO account freezes [J4], [J6], [T3]. An accessory may
        say 'for iPhone 15' / 'compatible with Galaxy S24' [A11], [E1], but not clothing or
        jewellery, and not earphones 'for AirPods' [J20], [T6]. Misspellings one edit away
        ('Samsnug') count as the brand.

    Example:
        brand="Acme", title="Nike Air Max Running Shoes"        -> TRM002 ('nike')
        brand="Spigen", title="Silicone Case for iPhone 15 Pro" -> ok
    """
    return wordlist_check("TRM002", ctx, "remove the brand, or write 'for <Brand> <Model>' on an "
                          "accessory")


@row_rule("TRM003", "marketplace-name", Severity.ERROR, requires=("title", TEXT), reject_rate=0.8)
def marketplace_name(opts: None, ctx: RunContext) -> Check:
    """The title or description names another marketplace (Amazon, AliExpress, eBay, Wish...).

    Why:
        Joom's name rules forbid names of other marketplaces [J1], [J5]; Joom's own bad
        example is 'JEANS SALE AMAZON DR-001 SALE' [J10]. 'Amazon rainforest' and
        'for Amazon Echo' are allowed.

    Example:
        title="Amazon Best Choice Yoga Mat"   -> TRM003 ('amazon')
        title="Wall Mount for Amazon Echo Dot 5" -> ok
    """
    return wordlist_check("TRM003", ctx, "remove the marketplace name")


@row_rule("TRM004", "obfuscated-text", Severity.ERROR, requires=("title", TEXT), reject_rate=0.9)
def obfuscated_text() -> Check:
    """Text is disguised: zero-width characters inside words, mixed-script lookalike letters,
    or a listed term in leetspeak or spelled out ('rep1ica', 'b u l l e t p r o o f').

    Why:
        Lookalike letters and invisible characters are classic filter evasion [O1], [O5], [O6];
        deliberate bypass is treated as an aggravating offence [O7]. A Russian sentence is not
        obfuscation: only tokens that mix Latin with Cyrillic/Greek letters count.

    Example:
        title="Rep1ica Designer Bag"       -> TRM004 ('rep1ica' spells 'replica')
        title="Silk Scarf, Шёлковый шарф"  -> ok
    """
    notes = pl.col("_t_obf")
    return Check(
        violates=notes.list.len() > 0,
        message=pl.format(_t("{}: {}; write the words plainly"), pl.col("_t_obf_field"), notes.list.join("; ")),
        field=pl.col("_t_obf_field"),
        evidence=pl.struct(notes.alias("notes")),
    )


def _spec_value(spec: dict, in_group: pl.Expr) -> pl.Expr:
    """Largest value of a spec in the title, in the spec's base unit (null when absent).

    Only titles of the spec's product type are parsed (others are blanked first: parsing
    every title for every spec was most of this rule's cost).
    """
    title = pl.when(in_group).then(pl.col("_t_title")).otherwise(pl.lit(""))
    found = title.str.extract_all(spec["value_pattern"])
    unit = pl.lit(1.0)
    for key, mult in sorted(spec["units"].items(), key=lambda kv: len(kv[0])):
        if key:
            unit = pl.when(pl.element().str.contains(key, literal=True)).then(pl.lit(float(mult))).otherwise(unit)
    number = (pl.element().str.replace(r"^\D+", "").str.extract(r"^(\d+(?:[.,]\d+)*)")
              .str.replace_all(",", "").cast(pl.Float64, strict=False))
    if spec["unit_label"] in ("mAh",):
        number = (pl.element().str.extract(r"(\d{1,3}(?:[.,]\d{3})+|\d+)").str.replace_all(r"[.,]", "")
                  .cast(pl.Float64, strict=False))
    return found.list.eval(number * unit).list.max()


@row_rule("TRM005", "implausible-spec", Severity.ERROR, requires=("title", TEXT), reject_rate=0.8)
def implausible_spec() -> Check:
    """The title claims a spec that does not exist at this kind of product (fake capacity).

    Why:
        Joom's moderator checklist rejects as 'Misleading Info' USB flash drives of 512 GB or
        more, power banks over 50,000 mAh and phone glass over 5D [J18]; memory cards over
        1 TB and Bluetooth versions above 6.0 are the same trick (own additions).

    Example:
        title="2TB USB Flash Drive Metal"      -> TRM005 (2048 GB)
        title="64GB USB 3.0 Flash Drive Metal" -> ok
    """
    violation = pl.lit(None, pl.String)
    value = pl.lit(None, pl.Float64)
    specs = structure("params")["plausibility"]
    title = pl.col("_t_title")
    for spec in reversed(specs):
        in_group = title.str.contains(spec["group_pattern"]) & ~title.str.contains(spec["exclude_pattern"])
        v = _spec_value(spec, in_group)
        over = (v >= spec["limit"]) if spec["inclusive"] else (v > spec["limit"])
        hit = in_group & over.fill_null(False)
        text = pl.format(
            _t("{} of {} {} is implausible: {}; state the real value"),
            pl.lit(spec["name"]), v.round(1).cast(pl.String).str.replace(r"\.0$", ""),
            pl.lit(spec["unit_label"]), pl.lit(spec["message"]))
        violation = pl.when(hit).then(text).otherwise(violation)
        value = pl.when(hit).then(v).otherwise(value)
    return Check(violates=violation.is_not_null(), message=violation, value=value)
