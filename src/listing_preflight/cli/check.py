"""`preflight check`: the main job (parse -> run -> render -> exit)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

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
@friendly_errors
def check(catalogs: tuple[Path, ...], config_file: Path | None, formats: tuple[str, ...],
          outputs: tuple[str, ...], reports: tuple[str, ...], quiet: bool, **flags: Any) -> None:
    """Check CATALOG files and report the listings likely to be rejected."""
    from ..engine import run
    from ..i18n import translate_message
    from ..report import RenderOptions, check_target, render
    from ..report import formats as known_formats

    targets = _parse_reports(formats, outputs, reports)
    for fmt, path in targets:
        if fmt not in known_formats():
            raise click.UsageError(f"unknown format {fmt!r}; choose from {', '.join(known_formats())}")
        check_target(fmt, path)
    config, catalog = prepare_run(catalogs, config_file, flags, quiet=quiet)
    shown = set(catalog.notices)  # prepare_run printed these already
    report = run(catalog, config)
    for notice in report.notices:
        if notice not in shown and not quiet:
            click.echo(f"preflight: note: {translate_message(notice, None, config.lang)}", err=True)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(color=color, lang=config.lang, quiet=quiet)
    for fmt, path in targets:
        if quiet and path in (None, "-") and not (formats or reports):
            continue
        render(report, fmt, path, options)
    sys.exit(report.exit_status(config.fail_on))
