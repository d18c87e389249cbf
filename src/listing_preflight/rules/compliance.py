"""Compliance rules (CMP): prohibited categories, missing certificates, dangerous-goods declaration."""

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

TEXTS = pl.concat_str(pl.col("_t_title").fill_null(""), pl.lit(" | "), pl.col("_t_category").fill_null(""))


@row_rule("CMP001", "prohibited-category", Severity.ERROR, requires=("category", TEXT), reject_rate=0.95)
def prohibited_category(opts: None, ctx: RunContext) -> Check:
    """The product's category is one Joom prohibits (weapons, tobacco, drugs, alcohol, food...).

    Why:
        Prohibited products are Joom's 'great significance' violation: block, frozen funds,
        fines [J4]; the lists are on Joom's prohibited-products pages [J3], [J17].

    Example:
        category="Sports > Self Defense Weapons" -> CMP001
        category="Home > Kitchen > Food Storage"  -> ok
    """
    return wordlist_check("CMP001", ctx, "do not list this product")


def _regime() -> pl.Expr:
    """The label of the first certificate regime whose pattern the title or category matches."""
    out = pl.lit(None, pl.String)
    for r in reversed(structure("certificates")["regimes"]):
        hit = TEXTS.str.contains(r["pattern"])
        if r.get("unless"):
            hit = hit & ~TEXTS.str.contains(r["unless"])
        out = pl.when(hit).then(pl.lit(r["label"])).otherwise(out)
    return out


@row_rule("CMP002", "certificate-missing", Severity.WARNING, requires=("certificates", TEXT),
          reject_rate=0.3)
def certificate_missing() -> Check:
    """A regulated product (toy, cosmetic, medical device, mains/radio electronics) has no certificate.

    Why:
        Joom asks for CE/FDA documents for masks, oximeters, thermometers and contact lenses
        [J8] and runs a CE upload policy for electronics and toys [J22]; EU toys need EN 71 +
        CE [K6], cosmetics a CPNP notification [K9], radio devices RED/CE [K4].

    Example:
        title="Magnetic Building Blocks 64 Pcs", certificates="" -> CMP002 (EN71, CE)
        title="Magnetic Building Blocks 64 Pcs", certificates="EN71; CE" -> ok
    """
    regimes = structure("certificates")["regimes"]
    label = _regime()
    needed = label.replace_strict({r["label"]: ", ".join(r["certs"][:3]) for r in regimes},
                                  default=None, return_dtype=pl.String)
    certs_re = label.replace_strict(
        {r["label"]: r"\b(?:" + "|".join(c.lower().replace(" ", r"\s?") for c in r["certs"]) + r")\b"
         for r in regimes}, default=None, return_dtype=pl.String)
    certs = pl.col("certificates").str.to_lowercase()
    has = certs.is_not_null() & certs.str.contains(pl.coalesce(certs_re, pl.lit("$^")))
    return Check(
        violates=pl.when(label.is_not_null()).then(~has),
        message=pl.format(_t("a {} needs a certificate ({}) but the certificates column {}; add the "
                          "certificate before upload"), label, needed,
                          pl.when(certs.is_null()).then(pl.lit(_t("is empty")))
                          .otherwise(pl.format(_t("names none of them ('{}')"), pl.col("certificates")))),
        field="certificates",
        evidence=pl.struct(label.alias("regime"), needed.alias("needs")),
    )


@row_rule("CMP003", "dangerous-kind-mismatch", Severity.WARNING, requires=("dangerous_kind", TEXT),
          reject_rate=0.3)
def dangerous_kind_mismatch() -> Check:
    """A battery, liquid or powder product is declared not dangerous.

    Why:
        Batteries, liquids and powders ship under dangerous-goods rules; Joom may ask for an
        MSDS [J8], and a wrong declaration gets the parcel refused by logistics.

    Example:
        title="20000mAh Power Bank", dangerous_kind="notDangerous" -> CMP003 (declare withBattery)
        title="20000mAh Power Bank", dangerous_kind="withBattery"  -> ok
    """
    spec = structure("dangerous")
    text = pl.concat_str(pl.col("_t_title").fill_null(""), pl.lit(" | "), pl.col("_t_description").fill_null(""))
    kind, expected, evidence = pl.lit(None, pl.String), pl.lit(None, pl.String), pl.lit(None, pl.String)
    declared = pl.col("dangerous_kind").str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")
    not_dangerous = declared.is_in([str(v) for v in spec["not_dangerous"]])
    # Only listings declared not dangerous are read (the others are blanked: cheaper scans).
    text = pl.when(not_dangerous).then(text).otherwise(pl.lit(""))
    for k in reversed(spec["kinds"]):
        found = text.str.extract(f"({k['pattern']})")
        hit = found.is_not_null() & ~text.str.contains(k["unless"])
        kind = pl.when(hit).then(pl.lit(k["kind"])).otherwise(kind)
        expected = pl.when(hit).then(pl.lit(k["expected"])).otherwise(expected)
        evidence = pl.when(hit).then(found).otherwise(evidence)
    return Check(
        violates=pl.when(pl.col("dangerous_kind").is_not_null()).then(not_dangerous & kind.is_not_null()),
        message=pl.format(_t("'{}' makes this a {} product but dangerous_kind is '{}'; declare it as {}"),
                          evidence, kind, pl.col("dangerous_kind"), expected),
        field="dangerous_kind",
        evidence=pl.struct(kind.alias("kind"), evidence.alias("text")),
    )
