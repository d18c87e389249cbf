"""`preflight baseline`: record today's findings as accepted, for `check --baseline`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .app import main
from .errors import friendly_errors
from .options import catalog_options, prepare_run


@main.command()
@click.argument("catalogs", nargs=-1, required=True, type=click.Path(path_type=Path))
@catalog_options
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Baseline file to write (JSON).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@friendly_errors
def baseline(catalogs: tuple[Path, ...], config_file: Path | None, output: Path, quiet: bool,
             **flags: Any) -> None:
    """Record the findings of CATALOG files today as accepted, so later checks report only new ones.

    Findings are matched by product SKU, variant SKU, rule code and a fingerprint of the
    message (row numbers left out), so re-sorting or growing the export does not revive them.
    Use it with `preflight check CATALOG --baseline FILE` (or `baseline = "FILE"` in config).
    """
    from ..baseline import build_baseline
    from ..engine import run
    from ..report import check_writable, refuse_inputs, write_json

    # The baseline must not overwrite a catalog or the config (issue 14), nor fail after the run.
    refuse_inputs([str(output)], [*catalogs, config_file])
    check_writable(Path(output))
    # Findings accepted by an older baseline are accepted again: record everything.
    config, catalog = prepare_run(catalogs, config_file, flags, quiet=quiet, use_baseline=False)
    report = run(catalog, config)
    document = build_baseline(report.findings)
    write_json(output, document)
    if not quiet:
        products = len({e["product_sku"] for e in document["findings"]})
        click.echo(f"preflight: recorded {len(document['findings'])} accepted findings of "
                   f"{products} products in {output}", err=True)
