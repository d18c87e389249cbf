"""`preflight learn`: compare our predictions with the platform's verdicts; write a calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .app import main
from .errors import friendly_errors
from .options import catalog_options, prepare_run


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{value * 100:5.1f}%"


@main.command()
@click.option("--catalog", "catalogs", multiple=True, required=True, type=click.Path(path_type=Path),
              help="The catalog (batch) that was uploaded (repeatable).")
@click.option("--rejections", required=True, type=click.Path(path_type=Path),
              help="The platform's rejection/moderation report (CSV or XLSX with SKU and reason columns).")
@catalog_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("preflight-calibration.json"),
              show_default=True, help="Calibration file to write (JSON).")
@click.option("--sku-column", help="Column of the report holding the SKU (default: detected).")
@click.option("--reason-column", help="Column holding the rejection reason (default: detected).")
@click.option("--status-column", help="Column holding the moderation status, if any (default: detected).")
@click.option("--absent", type=click.Choice(["accepted", "unknown"]),
              help="Products missing from the report: accepted (default when the report has no "
                   "status column, i.e. lists only rejections) or unknown (left out).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the file written and errors.")
@friendly_errors
def learn(catalogs: tuple[Path, ...], rejections: Path, config_file: Path | None, output: Path,
          sku_column: str | None, reason_column: str | None, status_column: str | None,
          absent: str | None, quiet: bool, **flags: Any) -> None:
    """Compare our predictions for an uploaded catalog (--catalog) with the platform's verdicts.

    Prints, per rule, how often its findings were followed by a rejection (precision) and how
    many rejections for the matching reason it caught (recall), then writes per-rule rejection
    rates (Laplace-smoothed, with counts). Use them with `calibration = "FILE"` in the config
    given to `preflight check --config`.
    """
    from ..calibration import build_calibration, evaluate, match_verdicts, read_rejections
    from ..engine import run
    from ..report import check_writable, refuse_inputs, write_json

    refuse_inputs([str(output)], [*catalogs, rejections, config_file])  # issue 14
    check_writable(Path(output))
    config, catalog = prepare_run(catalogs, config_file, flags, quiet=quiet, use_baseline=False)
    report_rows = read_rejections(rejections, sku_column=sku_column, reason_column=reason_column,
                                  status_column=status_column, sheet=None)
    verdicts = match_verdicts(report_rows, catalog.frame.select("product_sku", "variant_sku"))
    # A report for another catalog stops here, before the (possibly long) check.
    if report_rows.height and verdicts.frame.height == 0:
        if len(verdicts.unmatched_skus) == report_rows["sku"].n_unique():
            raise click.UsageError(
                f"none of the {report_rows['sku'].n_unique()} SKUs in {rejections} is in the catalog "
                f"(e.g. {verdicts.unmatched_skus[0]!r}); is it the report for this catalog, and is "
                "--sku-column right?")
        # SKUs matched, but no status says rejected or approved (an unknown status vocabulary).
        statuses = report_rows["status"].drop_nulls().unique(maintain_order=True).head(3).to_list()
        raise click.UsageError(
            f"no status in {rejections} reads as rejected or approved (e.g. "
            f"{', '.join(map(repr, statuses)) or 'none'}); is --status-column right?")
    report = run(catalog, config)
    absent_accepted = (absent or ("unknown" if verdicts.has_status else "accepted")) == "accepted"
    evaluation = evaluate(report.products, report.findings, verdicts, absent_accepted)
    document = build_calibration(evaluation, catalog=", ".join(map(str, catalogs)),
                                 rejections=str(rejections))
    write_json(output, document)

    if not quiet:
        o = evaluation.overall
        click.echo(f"{o['products']} products with a platform verdict: {o['rejected']} rejected; "
                   f"we predicted {o['predicted_reject']} reject-likely")
        click.echo(f"verdicts: precision {_pct(o['precision']).strip()}, recall "
                   f"{_pct(o['recall']).strip()} (caught {o['true_positive']}, false alarms "
                   f"{o['false_positive']}, missed {o['false_negative']})\n")
        click.echo("rule    name                               fired rejected precision  recall    rate")
        for code, r in evaluation.rules.items():
            name = report.rules[code].name if code in report.rules else ""
            click.echo(f"{code}  {name:<34} {r['fired']:>5} {r['rejected']:>8}    {_pct(r['precision'])}  "
                       f"{_pct(r['recall'])}  {r['rate']:.3f}")
        if evaluation.reasons:
            click.echo("\nplatform reasons (mapped to rules) and how many we caught:")
            for key, r in evaluation.reasons.items():
                click.echo(f"  {key:<8} rejected {r['rejected']:>4}  caught {r['caught']:>4}  "
                           f"recall {_pct(r['recall']).strip()}")
        if verdicts.unmapped_reasons:
            shown = sorted(verdicts.unmapped_reasons.items(), key=lambda kv: -kv[1])[:5]
            click.echo("\nreasons we could not map to a rule (counted against every rule that fired): "
                       + "; ".join(f"{r!r} x{n}" for r, n in shown))
    if verdicts.unmatched_skus:
        click.echo(f"preflight: note: {len(verdicts.unmatched_skus)} SKUs of the report are not in "
                   f"the catalog (e.g. {', '.join(verdicts.unmatched_skus[:3])})", err=True)
    click.echo(f"preflight: wrote {output}; use it with `calibration = \"{output}\"` in the file "
               "given to `preflight check --config`", err=True)
