"""`preflight index build | add`: the reference image index that SIM001 checks against."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import main
from .errors import friendly_errors

if TYPE_CHECKING:
    from ..similarity.index import BuildResult


def _progress(quiet: bool) -> Callable[[int, int], None] | None:
    """A one-line progress callback on a terminal, silent otherwise."""
    if quiet or not sys.stderr.isatty() or os.environ.get("PREFLIGHT_QUIET"):
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\rhashing reference images: {done}/{total}", err=True, nl=done == total)

    return show


def _summary(result: BuildResult, out: Path, verb: str, quiet: bool) -> None:
    """Warn about unreadable images (the first 20), then one summary line unless quiet."""
    for path, error in result.errors[:20]:
        click.echo(f"preflight: warning: {path}: {error} (not indexed)", err=True)
    if len(result.errors) > 20:
        click.echo(f"preflight: warning: {len(result.errors) - 20} more images could not be read", err=True)
    if quiet:
        return
    labels = result.index.images.get_column("label").n_unique() if result.index.images.height else 0
    click.echo(f"{verb} {result.added} images ({result.skipped} already indexed or duplicate, "
               f"{len(result.errors)} unreadable); {out} holds {result.index.images.height} "
               f"images of {labels} labels")


@click.group("index")
def index() -> None:
    """Build and update the reference image index used by `check --reference`."""


@index.command("build")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", required=True, type=click.Path(path_type=Path), help="Index file to write (e.g. brands.pfindex).")
@click.option("--labels", type=click.Path(path_type=Path), help="CSV of image,label (brand) rows; default: the first sub-folder name.")
@click.option("--label", "default_label", help="Label for every image of this run (overrides sub-folder names).")
@click.option("--jobs", type=int, help="Worker processes (0 = all cores).")
@click.option("--engine", type=click.Choice(["local", "ray", "dask"]), default="local", help="Where the images are hashed: this machine, a Ray or a Dask cluster.")
@click.option("--engine-address", help="Address of a running Ray/Dask cluster (default: start a local one).")
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
@friendly_errors
def build_command(folders: tuple[Path, ...], out: Path, labels: Path | None,
                  default_label: str | None, jobs: int | None, quiet: bool,
                  engine: str = "local", engine_address: str | None = None) -> None:
    """Hash the images under FOLDERS into a new reference index.

    Each image's label (its brand) is the name of its first sub-folder under FOLDER
    (FOLDER/nike/shoe.jpg is labelled "nike"), or comes from --labels / --label.
    """
    from ..similarity.index import build

    result = build(folders, out, labels=labels, default_label=default_label, jobs=jobs,
                   progress=_progress(quiet), engine=engine, engine_address=engine_address)
    _summary(result, out, "indexed", quiet)


@index.command("add")
@click.argument("index_file", metavar="INDEX", type=click.Path(path_type=Path))
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--labels", type=click.Path(path_type=Path), help="CSV of image,label (brand) rows.")
@click.option("--label", "default_label", help="Label for every added image.")
@click.option("--jobs", type=int, help="Worker processes (0 = all cores).")
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
@friendly_errors
def add_command(index_file: Path, folders: tuple[Path, ...], labels: Path | None,
                default_label: str | None, jobs: int | None, quiet: bool) -> None:
    """Add the images under FOLDERS (files or folders) that INDEX does not hold yet."""
    from ..similarity.index import add

    result = add(index_file, folders, labels=labels, default_label=default_label, jobs=jobs,
                 progress=_progress(quiet))
    _summary(result, index_file, "added", quiet)


main.add_command(index)
