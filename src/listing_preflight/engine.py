"""Run the enabled rules over a catalog and collect findings, verdicts and risk."""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .config import Config
from .i18n import _t
from .io import Catalog
from .io.columns import CANONICAL, ROW, SOURCE
from .model import (
    FINDINGS_SCHEMA,
    Check,
    ConfigError,
    PreflightError,
    Rule,
    RuleSettings,
    RunStats,
    empty_findings,
)
from .registry import all_rules
from .results import DEFAULT_REJECT_RATE, VERDICTS, Report  # noqa: F401  (re-exported)
from .tables import Tables, build_tables
from .verdicts import calibrated_rates, product_verdicts

# Canonical columns whose absence does not skip a rule: the readers always create them.
ALWAYS_PRESENT = {"product_sku", "extra_images", ROW, SOURCE}


@dataclass
class RunContext:
    """What rules may need beyond their options: the tables, the config, resolved paths."""

    tables: Tables
    config: Config
    catalog: Catalog
    settings: dict[str, RuleSettings]
    cache: dict[str, Any] = field(default_factory=dict)


def _call_rule(rule: Rule, opts: Any, ctx: RunContext) -> Any:
    params = inspect.signature(rule.func).parameters
    if rule.kind == "frame":
        return rule.func(ctx, opts) if len(params) >= 2 else rule.func(ctx)
    if len(params) >= 2:
        return rule.func(opts, ctx)
    return rule.func(opts) if len(params) == 1 else rule.func()


def _check_to_frame(rule: Rule, check: Check, table: pl.DataFrame) -> pl.LazyFrame:
    """Rows of `table` that violate `check`, shaped as findings."""
    field_expr = (
        check.field if isinstance(check.field, pl.Expr)
        else pl.lit(check.field or _default_field(rule), dtype=pl.String)
    )
    return (
        table.lazy()
        .filter(check.violates.fill_null(False))
        .select(
            pl.lit(rule.code).alias("code"),
            (check.severity if check.severity is not None else pl.lit(None, pl.String))
            .cast(pl.String).alias("severity"),
            pl.col("product_sku"),
            pl.col("variant_sku") if rule.scope != "product" else pl.lit(None, pl.String).alias("variant_sku"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            field_expr.alias("field"),
            check.message.cast(pl.String).alias("message"),
            (check.value if check.value is not None else pl.lit(None)).cast(pl.Float64).alias("value"),
            (check.evidence.struct.json_encode() if check.evidence is not None
             else pl.lit(None, pl.String)).alias("evidence"),
            pl.col(SOURCE).alias("source"),
        )
    )


def _default_field(rule: Rule) -> str | None:
    for col in rule.requires:
        if col in CANONICAL:
            return col
    return None


def _conform(frame: pl.LazyFrame, rule: Rule) -> pl.LazyFrame:
    """Give a frame rule's result the findings schema (missing columns are null)."""
    names = frame.collect_schema().names()
    exprs = []
    for col, dtype in FINDINGS_SCHEMA.items():
        if col == "code":
            exprs.append(pl.lit(rule.code).alias("code"))
        elif col in names:
            exprs.append(pl.col(col).cast(dtype))
        elif col == "field":
            exprs.append(pl.lit(_default_field(rule), dtype=pl.String).alias("field"))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(col))
    return frame.select(exprs)


def _missing_inputs(rule: Rule, present: set[str]) -> list[str]:
    """The canonical columns `rule` requires that the catalog does not have."""
    return [
        col for col in rule.requires
        if col in CANONICAL and col not in present and col not in ALWAYS_PRESENT
    ]


def run(catalog: Catalog, config: Config) -> Report:
    """Run every enabled rule over `catalog`; return the Report."""
    stats = RunStats()
    clock = time.perf_counter()
    rules = all_rules()
    settings = config.rule_settings()

    roots = _image_roots(catalog, config)
    tables = build_tables(catalog.frame, roots)
    stats.products, stats.variants = tables.products.height, tables.variants.height
    stats.seconds["tables"] = time.perf_counter() - clock
    ctx = RunContext(tables=tables, config=config, catalog=catalog, settings=settings)
    if any(_needs_images(rules[code]) for code in settings):
        from .images import prepare_pass

        # the worker pool starts while the text rules run
        prepare_pass(tables.images, config, _reads(rules[code] for code in settings))

    active: dict[str, Rule] = {}
    for code, rule_settings in settings.items():
        rule = rules[code]
        missing = _missing_inputs(rule, catalog.present)
        if missing:
            if rule_settings.explicit:
                raise ConfigError(
                    f"rule {code} ({rule.name}) was selected but the catalog has no "
                    f"{', '.join(missing)} column; map it under [columns]"
                )
            stats.skipped_rules[code] = _t("no {} column").format(", ".join(missing))
            continue
        active[code] = rule
    # Rules whose text evidence needs the PP-OCR detector (ONNX Runtime): skipped or partly run.
    from .rules.image.text_availability import text_search_skips

    text_reasons, not_run = text_search_skips(active)
    stats.skipped_rules.update(text_reasons)
    active = {code: rule for code, rule in active.items() if code not in not_run}

    # Rules that need no image features run first (their frame rules may read side files such
    # as the market prices), so a bad side file fails before the long image pass, not after.
    later = {code: rule for code, rule in active.items() if _needs_images(rule)}
    first = {code: rule for code, rule in active.items() if code not in later}
    clock = time.perf_counter()
    _derive(first, ctx, scopes=("product", "variant"))
    parts = _rule_parts(first, settings, ctx, stats.failed_rules)
    stats.seconds["rules"] = time.perf_counter() - clock

    clock = time.perf_counter()
    if later:
        from .images import attach_features

        try:
            # Only what the active rules read is extracted (IMG007 and IMG014's is ~half of it).
            tables.images = attach_features(tables.images, ctx, _reads(later.values()))
        except PreflightError:
            raise  # a usage or configuration error (a missing engine extra, a bad reference index
            # or cache folder): the user's to fix, exit 2
        except _RULE_FAILURES as exc:
            # The image pass broke as a whole: every image rule is failed, the rest still run.
            stats.failed_rules.update(dict.fromkeys(later, _describe(exc)))
            later = {}
        else:
            from .images.offline import missing_local_notice

            # Most local files missing: one line up front says the images root is likely wrong.
            missing = missing_local_notice(tables.images, config.images)
            if missing:
                ctx.cache.setdefault("image_pass", {}).setdefault("notices", []).insert(0, missing)
    stats.images = tables.images.select("image").n_unique() if tables.images.height else 0
    stats.seconds["images"] = time.perf_counter() - clock

    clock = time.perf_counter()
    _derive(later, ctx, scopes=("product", "variant", "image"))
    parts += _rule_parts(later, settings, ctx, stats.failed_rules)
    if "CAT005" in active and catalog.bad_rows:
        parts.append(("CAT005", _bad_row_findings(catalog, tables)))
    findings = _collect(parts, stats.failed_rules)
    stats.seconds["rules"] += time.perf_counter() - clock

    findings = _finalise(findings, settings, rules, tables)
    findings = _apply_allow(findings, config)
    baseline_hidden = 0
    if config.baseline:
        from .baseline import apply_baseline

        before = findings.height
        findings = apply_baseline(findings, Path(config.baseline))
        baseline_hidden = before - findings.height
    products = product_verdicts(findings, tables, rules, calibrated_rates(config))
    return Report(
        findings=findings,
        products=products,
        rules={c: rules[c] for c in settings},
        settings=settings,
        stats=stats,
        profile=config.profile,
        # Reading, side files (market prices) and the image pass may each leave notices.
        notices=[*catalog.notices, *ctx.cache.get("image_pass", {}).get("notices", [])],
        catalog=catalog,
        baseline_hidden=baseline_hidden,
        thumbnails=_thumbnails(tables.images),
    )


def _thumbnails(images: pl.DataFrame) -> pl.DataFrame | None:
    """The images' thumbnails (from the feature pass) for the HTML report, or None."""
    if "img_thumb" not in images.columns:
        return None
    return images.select("product_sku", "field", "image", "img_thumb")


def _needs_images(rule: Rule) -> bool:
    return any(col.startswith("img_") for col in rule.requires)


def _reads(rules: Iterable[Rule]) -> set[str]:
    """The columns a set of rules reads."""
    return {col for rule in rules for col in rule.requires}


# What a failing rule may raise and still be isolated: any bug, and a native panic of polars
# (pyo3's PanicException derives from BaseException). A PreflightError (a bad side file, a bad
# option) still stops the run with its own message; Ctrl-C and MemoryError still stop it too.
_RULE_FAILURES: tuple[type[BaseException], ...] = (Exception, pl.exceptions.PanicException)


def _describe(exc: BaseException) -> str:
    """One line for a failed rule: the error's type and message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]


def _rule_parts(rules: dict[str, Rule], settings: dict[str, RuleSettings],
                ctx: RunContext, failed: dict[str, str]) -> list[tuple[str, pl.LazyFrame]]:
    """Each rule's findings as (code, lazy frame), collected together later in one go.

    A rule whose function or frame cannot be built is recorded in `failed`; the others go on.
    """
    parts: list[tuple[str, pl.LazyFrame]] = []
    failed.update(ctx.cache.pop("failed_derived", {}))
    for code, rule in rules.items():
        if code in failed:
            continue
        try:
            result = _call_rule(rule, settings[code].options, ctx)
            if rule.kind == "row":
                parts.append((code, _check_to_frame(rule, result, ctx.tables.get(rule.scope))))
            elif result is not None:
                parts.append((code, _conform(result, rule)))
        except PreflightError:
            raise
        except _RULE_FAILURES as exc:
            failed[code] = _describe(exc)
    return parts


def _collect(parts: list[tuple[str, pl.LazyFrame]], failed: dict[str, str]) -> pl.DataFrame:
    """Collect all rule frames in one go; if that fails, rule by rule, isolating the failures."""
    if not parts:
        return empty_findings()
    try:
        return pl.concat(pl.collect_all([lf for _, lf in parts]), how="vertical")
    except PreflightError:
        raise
    except _RULE_FAILURES:
        pass  # find the culprit(s): one rule's failure must not cost the others their findings
    frames = []
    for code, lf in parts:
        try:
            frames.append(lf.collect())
        except PreflightError:
            raise
        except _RULE_FAILURES as exc:
            failed[code] = _describe(exc)
    return pl.concat(frames, how="vertical") if frames else empty_findings()


def _derive(active: dict[str, Rule], ctx: RunContext, scopes: tuple[str, ...]) -> None:
    """Add the derived columns (registry.derived_columns) that the active rules require."""
    from .registry import DERIVERS

    needed = {col for rule in active.values() for col in rule.requires}
    attrs = {"product": "products", "variant": "variants", "image": "images"}
    for deriver in DERIVERS.values():
        if deriver.scope in scopes and needed & set(deriver.provides):
            attr = attrs[deriver.scope]
            if not set(deriver.provides) <= set(getattr(ctx.tables, attr).columns):
                try:
                    setattr(ctx.tables, attr, deriver.func(getattr(ctx.tables, attr), ctx))
                except PreflightError:
                    raise
                except _RULE_FAILURES as exc:
                    # The rules that need these columns fail (isolated); the others still run.
                    for code, rule in active.items():
                        if set(rule.requires) & set(deriver.provides):
                            ctx.cache.setdefault("failed_derived", {})[code] = _describe(exc)


def _image_roots(catalog: Catalog, config: Config) -> pl.Expr | str:
    """--images, else each catalog file's own folder (DESIGN §4)."""
    if config.images:
        return str(Path(config.images).resolve())
    sources = catalog.frame.get_column(SOURCE).unique().to_list() if catalog.frame.height else []
    mapping = {s: str(Path(s).resolve().parent) for s in sources}
    return pl.col(SOURCE).replace_strict(mapping, default=None, return_dtype=pl.String)


def _bad_row_findings(catalog: Catalog, tables: Tables) -> pl.LazyFrame:
    bad = pl.DataFrame(
        catalog.bad_rows, schema={"source": pl.String, "row": pl.Int64, "message": pl.String}, orient="row"
    )
    # Attribute each bad record to the product on that row, if it was read at all.
    owners = tables.variants.select(pl.col(SOURCE).alias("source"), pl.col(ROW).cast(pl.Int64).alias("row"),
                                    "product_sku", "variant_sku")
    joined = bad.join(owners, on=["source", "row"], how="left").with_columns(
        pl.coalesce("product_sku", pl.format("row-{}", pl.col("row"))).alias("product_sku")
    )
    rule = all_rules()["CAT005"]
    return _conform(joined.lazy(), rule)


def _finalise(findings: pl.DataFrame, settings: dict[str, RuleSettings], rules: dict[str, Rule],
              tables: Tables) -> pl.DataFrame:
    """Fill configured severities and names; order findings deterministically."""
    if findings.is_empty():
        return findings.with_columns(pl.lit(None, pl.String).alias("name"))
    meta = pl.DataFrame(
        {
            "code": list(settings),
            "name": [rules[c].name for c in settings],
            "configured": [settings[c].severity.label for c in settings],
        }
    )
    order = tables.products.select("product_sku", pl.int_range(pl.len()).alias("_product_order"))
    rank = pl.col("severity").replace_strict({"error": 0, "warning": 1, "info": 2}, default=3)
    return (
        findings.join(meta, on="code", how="left")
        .with_columns(
            pl.coalesce(pl.col("severity").str.to_lowercase(), "configured").alias("severity")
        )
        .join(order, on="product_sku", how="left")
        .sort(["_product_order", rank, "code", "row", "variant_sku", "message"], nulls_last=True)
        .select("code", "name", *[c for c in FINDINGS_SCHEMA if c != "code"])
    )


def _apply_allow(findings: pl.DataFrame, config: Config) -> pl.DataFrame:
    """Drop findings waived by `allow` entries that name a SKU and a rule (with a reason)."""
    waivers = [a for a in config.allow if "sku" in a]
    if not waivers or findings.is_empty():
        return findings
    rows = []
    for waiver in waivers:
        if not waiver.get("reason"):
            raise ConfigError(f"allow entry for SKU {waiver['sku']!r} needs a reason")
        codes = waiver.get("rules") or waiver.get("rule") or ["ALL"]
        for code in [codes] if isinstance(codes, str) else codes:
            rows.append({"product_sku": str(waiver["sku"]), "code": code})
    waived = pl.DataFrame(rows)
    matches = (
        findings.with_row_index("_i")
        .join(waived, on="product_sku", how="inner", suffix="_w")
        .filter((pl.col("code_w") == "ALL") | (pl.col("code_w") == pl.col("code"))
                | (pl.col("code_w") == pl.col("name")))
        .select("_i")
    )
    return findings.with_row_index("_i").join(matches, on="_i", how="anti").drop("_i")
