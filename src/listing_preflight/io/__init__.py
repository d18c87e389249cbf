"""Catalog input: read any supported file and map it onto the canonical schema."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..i18n import _t
from .columns import CANONICAL, ROW, SOURCE, ColumnMapping, apply_mapping, resolve_mapping
from .core import describe_guesses, grouping_notice, require_core
from .readers import RawCatalog, read_raw

__all__ = ["Catalog", "read_catalog", "CANONICAL", "ROW", "SOURCE"]


@dataclass
class Catalog:
    """The canonical catalog frame (one row per variant) and what reading it found."""

    frame: pl.DataFrame
    mappings: dict[str, ColumnMapping] = field(default_factory=dict)
    # (source, row, message) of records that could not be read cleanly.
    bad_rows: list[tuple[str, int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # canonical columns mapped from the input
    sheet: str | None = None  # the XLSX sheet that was read (None: the first)


def read_catalog(
    paths: Sequence[str | Path],
    columns: Mapping[str, str | list[str]] | None = None,
    *,
    sheet: str | None = None,
    core: Iterable[str] | None = None,
) -> Catalog:
    """Read one or more catalog files into one canonical frame.

    `core`: the core fields (io.schema.CORE) a file must have a column for, else ConfigError
    before any work; None checks none (library callers with partial rows).
    """
    frames, out = [], Catalog(frame=pl.DataFrame())
    chosen: list[str | None] = []  # the sheet each reader chose when none was named
    for path in map(Path, paths):
        # Headers named in [columns] also identify the header row of an unusual export.
        named = [n for v in (columns or {}).values() for n in ([v] if isinstance(v, str) else v)]
        raw: RawCatalog = read_raw(path, sheet=sheet, header_names=named)
        mapping = resolve_mapping(raw.headers, columns, require_title=core is None)
        if core is not None:
            require_core(str(path), raw.headers, mapping, core)
        frames.append(apply_mapping(raw.frame, mapping))
        out.mappings[str(path)] = mapping
        out.present |= mapping.present
        chosen.append(raw.sheet)
        out.bad_rows += [(str(path), row, msg) for row, msg in raw.bad_rows]
        out.notices += [_t("{}: {}").format(path, n) for n in raw.notices]
        out.notices += describe_guesses(str(path), mapping)
        grouping = grouping_notice(str(path), mapping)
        if grouping:
            out.notices.append(grouping)
    out.frame = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
    # Reports that edit the workbook must edit the sheet that was read (the first visible one).
    out.sheet = sheet if sheet is not None or len(chosen) != 1 else chosen[0]
    return out
