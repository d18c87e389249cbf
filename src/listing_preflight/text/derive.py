"""Derived text columns, computed once per run on the products table before the text rules.

Adds search forms of title/description/category, the product group (category-aware rules),
obfuscation notes, and per-rule wordlist hits (`_w_<CODE>...`). Everything runs as polars
operations over whole columns; Python only touches the *unique* matched strings and the
unique title vocabulary (one rapidfuzz call), never rows.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import polars as pl

from ..i18n import _t
from ..registry import derived_columns
from . import normalise as nz
from .hit_context import filter_hits
from .structure import group_column, structure
from .wordlists import FIELDS, WORDLIST_RULES, Entry, Matcher, load_entries, matchers, rust_regex

if TYPE_CHECKING:
    from ..engine import RunContext

# Columns the deriver adds; rules list the ones they read in `requires`.
TEXT = "_text"  # marker: any rule needing the derived text columns requires this
SEV_RANK = {"info": 1, "warning": 2, "error": 3}
RANK_SEV = {v: k for k, v in SEV_RANK.items()}


def hit_columns(code: str) -> tuple[str, str, str, str, str]:
    """Names of the derived hit columns of a wordlist rule: items, terms, severity, field, fix."""
    return (f"_w_{code}", f"_w_{code}_terms", f"_w_{code}_sev", f"_w_{code}_field", f"_w_{code}_fix")


@functools.lru_cache(maxsize=8)
def _compiled(paths: tuple[str, ...], allow_key: str) -> tuple[list[Entry], dict[str, Matcher]]:
    import json

    entries = load_entries(paths, json.loads(allow_key))
    return entries, matchers(entries)


def compiled_for(ctx: RunContext | None) -> tuple[list[Entry], dict[str, Matcher]]:
    """Entries and per-field matchers for a run's config (cached)."""
    import json

    paths = tuple(ctx.config.wordlists) if ctx else ()
    allow = [a for a in (ctx.config.allow if ctx else []) if "term" in a]
    return _compiled(paths, json.dumps(allow, sort_keys=True, default=str))


def _search_forms(df: pl.DataFrame, col: str, out: str) -> pl.DataFrame:
    """Search form of `col` into `out`; the costly Unicode steps only on non-ASCII rows."""
    base = pl.col(col)
    # ASCII rows only need lower case; whitespace runs are collapsed on short fields only
    # (wordlist regexes accept any whitespace between words; collapsing long descriptions
    # costs ~2.5 s per million rows).
    simple = base.str.to_lowercase().str.strip_chars()
    if col != "description":
        simple = simple.str.replace_all(r"\s+", " ")
    df = df.with_columns(simple.alias(out))
    non_ascii = df.filter(base.str.contains(r"[^\x00-\x7f]")).select(
        "_ti", nz.search_form(base).alias("_full"),
        base.str.contains(nz.INVISIBLE_INSIDE_WORD_RE).alias("_inv"),
    )
    if non_ascii.height == 0:
        return df.with_columns(
            pl.lit(None, pl.String).alias(f"{out}_plain"), pl.lit(False).alias(f"{out}_inv"),
            pl.lit(False).alias(f"{out}_mixed"),
        )
    # Mixed-script tokens need Cyrillic or Greek letters at all (a cheap test first).
    non_ascii = non_ascii.with_columns(
        (pl.col("_full").str.contains(r"[\p{Cyrillic}\p{Greek}]")
         & nz.has_mixed_script(pl.col("_full"))).alias("_mixed"))
    mixed = non_ascii.filter("_mixed").select("_ti", nz.fold_homoglyphs_tokens(pl.col("_full")).alias("_fold"))
    non_ascii = non_ascii.join(mixed, on="_ti", how="left")
    df = df.join(non_ascii, on="_ti", how="left")
    return df.with_columns(
        pl.coalesce("_fold", "_full", out).alias(out),
        # The unfolded form, where folding changed something (to tell homoglyph hits apart).
        pl.when(pl.col("_fold").is_not_null()).then(pl.col("_full")).alias(f"{out}_plain"),
        pl.col("_inv").fill_null(False).alias(f"{out}_inv"),
        pl.col("_mixed").fill_null(False).alias(f"{out}_mixed"),
    ).drop("_full", "_fold", "_inv", "_mixed")


def _extract(texts: pl.DataFrame, regex: str, how: str, chunk: int = 0) -> pl.DataFrame:
    """(_ti, matched, how, chunk) for every match of `regex` in column `text`."""
    return (
        texts.select("_ti", pl.col("text").str.extract_all(regex).alias("matched"))
        .explode("matched")
        .drop_nulls("matched")
        .with_columns(pl.lit(how).alias("how"), pl.lit(chunk, pl.Int32).alias("chunk"))
    )


def _field_hits(df: pl.DataFrame, fld: str, matcher: Matcher) -> pl.DataFrame:
    """Candidate hits (_ti, field, eid, matched, how) of one field, plain and obfuscated."""
    col = f"_t_{fld}"
    texts = df.select("_ti", pl.col(col).alias("text")).filter(pl.col("text").is_not_null())
    foreign_rows = None
    parts = []
    for i, (regex, _) in enumerate(matcher.chunks):
        if matcher.non_ascii[i]:  # terms in other scripts can only match non-ASCII text
            if foreign_rows is None:
                foreign_rows = texts.filter(pl.col("text").str.contains(r"[^\x00-\x7f]"))
            parts.append(_extract(foreign_rows, regex, "plain", i))
        else:
            parts.append(_extract(texts, regex, "plain", i))
    if fld != "category":
        leet = matcher_leet(matcher)
        # Leetspeak: only rows with a token that mixes letters and leet characters.
        leety = texts.filter(pl.col("text").str.contains(nz.LEET_TOKEN_RE))
        if leety.height and leet.chunks:
            for table in (nz.LEET, nz.LEET_ALT):  # '1' reads as 'i' or 'l'
                folded = leety.select("_ti", nz.fold_leet_tokens(pl.col("text"), table).alias("text"))
                parts.append(_extract(folded, leet.chunks[0][0], "leet"))
        # Spaced-out letters: compact each run and compare with compact terms.
        spaced = (
            texts.filter(pl.col("text").str.contains(nz.SPACED_RE))
            .select("_ti", pl.col("text").str.extract_all(nz.SPACED_RE).alias("run"))
            .explode("run").drop_nulls("run")
            .with_columns(pl.col("run").str.replace_all(nz.SPACED_SEP_RE, "")
                          .str.replace_many(list(nz.LEET), list(nz.LEET.values())).alias("matched"))
        )
        if spaced.height and leet.chunks:
            parts.append(spaced.select("_ti", "matched", pl.lit("spaced").alias("how"),
                                       pl.lit(0, pl.Int32).alias("chunk"), "run"))
    hits = pl.concat([p.with_columns(pl.lit(None, pl.String).alias("run")) if "run" not in p.columns else p
                      for p in parts], how="vertical")
    # An obfuscated form counts only where the same string is not also plainly there.
    plain = hits.filter(pl.col("how") == "plain").select("_ti", "matched").unique()
    hits = pl.concat([hits.filter(pl.col("how") == "plain"),
                      hits.filter(pl.col("how") != "plain").join(plain, on=["_ti", "matched"], how="anti")
                      .unique(["_ti", "matched", "how"], maintain_order=True)])
    if hits.height == 0:
        return _empty_hits()
    vocab = hits.select("matched", "how", "chunk").unique()
    rows = []
    for matched, how, chunk in vocab.iter_rows():  # unique matched strings, not rows
        m = matcher if how == "plain" else matcher_leet(matcher)
        entry = m.entry_for(matched, chunk)
        if entry is not None:
            rows.append((matched, how, chunk, entry.id))
    mapping = pl.DataFrame(rows, schema={"matched": pl.String, "how": pl.String, "chunk": pl.Int32,
                                         "eid": pl.String}, orient="row")
    hits = hits.join(mapping, on=["matched", "how", "chunk"], how="inner").with_columns(
        pl.lit(fld).alias("field"))
    leet_hits = hits.filter(pl.col("how") == "leet")
    if leet_hits.height:
        # Show the token as written ('rep1ica'), not its folded form.
        tokens = (
            texts.join(leet_hits.select("_ti").unique(), on="_ti")
            .select("_ti", pl.col("text").str.extract_all(r"[\p{L}\p{N}@$!|]+").alias("tok"))
            .explode("tok").drop_nulls()
            .filter(pl.col("tok").str.contains(nz.LEET_TOKEN_RE))
            .with_columns(pl.concat_list(
                pl.col("tok").str.replace_many(list(nz.LEET), list(nz.LEET.values())),
                pl.col("tok").str.replace_many(list(nz.LEET_ALT), list(nz.LEET_ALT.values()))).alias("folded"))
            .explode("folded")
        )
        shown = (
            leet_hits.select("_ti", "matched").unique().join(tokens, on="_ti")
            .filter(pl.col("matched").str.contains(pl.col("folded"), literal=True))
            .group_by("_ti", "matched").agg(pl.col("tok").unique(maintain_order=True).str.join(" ").alias("orig"))
        )
        hits = hits.join(shown, on=["_ti", "matched"], how="left").with_columns(
            pl.coalesce("run", "orig").alias("run")).drop("orig")
    return hits.select("_ti", "field", "eid", "matched", "how", "run")


def _empty_hits() -> pl.DataFrame:
    return pl.DataFrame(schema={"_ti": pl.UInt32, "field": pl.String, "eid": pl.String,
                                "matched": pl.String, "how": pl.String, "run": pl.String})


@functools.lru_cache(maxsize=32)
def _leet_matcher(field: str, entries: tuple[Entry, ...]) -> Matcher:
    """A Matcher of the `entries` that are also looked for in obfuscated forms (cached)."""
    return Matcher(field, [e for e in entries if e.leet and e.match != "regex"])


def matcher_leet(matcher: Matcher) -> Matcher:
    """The matcher restricted to entries that are also looked for in obfuscated forms."""
    return _leet_matcher(matcher.field, tuple(matcher.entries))


def _fuzzy_hits(df: pl.DataFrame, entries: list[Entry]) -> pl.DataFrame:
    """Misspelt brand names in titles: rapidfuzz over the unique title vocabulary only."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    fuzzy = [e for e in entries if e.match == "fuzzy" and "title" in e.fields]
    if not fuzzy or "_t_title" not in df.columns:
        return _empty_hits()
    forms: dict[str, Entry] = {}
    for e in fuzzy:
        for f in (e.term, *e.variants):
            f = re.sub(r"[^\w]", "", f.lower())
            if len(f) >= 5:
                forms[f] = e
    known = _known_words(tuple(entries))
    vocab = (
        df.select(pl.col("_t_title").str.extract_all(rust_regex(r"\b[a-z][a-z0-9]{4,}\b")).alias("tok"))
        .explode("tok").drop_nulls().unique().get_column("tok").to_list()
    )
    vocab = [v for v in vocab if v not in forms and v not in known]
    if not vocab:
        return _empty_hits()
    names = list(forms)
    dist = process.cdist(vocab, names, scorer=OSA.distance, score_cutoff=2, dtype="int32",
                         workers=1)
    found: dict[str, str] = {}
    for i, j in zip(*(dist <= 2).nonzero()):
        token, name = vocab[i], names[j]
        limit = 1 if len(name) < 9 else 2
        # Same first letter and length within the limit: a misspelling, not another word.
        plural = token in (name + "s", name + "es") or name in (token + "s", token + "es")
        if dist[i, j] <= limit and token[0] == name[0] and not plural and token not in found:
            found[token] = forms[name].id
    if not found:
        return _empty_hits()
    regex = rust_regex(r"\b(?:" + "|".join(re.escape(t) for t in sorted(found, key=len, reverse=True)) + r")\b")
    texts = df.select("_ti", pl.col("_t_title").alias("text")).filter(pl.col("text").is_not_null())
    hits = _extract(texts, regex, "fuzzy")
    mapping = pl.DataFrame({"matched": list(found), "eid": list(found.values())})
    return hits.join(mapping, on="matched").with_columns(
        pl.lit("title").alias("field"), pl.lit(None, pl.String).alias("run")
    ).select("_ti", "field", "eid", "matched", "how", "run")


@functools.lru_cache(maxsize=4)
def _known_words(entries: tuple[Entry, ...]) -> frozenset[str]:
    words = set(structure("common_words")["words"])
    for e in entries:
        for f in (e.term, *e.variants):
            words.update(re.findall(r"[a-z0-9]+", f.lower()))
    return frozenset(words)


def _aggregate(hits: pl.DataFrame, df: pl.DataFrame) -> pl.DataFrame:
    """One set of `_w_<CODE>` columns per wordlist rule, joined onto `df`."""
    sev = (
        pl.when(pl.col("field") == "title").then("sev_title")
        .when(pl.col("field") == "description").then("sev_description")
        .otherwise("sev_category")
    )
    shown = pl.coalesce("run", "matched")
    label = pl.coalesce(pl.when(pl.col("label") != "").then("label"), pl.col("rule"))
    hits = hits.with_columns(
        pl.when(pl.col("soft")).then(pl.lit(SEV_RANK["warning"], pl.Int8))
        .otherwise(sev.replace_strict(SEV_RANK, return_dtype=pl.Int8)).alias("_rank"),
        pl.when(pl.col("soft"))
        .then(pl.format(_t("'{}' (brand named without 'for' on an accessory: write 'for {} <model>')"),
                        shown, shown))
        .otherwise(pl.format(_t("'{}' ({})"), shown, label)).alias("_item"),
        pl.col("field").replace_strict({"title": 0, "description": 1, "category": 2},
                                       return_dtype=pl.Int8).alias("_forder"),
    ).sort("_ti", "_forder")
    for code in WORDLIST_RULES:
        items, terms, sev_col, field_col, fix_col = hit_columns(code)
        agg = (
            hits.filter(pl.col("rule") == code)
            .group_by("_ti", maintain_order=True)
            .agg(
                pl.col("_item").unique(maintain_order=True).alias(items),
                pl.col("term").unique(maintain_order=True).alias(terms),
                pl.col("_rank").max().replace_strict(RANK_SEV, return_dtype=pl.String).alias(sev_col),
                pl.col("field").first().alias(field_col),
                pl.col("fix").drop_nulls().first().alias(fix_col),
            )
        )
        df = df.join(agg, on="_ti", how="left")
    return df


def _obfuscation_hits(hits: pl.DataFrame, df: pl.DataFrame) -> pl.DataFrame:
    """TRM004 notes: invisible characters inside words, mixed-script tokens, leet/spaced terms."""
    notes = []
    for fld in ("title", "description"):
        col = f"_t_{fld}"
        notes.append(df.filter(pl.col(f"{col}_inv")).select(
            "_ti", pl.lit(fld).alias("field"),
            pl.lit(_t("invisible (zero-width) characters inside words of the {}").format(fld)).alias("note")))
        mixed = df.filter(pl.col(f"{col}_mixed")).select(
            "_ti", pl.col(f"{col}_plain").alias("plain"), pl.col(col).alias("folded"))
        if mixed.height:
            tokens = (
                mixed.select("_ti", pl.col("plain").str.extract_all(r"[\p{L}\p{N}]+").alias("tok"))
                .explode("tok").drop_nulls()
                .filter(pl.col("tok").str.contains(nz.MIXED_SCRIPT_TOKEN_RE))
                .with_columns(pl.col("tok").str.replace_many(list(nz.HOMOGLYPHS), list(nz.HOMOGLYPHS.values()))
                              .alias("reads"))
                .group_by("_ti", maintain_order=True)
                .agg(pl.format(_t("'{}' (reads '{}')"), "tok", "reads").unique(maintain_order=True)
                     .str.join(", ").alias("toks"))
            )
            notes.append(tokens.select(
                "_ti", pl.lit(fld).alias("field"),
                pl.format(_t("mixed Latin/Cyrillic/Greek letters in {}"), "toks").alias("note")))
    obf = hits.filter(pl.col("how").is_in(["leet", "spaced"]))
    if obf.height:
        shown = pl.coalesce("run", "matched")
        notes.append(obf.select(
            "_ti", "field",
            pl.format(_t("'{}' spells '{}'"), shown, pl.col("matched")).alias("note")))
    fuzzy = hits.filter(pl.col("how") == "fuzzy")
    if fuzzy.height:
        notes.append(fuzzy.select(
            "_ti", "field", pl.format(_t("'{}' is a misspelling of '{}'"), "matched", "term").alias("note")))
    if not notes:
        return df.with_columns(pl.lit(None, pl.List(pl.String)).alias("_t_obf"),
                               pl.lit(None, pl.String).alias("_t_obf_field"))
    allnotes = (
        pl.concat(notes, how="vertical")
        .group_by("_ti", maintain_order=True)
        .agg(pl.col("note").unique(maintain_order=True).alias("_t_obf"),
             pl.col("field").first().alias("_t_obf_field"))
    )
    return df.join(allnotes, on="_ti", how="left")


def _description_stats(df: pl.DataFrame) -> pl.DataFrame:
    """Word counts of the description, computed once for DSC001/2/3/4/7.

    `_t_desc_words` counts whitespace-separated words; `_t_desc_latin` / `_t_desc_foreign`
    count Latin words and words in other scripts, with the Unicode pass run only on the
    non-ASCII rows (on ASCII rows every word is Latin).
    """
    desc = pl.col("_t_description")
    words = (desc.str.count_matches(r"[ \t\n]+") + 1).cast(pl.UInt32)
    df = df.with_columns(words.alias("_t_desc_words"))
    sub = df.filter(desc.str.contains(r"[\p{L}--\p{Latin}]").fill_null(False)).select(
        "_ti",
        desc.str.count_matches(r"[a-z\p{Latin}]+").cast(pl.UInt32).alias("_latin"),
        desc.str.count_matches(r"[\p{L}--\p{Latin}]+").cast(pl.UInt32).alias("_foreign"),
    )
    df = df.join(sub, on="_ti", how="left")
    return df.with_columns(
        pl.coalesce("_latin", "_t_desc_words").alias("_t_desc_latin"),
        pl.col("_foreign").fill_null(0).alias("_t_desc_foreign"),
    ).drop("_latin", "_foreign")


def add_text_columns(df: pl.DataFrame, ctx: RunContext | None = None) -> pl.DataFrame:
    """Add every derived text column to a products-shaped frame (see module docstring)."""
    entries, by_field = compiled_for(ctx)
    df = df.with_row_index("_ti")
    for fld in FIELDS:  # the canonical columns of the same names
        df = _search_forms(df, fld, f"_t_{fld}")
    # Descriptions are matched without their HTML tags (DSC006 reports the tags).
    df = df.with_columns(
        pl.when(pl.col("_t_description").str.contains("<", literal=True))
        .then(pl.col("_t_description").str.replace_all(r"<[^>]{0,200}>", " "))
        .otherwise(pl.col("_t_description")).alias("_t_description"),
        nz.words_form(pl.col("brand").str.to_lowercase()).alias("_t_brand_words"),
        nz.words_form(pl.col("_t_title")).alias("_t_title_words"),
        nz.compact_form(pl.col("_t_title")).alias("_t_title_compact"),
    )
    df = _description_stats(df.with_columns(group_column(df)))
    df = df.with_columns(
        (pl.col("_t_title").str.contains(structure("compat")["accessory"])
         & ~pl.col("_t_group").is_in(structure("compat")["never_for"]).fill_null(False)).alias("_t_accessory")
    )
    parts = [_field_hits(df, fld, by_field[fld]) for fld in FIELDS if by_field[fld].entries]
    parts.append(_fuzzy_hits(df, entries))
    hits = pl.concat(parts, how="vertical") if parts else _empty_hits()
    # Homoglyph hits: the term is visible only after folding mixed-script tokens.
    hits = filter_hits(hits, df, entries)
    df = _aggregate(hits, df)
    df = _obfuscation_hits(hits, df)
    return df.drop("_ti").with_columns(pl.lit(True).alias(TEXT))  # marker: derived once


PROVIDES = (TEXT,)


@derived_columns("text", scope="product", provides=PROVIDES)
def derive_text(table: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Derived text columns for the title/description/terms/compliance rules."""
    return add_text_columns(table, ctx)
