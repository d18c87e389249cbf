"""Context of a wordlist hit: which hits stand after allow/require contexts, own brand and compatibility.

Runs once per entry that was hit (loops over entries, never rows); everything per row is polars.
"""

from __future__ import annotations

import polars as pl

from . import normalise as nz
from .structure import structure
from .wordlists import Entry, rust_regex


def entry_frame(entries: list[Entry]) -> pl.DataFrame:
    """One row per wordlist entry: id, rule, term, label, owner, fix and severity per field."""
    return pl.DataFrame(
        {
            "eid": [e.id for e in entries],
            "rule": [e.rule for e in entries],
            "term": [e.term for e in entries],
            "label": [e.label for e in entries],
            "owner": [nz.search_form_py(e.owner) if e.owner else None for e in entries],
            "fix": [e.fix for e in entries],
            "sev_title": [e.severity_for("title") for e in entries],
            "sev_description": [e.severity_for("description") for e in entries],
            "sev_category": [e.severity_for("category") for e in entries],
        },
        schema_overrides={"owner": pl.String, "fix": pl.String},
    )


def keep_hits(part: pl.DataFrame, entry: Entry) -> pl.DataFrame:
    """Which hits of one entry stand (`keep`) and which are softened to a warning (`soft`):
    allow/require contexts, own brand, compatibility.

    Runs once per entry that was hit (Python loops over entries, never rows), so every
    regex here is a literal pattern compiled once.
    """
    compat = structure("compat")
    text = pl.col("text")
    entry_re = rust_regex(entry.regex)
    n_hits = text.str.count_matches(entry_re)
    keep = pl.lit(True)
    soft = pl.lit(False)
    if entry.allow:
        # Allowed when every occurrence sits in an allowed context ('AAA battery').
        allowed = text.str.count_matches(rust_regex("|".join(entry.allow))) >= n_hits
        keep = keep & ~(allowed & (pl.col("how") == "plain"))
    if entry.require:
        keep = keep & text.str.contains(rust_regex("|".join(entry.require)))
    if entry.rule == "TRM002":
        # The listing's own brand (or a product line it owns) is not a risk.
        names = {nz.search_form_py(entry.term)} | ({nz.search_form_py(entry.owner)} if entry.owner else set())
        own = pl.lit(False)
        for name in names:
            own = own | pl.col("_t_brand_words").str.contains(f" {name} ", literal=True).fill_null(False)
        # Compatibility: connector + brand + model, or brands inside a connector span that
        # holds a model ('for Nintendo Switch OLED Joy-Con'); accessories only ([E1], [A11], [J20]).
        conn, gap = compat["connector"], compat["gap"]
        direct = rust_regex(
            f"(?:{conn}{gap}{entry.regex}{compat['model']})"
            f"|(?:{conn}{gap}{compat['model_token']}\\s+(?:[\\w.+\\-]+\\s+){{0,2}}?{entry.regex})")
        span_re = rust_regex(rf"{conn}(?:[\w.+\-]+(?:[\s,/&]+|$)){{1,{compat['span_tokens']}}}")
        model_re = rust_regex(rf"\b{compat['model_token']}\b")
        spans = (text.str.extract_all(span_re)
                 .list.eval(pl.element().filter(pl.element().str.contains(model_re))).list.join(" | "))
        compatible = (
            pl.col("_t_accessory").fill_null(False) & (pl.col("how") == "plain")
            & ((text.str.count_matches(direct) >= n_hits) | (spans.str.count_matches(entry_re) >= n_hits))
        )
        keep = keep & ~own & ~compatible
        # 'iPhone 15 Pro Case' on an accessory: brand + model without the connector. Not
        # the infringing kind of use, but the marketplaces want 'for iPhone 15 Pro': warning.
        soft = (pl.col("_t_accessory").fill_null(False) & (pl.col("how") == "plain")
                & (text.str.count_matches(rust_regex(entry.regex + compat["model"])) >= n_hits))
    return part.with_columns(keep.fill_null(True).alias("keep"), soft.fill_null(False).alias("soft"))


def filter_hits(hits: pl.DataFrame, df: pl.DataFrame, entries: list[Entry]) -> pl.DataFrame:
    """Apply allow/require contexts, the listing's own brand and the compatibility exception."""
    if hits.height == 0:
        return hits.with_columns(pl.lit(False).alias("soft")).join(entry_frame(entries), on="eid", how="inner")
    by_id = {e.id: e for e in entries}
    ctx = df.select("_ti", "_t_title", "_t_description", "_t_category", "_t_brand_words", "_t_accessory")
    hits = hits.join(ctx, on="_ti", how="left").with_columns(
        pl.when(pl.col("field") == "title").then(pl.col("_t_title"))
        .when(pl.col("field") == "description").then(pl.col("_t_description"))
        .otherwise(pl.col("_t_category")).alias("text")
    ).drop("_t_title", "_t_description", "_t_category")
    kept = []
    for (eid,), part in hits.group_by("eid"):  # one pass per entry that was hit
        kept.append(keep_hits(part, by_id[eid]).filter("keep").drop("keep"))
    out = pl.concat(kept, how="vertical")
    return out.join(entry_frame(entries), on="eid", how="inner")
