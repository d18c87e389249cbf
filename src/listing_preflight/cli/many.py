"""`preflight check A.csv B.csv ... --out-dir DIR`: one report per catalog, one image pass.

Each catalog is read, checked and reported on its own (a catalog that cannot be read is
reported and the others go on); the image pass is shared through `images.pipeline.session()`,
so an image used by several sellers is extracted once and a ray/dask cluster is joined once.
The exit status covers every catalog: the highest of their statuses (3 when one could not be
read, else 1 when one has findings at or above --fail-on, else 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..i18n import _t
from ..model import PreflightError

# File extension of each report format in --out-dir.
EXTENSIONS = {"text": "txt", "json": "json", "csv": "csv", "junit": "xml", "sarif": "sarif",
              "github": "github.txt", "html": "html", "xlsx": "xlsx"}


def report_names(catalogs: list[Path], formats: list[str], out_dir: Path) -> dict[Path, dict[str, Path]]:
    """catalog -> format -> report file; same-named catalogs of different folders get a suffix."""
    inputs = {c.resolve() for c in catalogs}
    taken: set[str] = set()
    out: dict[Path, dict[str, Path]] = {}
    for catalog in catalogs:
        stem, n = catalog.stem, 1
        while stem in taken:
            n += 1
            stem = f"{catalog.stem}-{n}"
        taken.add(stem)
        files = {}
        for fmt in formats:
            target = out_dir / f"{stem}.{EXTENSIONS.get(fmt, fmt)}"
            if target.resolve() in inputs:  # never write a report over a catalog
                target = out_dir / f"{stem}.report.{EXTENSIONS.get(fmt, fmt)}"
            files[fmt] = target
        out[catalog] = files
    return out


def summary_line(catalog: Path, report: Any, files: dict[str, Path]) -> str:
    """One line per catalog: products, verdicts, findings per severity, where the reports went."""
    verdicts = report.verdict_counts()
    severities = ", ".join(f"{n} {s}" for s, n in report.severity_counts().items() if n)
    return _t("{catalog}: {products} products ({reject} reject-likely, {review} review-likely), "
              "{findings} findings{detail} -> {files}").format(
        catalog=catalog, products=report.products.height, reject=verdicts["reject-likely"],
        review=verdicts["review-likely"], findings=report.findings.height,
        detail=f" ({severities})" if severities else "",
        files=", ".join(str(f) for f in files.values()))


def check_many(catalogs: list[Path], out_dir: Path, formats: list[str], config_file: Path | None,
               flags: dict[str, Any], quiet: bool) -> int:
    """Check each catalog into its own reports under `out_dir`; return the combined exit status."""
    from ..engine import run
    from ..images.pipeline import session
    from ..report import RenderOptions, render
    from .options import prepare_run

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(_t("cannot create --out-dir {path}: {error}").format(
            path=out_dir, error=exc.strerror or exc)) from exc
    names = report_names(catalogs, formats, out_dir)
    status = 0
    with session():
        for catalog in catalogs:
            try:
                config, table = prepare_run([catalog], config_file, flags, quiet=quiet)
            except PreflightError as exc:
                if exc.exit_status != 3:
                    raise  # a bad config or option concerns every catalog: stop as check does
                click.echo(_t("preflight: error: {catalog}: {error}").format(
                    catalog=catalog, error=exc), err=True)
                status = max(status, 3)
                continue
            report = run(table, config)
            for notice in report.notices:
                if notice not in table.notices and not quiet:
                    click.echo(f"preflight: note: {catalog}: {notice}", err=True)
            options = RenderOptions(color=False, lang=config.lang, quiet=quiet)  # files: no colour
            for fmt, path in names[catalog].items():
                render(report, fmt, str(path), options)
            status = max(status, report.exit_status(config.fail_on))
            click.echo(summary_line(catalog, report, names[catalog]))
    return status
