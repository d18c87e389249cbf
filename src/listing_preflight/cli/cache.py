"""`preflight cache stats|prune`: see and trim the image feature store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..i18n import _t
from .app import main
from .errors import friendly_errors

_CACHE_DIR = click.option("--cache-dir", help="The store: a folder (local or NFS) or an s3:// / gs:// URL "
                          "(default: $PREFLIGHT_CACHE_DIR, else the per-user cache folder).")


def _location(cache_dir: str | None) -> str:
    from ..images.cache import default_cache_dir

    return cache_dir or str(default_cache_dir())


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


@click.group("cache")
def cache() -> None:
    """See and trim the image feature store (Parquet shards, shareable by many machines)."""


@cache.command("stats")
@_CACHE_DIR
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@friendly_errors
def stats_command(cache_dir: str | None, fmt: str) -> None:
    """Show the features per version, the file and URL indexes, shards and sizes."""
    from ..images.cache_admin import stats
    from ..images.extract import CACHE_VERSION, CURRENT_VERSIONS

    found = stats(_location(cache_dir))
    if fmt == "json":
        click.echo(json.dumps({**found.as_dict(), "current_version": CACHE_VERSION,
                               "current_versions": list(CURRENT_VERSIONS)}, indent=2))
        return
    click.echo(_t("feature store {location}").format(location=found.location))
    if not found.versions:
        click.echo(_t("  no features stored"))
    for version, table in found.versions.items():
        mark = _t(" (current)") if version in CURRENT_VERSIONS \
            else _t(" (old: `preflight cache prune` drops it)")
        click.echo(_t("  features {version}{mark}: {unique} images, {shards} shards, {size}").format(
            version=version, mark=mark, unique=table.unique, shards=table.shards, size=_mb(table.bytes)))
    for name, table in (("files", found.files), ("urls", found.urls)):
        click.echo(_t("  {name} index: {unique} entries, {shards} shards, {size}").format(
            name=name, unique=table.unique, shards=table.shards, size=_mb(table.bytes)))


@cache.command("prune")
@_CACHE_DIR
@click.option("--all", "everything", is_flag=True, help="Delete everything in the store.")
@click.option("--url-max-age", type=float, default=24.0, show_default=True, help="Hours a fetched URL's entry is kept.")
@friendly_errors
def prune_command(cache_dir: str | None, everything: bool, url_max_age: float) -> None:
    """Drop old feature versions and URL entries; merge each table's shards into one file."""
    from ..images.cache_admin import prune
    from ..images.extract import CURRENT_VERSIONS

    location = _location(cache_dir)
    if not Path(location).exists() and "://" not in location[:16]:
        click.echo(_t("feature store {location}: nothing to prune").format(location=location))
        return
    done = prune(location, CURRENT_VERSIONS, url_max_age=url_max_age * 3600, everything=everything)
    click.echo(_t("pruned {location}: {before} shards ({b_before}) -> {after} ({b_after})"
                  "{versions}").format(
        location=location, before=done.shards_before, b_before=_mb(done.bytes_before),
        after=done.shards_after, b_after=_mb(done.bytes_after),
        versions=_t("; dropped feature versions {v}").format(v=", ".join(done.removed_versions))
        if done.removed_versions else ""))


main.add_command(cache)
