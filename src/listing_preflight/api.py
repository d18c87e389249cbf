"""Library entry points: check rows or files without the CLI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from .config import Config, build_config
from .engine import Report, run
from .io import Catalog, read_catalog
from .io.columns import ROW, SOURCE, apply_mapping, resolve_mapping


def catalog_from_rows(rows: Sequence[Mapping[str, Any]], source: str = "<rows>") -> Catalog:
    """A catalog from dicts keyed by canonical (or any preset-recognised) column names."""
    headers = list(dict.fromkeys(k for r in rows for k in r))
    raw = pl.DataFrame(
        [{h: (None if r.get(h) is None else str(r.get(h)) if not isinstance(r.get(h), list)
              else "|".join(map(str, r[h]))) for h in headers} for r in rows],
        schema={h: pl.String for h in headers},
    ).with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64), pl.lit(source).alias(SOURCE))
    mapping = resolve_mapping(headers)
    return Catalog(frame=apply_mapping(raw, mapping), mappings={source: mapping},
                   present=set(mapping.single) | set(mapping.multi))


def check_rows(rows: Sequence[Mapping[str, Any]], *, select: Sequence[str] = ("ALL",),
               rules: Mapping[str, Mapping[str, Any]] | None = None,
               config: Mapping[str, Any] | None = None) -> Report:
    """Run the selected rules over in-memory rows (canonical column names)."""
    flags: dict[str, Any] = {"select": list(select)}
    if rules:
        flags["rules"] = {k: dict(v) for k, v in rules.items()}
    flags.update(config or {})
    cfg = build_config(flags=flags, discover_from=Path("/"))
    return run(catalog_from_rows(rows), cfg)


def check_files(paths: Sequence[str | Path], config: Config | None = None) -> Report:
    """Run a check over catalog files with an optional prepared Config."""
    cfg = config or build_config()
    return run(read_catalog(paths, cfg.columns, sheet=cfg.sheet), cfg)
