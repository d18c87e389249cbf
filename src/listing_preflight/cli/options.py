"""Options and set-up shared by the commands that run the rules (check, baseline, plan, learn)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def _parse_reports(formats: tuple[str, ...], outputs: tuple[str, ...], reports: tuple[str, ...]
                   ) -> list[tuple[str, str | None]]:
    """Pair --format/--output values and add --report FMT[:PATH] values."""
    if len(outputs) > len(formats) and formats:
        raise click.UsageError("--output given more often than --format")
    pairs: list[tuple[str, str | None]] = []
    for i, fmt in enumerate(formats):
        pairs.append((fmt, outputs[i] if i < len(outputs) else None))
    if outputs and not formats:
        # --output without --format: the format follows the extension (report.sarif -> sarif)
        from ..report.targets import format_for_path

        pairs.extend((format_for_path(path), path) for path in outputs)
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
    click.option("--cache-dir", help="Image feature store: a folder (may be shared, e.g. NFS) or an s3:// / gs:// URL."),
    click.option("--no-cache", is_flag=True, default=None, help="Do not read or write the image feature cache."),
    click.option("--sheet", help="XLSX sheet to read (default: the first)."),
    click.option("--allow-outside-images", is_flag=True, default=None, help="Let local image paths point outside the images root."),
    click.option("--engine", type=click.Choice(["local", "ray", "dask"]), help="Where the image pass runs: local process pool (default), a Ray or a Dask cluster."),
    click.option("--engine-address", help="Address of a running Ray/Dask cluster (default: $RAY_ADDRESS / $DASK_SCHEDULER_ADDRESS, else start a local one)."),
    click.option("--no-fetch", is_flag=True, default=None, help="Leave image URLs unfetched (image rules do not run on them; one notice says so)."),
)


def catalog_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared catalog/config options; the command receives `config_file` and **flags."""
    for option in reversed(_CATALOG_OPTIONS):
        func = option(func)
    return func


def _one_engine_per_command() -> None:
    """One ray/dask connection and worker pool for the whole command (all its image passes).

    Without it every pass (a baseline's, learn's, each --out-dir catalog's) would start a
    cluster and warm its workers again; the session ends, and the cluster it started stops,
    when the command's click context closes.
    """
    from ..images.pipeline import active_session, session

    ctx = click.get_current_context(silent=True)
    if ctx is not None and active_session() is None:
        ctx.with_resource(session())


def prepare_run(catalogs: tuple[Path, ...] | list[Path], config_file: Path | None,
                flags: dict[str, Any], *, quiet: bool = False, use_baseline: bool = True
                ) -> tuple[Any, Any]:
    """Build the Config and read the catalogs the way `check` does; return (config, catalog).

    The baseline and calibration files are read here too, so that a bad one stops the run
    before the (possibly long) image pass rather than after it. `quiet` also silences the
    image progress line (PREFLIGHT_QUIET, unless the environment already sets it).
    """
    os.environ.setdefault("PREFLIGHT_QUIET", "1" if quiet else "")
    from ..config import build_config
    from ..i18n import translate_message
    from ..io import read_catalog

    if flags.pop("no_fetch", None):
        flags["fetch"] = False  # --no-fetch is the flag form of `fetch = false`
    config = build_config(
        config_file=config_file,
        flags={k.replace("_", "-"): (str(v) if isinstance(v, Path) else v) for k, v in flags.items()},
    )
    from ..config import check_run_inputs

    check_run_inputs(config, catalogs)  # --sheet on a CSV, --images naming no folder: exit 2
    if config.images and not Path(config.images).is_dir():  # a missing folder (check_run_inputs: not a folder)
        from ..i18n import _t
        from ..model import ConfigError

        raise ConfigError(_t("--images {path}: no such folder; give the folder that holds the "
                             "catalog's image files").format(path=config.images))
    if not use_baseline:
        config.baseline = None
    if config.baseline:
        from ..baseline import load_baseline

        load_baseline(Path(config.baseline))
    if config.calibration:
        from ..calibration import load_rates

        load_rates(Path(config.calibration))
    if getattr(config, "engine", None) in ("ray", "dask"):
        _one_engine_per_command()
    from ..io.core import core_fields

    catalog = read_catalog(catalogs, config.columns, sheet=config.sheet, core=core_fields(config))
    for notice in catalog.notices:
        if not quiet:
            click.echo(f"preflight: note: {translate_message(notice, None, config.lang)}", err=True)
    return config, catalog
