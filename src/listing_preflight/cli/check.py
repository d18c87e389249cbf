"""`preflight check`: the main job (parse -> run -> render -> exit)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..i18n import _t
from .app import main
from .errors import friendly_errors
from .options import _parse_reports, catalog_options, prepare_run


@main.command()
@click.argument("catalogs", nargs=-1, required=True, type=click.Path(path_type=Path))
@catalog_options
@click.option("--format", "formats", multiple=True, help="Output format: text, json, csv, junit, sarif, github, html, xlsx (repeatable, paired with --output).")
@click.option("--output", "outputs", multiple=True, help="Output file for the matching --format ('-' for stdout).")
@click.option("--report", "reports", multiple=True, metavar="FMT[:PATH]", help="Format and optional file in one value (repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that makes the exit status 1 (default: error).")
@click.option("--baseline", type=click.Path(path_type=Path), help="Baseline file of accepted findings to leave out (preflight baseline).")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Report language.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no report on stdout unless asked for.")
@click.option("--out-dir", type=click.Path(path_type=Path), help="One report per catalog in this folder (every --format), one shared image pass.")
@click.option("--color", "color_choice", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the text report (auto: on a terminal; FORCE_COLOR and NO_COLOR are honoured).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the text report on stdout.")
@click.option("--max-annotations", type=click.IntRange(min=0), default=50, show_default=True,
              help="GitHub format: annotate at most this many findings, worst first.")
@click.option("--ready", "ready_path", type=click.Path(path_type=Path),
              help="Write the rows of the products with no finding at or above --fail-on here, in the input's format.")
@click.option("--to-fix", "to_fix_path", type=click.Path(path_type=Path),
              help="Write the rows of the other products here, with a findings column appended.")
@friendly_errors
def check(catalogs: tuple[Path, ...], config_file: Path | None, formats: tuple[str, ...],
          outputs: tuple[str, ...], reports: tuple[str, ...], quiet: bool, color_choice: str,
          statistics: bool, max_annotations: int, ready_path: Path | None,
          to_fix_path: Path | None, out_dir: Path | None = None, **flags: Any) -> None:
    """Check CATALOG files and report the listings likely to be rejected."""
    from ..engine import run
    from ..i18n import translate_message
    from ..report import RenderOptions, check_target, refuse_inputs, render
    from ..report import formats as known_formats

    targets = _parse_reports(formats, outputs, reports)
    for fmt, path in targets:
        if fmt not in known_formats():
            raise click.UsageError(f"unknown format {fmt!r}; choose from {', '.join(known_formats())}")
        check_target(fmt, path)
    named_inputs = [*catalogs, config_file, flags.get("baseline"), flags.get("market_prices"),
                    flags.get("reference")]
    refuse_inputs([path for _, path in targets], named_inputs)  # before any work (issue 14)
    if out_dir is not None:
        from .many import check_many

        if outputs or any(path for _, path in targets):
            raise click.UsageError("--out-dir names the report files itself: drop --output")
        sys.exit(check_many(list(catalogs), out_dir, list(dict.fromkeys(f for f, _ in targets)),
                            config_file, flags, quiet))
    if ready_path or to_fix_path:
        from ..report.rowfiles import check_split_targets

        check_split_targets(catalogs, ready_path, to_fix_path)
    config, catalog = prepare_run(catalogs, config_file, flags, quiet=quiet)
    refuse_inputs([path for _, path in targets],  # and the files the config named
                  [config.baseline, config.calibration, config.market_prices])
    shown = set(catalog.notices)  # prepare_run printed these already
    report = run(catalog, config)
    for notice in report.notices:
        if notice not in shown and not quiet:
            click.echo(f"preflight: note: {translate_message(notice, None, config.lang)}", err=True)
    from ..report.targets import use_color

    options = RenderOptions(color=use_color(color_choice, sys.stdout), lang=config.lang, quiet=quiet,
                            fail_on=config.fail_on, max_annotations=max_annotations)
    for fmt, path in targets:
        if quiet and path in (None, "-") and not (formats or reports):
            continue
        if statistics and fmt == "text" and path in (None, "-"):
            continue  # --statistics replaces the text report on stdout (as ruff's does)
        render(report, fmt, path, options)
    if statistics:
        from ..report.text import statistics as print_statistics

        print_statistics(report, sys.stdout, options)
    if report.baseline_hidden and not quiet:
        click.echo("preflight: note: " + _t("the baseline {path} hid {count} findings").format(
            path=config.baseline, count=report.baseline_hidden), err=True)
    if ready_path or to_fix_path:
        from ..report.rowfiles import write_split

        for line in write_split(report, catalogs, ready_path, to_fix_path, config.fail_on,
                                images=config.images, sheet=config.sheet, lang=config.lang):
            if not quiet:
                click.echo(f"preflight: {line}", err=True)
    if report.stats.failed_rules:
        # Status 2 always comes with a line on stderr, also when the report went to a file.
        failed = "; ".join(f"{code} ({error})" for code, error in report.stats.failed_rules.items())
        click.echo("preflight: error: " + _t("{n} rule(s) failed, so the check is incomplete: "
                                             "{rules}; the report lists them").format(
            n=len(report.stats.failed_rules), rules=failed[:500]), err=True)
    sys.exit(report.exit_status(config.fail_on))
