"""`preflight plan`: split a catalog into the test batch, the bulk and a reserve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..io.columns import ROW as ROW_COL
from ..i18n import _t
from .app import main
from .errors import friendly_errors
from .options import catalog_options, prepare_run


@main.command()
@click.argument("catalog", type=click.Path(path_type=Path))
@click.option("--split", default="30,60,10", show_default=True,
              help="Percentages of test, bulk and reserve (they add up to 100).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the batch files and the plan summary.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the (deterministic) selection.")
@click.option("--template-column", help="Source column that names the listing template "
              "(default: the variant layout: single item, color, size, color+size).")
@click.option("--keep-rejects", is_flag=True, help="Plan products predicted reject-likely into "
              "the bulk instead of holding them back (they never go into the test batch).")
@click.option("--no-check", is_flag=True, help="Do not run the rules (no reject-likely predictions).")
@click.option("--fail-on", "plan_fail_on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Exit 1 when the test batch is empty (every product held back), unless 'never' (default: error).")
@catalog_options
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@friendly_errors
def plan(catalog: Path, split: str, out_dir: Path, seed: int, template_column: str | None,
         keep_rejects: bool, no_check: bool, plan_fail_on: str | None, config_file: Path | None,
         quiet: bool, **flags: Any) -> None:
    """Plan the three-stage upload of CATALOG: a test batch covering every category and
    template, the bulk, and a reserve; one catalog file per batch in the input's own format.

    Products predicted reject-likely are held back in a separate file (fix them first) unless
    --keep-rejects. The input is never modified; every output is written atomically.
    """
    import polars as pl

    from ..engine import run
    from ..model import ConfigError
    from ..planning import (
        HOLD,
        load_source,
        make_plan,
        parse_split,
        plan_summary,
        product_table,
        summary_text,
    )
    from ..report import write_atomic, write_atomic_bytes, write_json

    percentages = parse_split(split)
    config, canonical = prepare_run((catalog,), config_file, flags, quiet=quiet, use_baseline=False)
    source = load_source(catalog, sheet=config.sheet)
    variants = canonical.frame
    if template_column is not None:
        if template_column not in source.columns:
            raise ConfigError(f"--template-column {template_column!r} is not a column of {catalog}; "
                              f"columns: {', '.join(map(repr, source.columns))}")
        variants = variants.join(source.frame.select(ROW_COL, pl.col(template_column).alias("_template")),
                                 on=ROW_COL, how="left")
    products = product_table(variants, template_column)
    findings_by_product: dict[str, list[str]] = {}
    if no_check:
        products = products.with_columns(pl.lit("pass").alias("verdict"), pl.lit(0.0).alias("risk"))
    else:
        report = run(canonical, config)
        products = products.join(report.products.select("product_sku", "verdict", "risk"),
                                 on="product_sku", how="left")
        if not report.findings.is_empty():
            for sku, codes in report.findings.group_by("product_sku").agg(
                pl.col("code").unique().sort()
            ).iter_rows():
                findings_by_product[sku] = codes
    result = make_plan(products, percentages, seed=seed, hold_rejects=not keep_rejects)

    # Write every batch, then the summaries; refuse to overwrite the input.
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = catalog.suffix if catalog.suffix else ".csv"
    owner = variants.select(ROW_COL, "product_sku").join(
        result.products.select("product_sku", "batch"), on="product_sku", how="left")
    rows = source.frame.join(owner.select(ROW_COL, "batch"), on=ROW_COL, how="left")
    files: dict[str, Path] = {}
    from ..report.rowfiles import rebase_images, rows_bytes

    mapping = canonical.mappings.get(str(catalog))
    image_root = Path(config.images) if config.images else catalog.parent
    outside = False
    empty_test = rows.filter(pl.col("batch") == "test").height == 0
    for batch in ("test", "bulk", "reserve", HOLD):
        part = rows.filter(pl.col("batch") == batch).sort(ROW_COL)
        if part.height == 0 and (batch == HOLD or empty_test):
            continue  # no empty batch files: an empty test batch is reported below
        # Relative image paths must still find the photos from the batch file's folder.
        before = part
        part, left = rebase_images(part, None if config.images else mapping, image_root, out_dir)
        outside = outside or left
        name = f"{catalog.stem}.{'hold-reject-likely' if batch == HOLD else batch}{suffix}"
        target = out_dir / name
        if target.resolve() == catalog.resolve():
            raise ConfigError(f"--out {out_dir} would overwrite the input {catalog}; choose another folder")
        write_atomic_bytes(target, rows_bytes(source, before, part))
        files[batch] = target
    summary = plan_summary(result, source, files)
    text = summary_text(summary, findings_by_product)
    write_json(out_dir / "plan.json", summary)
    write_atomic(out_dir / "plan.txt", text)
    assignments = result.products.select("product_sku", "batch", "category", "template", "verdict",
                                          "risk", "rows", "reason")
    write_atomic(out_dir / "plan-products.csv", assignments.write_csv())
    if not quiet:
        click.echo(text, nl=False)
        if outside:
            click.echo(f"preflight: note: the batches' image paths lead out of {out_dir}; check them "
                       "with --allow-outside-images", err=True)
    if empty_test:
        held = result.products.filter(pl.col("batch") == HOLD).height
        click.echo("preflight: warning: " + _t(
            "the test batch is empty: all {held} products are held back as reject-likely; fix them "
            "(see plan.txt) or pass --keep-rejects; empty batch files were not written").format(held=held), err=True)
        fail_on = plan_fail_on or config.fail_on
        if fail_on != "never":
            sys.exit(1)

