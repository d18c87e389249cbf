"""Command line: `preflight check | rules | explain` (thin: parse -> run -> render -> exit)."""

from __future__ import annotations

import functools
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .model import PreflightError


def _fail(message: str, status: int) -> None:
    click.echo(f"preflight: error: {message}", err=True)
    sys.exit(status)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into a one-line message and an exit status; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PreflightError as exc:
            _fail(str(exc), exc.exit_status)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # The reader of our output went away (`preflight check | head`): stop quietly,
            # and keep Python from complaining again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except MemoryError:
            _fail("out of memory; check fewer rows at a time or use fewer --jobs", 2)
        except Exception as exc:  # last resort: a bug must still not show a traceback
            if os.environ.get("PREFLIGHT_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with PREFLIGHT_DEBUG=1 "
                  "and report it", 2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="preflight")
def main() -> None:
    """Find the listings a marketplace's automatic review will reject, before you upload them."""


def _parse_reports(formats: tuple[str, ...], outputs: tuple[str, ...], reports: tuple[str, ...]
                   ) -> list[tuple[str, str | None]]:
    """Pair --format/--output values and add --report FMT[:PATH] values."""
    if len(outputs) > len(formats) and formats:
        raise click.UsageError("--output given more often than --format")
    pairs: list[tuple[str, str | None]] = []
    for i, fmt in enumerate(formats):
        pairs.append((fmt, outputs[i] if i < len(outputs) else None))
    if outputs and not formats:
        pairs.append(("text", outputs[0]))
    for spec in reports:
        fmt, _, path = spec.partition(":")
        pairs.append((fmt, path or None))
    return pairs or [("text", None)]


# The options that say what to check and how, shared by every command that runs the rules
# (check, baseline, plan, learn): one definition, so they cannot drift apart.
_CATALOG_OPTIONS = (
    click.option("--images", type=click.Path(path_type=Path), help="Root folder for relative image paths."),
    click.option("--config", "config_file", type=click.Path(path_type=Path), help="A preflight.toml-style config file."),
    click.option("--profile", help="Rule profile (default: joom)."),
    click.option("--select", multiple=True, help="Rules to run: code, prefix, name, group or ALL (comma-separated or repeated)."),
    click.option("--extend-select", multiple=True, help="Rules to add to the selection."),
    click.option("--ignore", multiple=True, help="Rules to leave out."),
    click.option("--reference", type=click.Path(path_type=Path), help="Reference image index (preflight index build)."),
    click.option("--market-prices", type=click.Path(path_type=Path), help="Market price reference (CSV/XLSX/Parquet)."),
    click.option("--jobs", type=int, help="Worker processes for images (0 = all cores)."),
    click.option("--cache-dir", type=click.Path(path_type=Path), help="Image feature cache folder."),
    click.option("--no-cache", is_flag=True, default=None, help="Do not read or write the image feature cache."),
    click.option("--sheet", help="XLSX sheet to read (default: the first)."),
    click.option("--allow-outside-images", is_flag=True, default=None, help="Let local image paths point outside the images root."),
)


def catalog_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared catalog/config options; the command receives `config_file` and **flags."""
    for option in reversed(_CATALOG_OPTIONS):
        func = option(func)
    return func


def prepare_run(catalogs: tuple[Path, ...] | list[Path], config_file: Path | None,
                flags: dict[str, Any], *, quiet: bool = False, use_baseline: bool = True
                ) -> tuple[Any, Any]:
    """Build the Config and read the catalogs the way `check` does; return (config, catalog).

    The baseline and calibration files are read here too, so that a bad one stops the run
    before the (possibly long) image pass rather than after it. `quiet` also silences the
    image progress line (PREFLIGHT_QUIET, unless the environment already sets it).
    """
    os.environ.setdefault("PREFLIGHT_QUIET", "1" if quiet else "")
    from .config import build_config
    from .io import read_catalog

    config = build_config(
        config_file=config_file,
        flags={k.replace("_", "-"): (str(v) if isinstance(v, Path) else v) for k, v in flags.items()},
    )
    if not use_baseline:
        config.baseline = None
    if config.baseline:
        from .baseline import load_baseline

        load_baseline(Path(config.baseline))
    if config.calibration:
        from .calibration import load_rates

        load_rates(Path(config.calibration))
    catalog = read_catalog(catalogs, config.columns, sheet=config.sheet)
    for notice in catalog.notices:
        if not quiet:
            click.echo(f"preflight: note: {notice}", err=True)
    return config, catalog


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
    from .engine import run
    from .report import RenderOptions, check_target, formats as known_formats, render

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
            click.echo(f"preflight: note: {notice}", err=True)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(color=color, lang=config.lang, quiet=quiet)
    for fmt, path in targets:
        if quiet and path in (None, "-") and not (formats or reports):
            continue
        render(report, fmt, path, options)
    sys.exit(report.exit_status(config.fail_on))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@friendly_errors
def rules_command(fmt: str) -> None:
    """List the rules: code, name, default severity and summary."""
    import json

    from .registry import all_rules

    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps(
            [{"code": r.code, "name": r.name, "group": r.group, "severity": r.severity.label,
              "summary": r.summary} for r in rules.values()], indent=2, ensure_ascii=False))
        return
    for rule in rules.values():
        click.echo(f"{rule.code}  {rule.name:<34} {rule.severity.label:<8} {rule.summary}")


@main.command()
@click.argument("rule")
@friendly_errors
def explain(rule: str) -> None:
    """Print one rule's documentation, options and defaults (RULE is a code or a name)."""
    from .registry import lookup

    found = lookup(rule)
    click.echo(f"{found.code} {found.name}  (group {found.group}, default severity "
               f"{found.severity.label}{', manual review' if found.review_only else ''})\n")
    click.echo(found.doc)
    fields = found.option_fields()
    if fields:
        click.echo("\nOptions (set under [rules." + found.name + "]):")
        defaults = found.default_options()
        for f in fields:
            value = getattr(defaults, f.name)
            shown = textwrap.shorten(repr(list(value) if isinstance(value, tuple) else value), 90)
            click.echo(f"  {f.name.replace('_', '-')} = {shown}")


# Commands that live in their own modules register themselves on `main` when imported.
from .commands import baseline, index, learn, plan  # noqa: E402,F401
