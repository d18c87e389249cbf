"""`preflight columns`: how each catalog's columns map onto the canonical schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..i18n import _t
from .app import main
from .errors import friendly_errors


@main.command("columns")
@click.argument("catalogs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="A preflight.toml-style config file.")
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@friendly_errors
def columns_command(catalogs: tuple[Path, ...], fmt: str, config_file: Path | None,
                    sheet: str | None) -> None:
    """Show how CATALOG's columns map onto the canonical schema (field <- source column).

    Lists the preset recognised, each canonical field and the column it is read from, the
    columns left unused and the fields not found. Exit status 2 when a core field (product
    id, title, price, main image) has no column, with the [columns] lines to add.
    """
    from ..config import build_config
    from ..io.core import core_fields, missing_core, require_core
    from ..io.mapping import resolve_mapping
    from ..io.readers import read_raw
    from ..model import ConfigError

    config = build_config(config_file=config_file, flags={"sheet": sheet} if sheet else {})
    needed = core_fields(config)
    document: dict[str, Any] = {}
    problems: list[str] = []
    for path in catalogs:
        named = [n for v in config.columns.values() for n in ([v] if isinstance(v, str) else v)]
        raw = read_raw(path, sheet=config.sheet, header_names=named)
        mapping = resolve_mapping(raw.headers, config.columns, require_title=False)
        entry = mapping.to_dict()
        entry["core_missing"] = missing_core(mapping, needed)
        document[str(path)] = entry
        try:
            require_core(str(path), raw.headers, mapping, needed)
        except ConfigError as exc:
            problems.append(str(exc))
    if fmt == "json":
        click.echo(json.dumps({"columns": document}, ensure_ascii=False, indent=2))
    else:
        for source, entry in document.items():
            _print_text(source, entry)
    for problem in problems:
        click.echo(f"preflight: error: {problem}", err=True)
    sys.exit(2 if problems else 0)


def _print_text(source: str, entry: dict[str, Any]) -> None:
    """One catalog's mapping as aligned lines."""
    click.echo(f"{source}")
    click.echo("  " + _t("preset: {preset} ({where})").format(preset=entry["preset"],
                                                              where=entry["preset_source"]))
    for canonical, column in entry["fields"].items():
        if column is None and canonical == "currency":
            shown = _t("from the price header: {code}").format(code=entry["currencies"]["price"])
        elif isinstance(column, list):
            shown = ", ".join(repr(c) for c in column)
        else:
            shown = repr(column)
            if canonical in entry["currencies"]:
                shown += "  " + _t("(currency {code} from the header)").format(
                    code=entry["currencies"][canonical])
            if canonical in entry["guessed"]:
                shown += "  " + _t("(guessed: the header contains a name for it)")
        click.echo(f"  {canonical:<16} <- {shown}")
    unmapped = ", ".join(repr(c) for c in entry["unmapped"]) or "-"
    click.echo("  " + _t("unmapped columns: {names}").format(names=unmapped))
    click.echo("  " + _t("fields not found: {names}").format(names=", ".join(entry["missing"]) or "-"))
    click.echo("")
