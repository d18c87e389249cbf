"""Files to act on: the catalog's rows split into "ready to upload" and "to fix" (check --ready/--to-fix).

Each file is the input's own format (CSV/TSV in its encoding, delimiter and line endings,
XLSX, Parquet) with its own columns; the to-fix file has the findings of each row appended.
Relative image paths are rewritten so that they still point at the same photos from the new
file's folder (a catalog's images resolve from its own folder when --images is not given).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import polars as pl

from ..i18n import _t, translate_message
from ..io.columns import ROW, ColumnMapping
from ..model import ConfigError
from ..planning import SourceFile
from ..results import Report
from .summary import at_or_above

FINDINGS_COLUMN = "preflight findings"
IMAGE_FIELDS = ("main_image", "variant_image", "extra_images")
# Separators of several paths in one cell (DESIGN §4), kept as they are.
_SEPARATORS = re.compile(r"(\s*[|;,\n]\s*)")


def check_split_targets(catalogs: tuple[Path, ...], *targets: Path | None) -> None:
    """Refuse, before any work, a split that cannot be written (exit 2)."""
    given = [t for t in targets if t is not None]
    if not given:
        return
    if len(catalogs) != 1:
        raise ConfigError(_t("--ready/--to-fix split one catalog; {n} were given").format(n=len(catalogs)))
    inputs = {Path(c).resolve() for c in catalogs}
    suffix = Path(catalogs[0]).suffix.lower()
    for target in given:
        if target.resolve() in inputs:
            raise ConfigError(_t("{path} is the input catalog; write the split to another file").format(path=target))
        if target.is_dir():
            raise ConfigError(_t("cannot write {path}: it is a folder; name a file").format(path=target))
        if target.suffix.lower() != suffix:
            raise ConfigError(_t("{path}: the split is written in the input's format; name it *{suffix}").format(
                path=target, suffix=suffix))


def gating_products(report: Report, fail_on: str) -> set[str]:
    """Products with a finding at or above `fail_on` (they go to the to-fix file)."""
    if report.findings.is_empty() or fail_on == "never":
        return set()
    severities = [s for s in ("error", "warning", "info") if at_or_above(s, fail_on)]
    return set(report.findings.filter(pl.col("severity").is_in(severities))["product_sku"].unique().to_list())


def rebase_images(rows: pl.DataFrame, mapping: ColumnMapping | None, root: Path,
                  target_dir: Path) -> tuple[pl.DataFrame, bool]:
    """Rows whose relative image paths (resolved from `root`) are rewritten relative to
    `target_dir`, and whether some of them now lead out of `target_dir` (`../`)."""
    if mapping is None or root.resolve() == target_dir.resolve():
        return rows, False
    columns = [mapping.single[f] for f in IMAGE_FIELDS if f in mapping.single]
    columns += [c for f in IMAGE_FIELDS for c in mapping.multi.get(f, [])]
    root, target_dir = root.resolve(), target_dir.resolve()

    def rebase(value: str) -> str:
        parts = _SEPARATORS.split(value)
        for i in range(0, len(parts), 2):
            token = parts[i]
            if token and "://" not in token and not os.path.isabs(token) and not token.startswith("data:"):
                parts[i] = Path(os.path.relpath(root / token, target_dir)).as_posix()
        return "".join(parts)

    out, outside = [], False
    for column in dict.fromkeys(columns):
        if column not in rows.columns:
            continue
        values = rows[column].drop_nulls().unique().to_list()  # once per distinct cell, not per row
        table = {v: rebase(v) for v in values if isinstance(v, str)}
        outside = outside or any(v.startswith("../") or "/../" in v for v in table.values())
        out.append(pl.col(column).replace_strict(table, default=pl.col(column), return_dtype=pl.String))
    return (rows.with_columns(out) if out else rows), outside


def findings_per_row(report: Report, source: str, lang: str = "en") -> pl.DataFrame:
    """`row` -> the row's findings as one text (a line each)."""
    if report.findings.is_empty():
        return pl.DataFrame(schema={ROW: pl.Int64, FINDINGS_COLUMN: pl.String})
    recs = report.findings.filter(pl.col("source") == source).select("row", "code", "severity", "message")
    texts: dict[int, list[str]] = {}
    for row, code, severity, message in recs.iter_rows():
        texts.setdefault(row, []).append(f"{code} {severity}: {translate_message(message or '', code, lang)}")
    return pl.DataFrame({ROW: list(texts), FINDINGS_COLUMN: ["\n".join(v) for v in texts.values()]},
                        schema={ROW: pl.Int64, FINDINGS_COLUMN: pl.String})


def rows_bytes(source: SourceFile, before: pl.DataFrame, after: pl.DataFrame,
               notes: pl.DataFrame | None = None) -> bytes:
    """Rows of `source` (`after`: image paths rebased from `before`) as a file in its format;
    `notes` (row, findings text) adds the findings column."""
    from ..planning import batch_bytes

    if source.suffix == ".xlsx" and after.height:
        from .xlsx_subset import PackageError, subset

        changed: dict[int, dict[str, str]] = {}
        for column in after.columns:
            if column in source.columns and not before[column].equals(after[column]):
                for row, old, new in zip(after[ROW].to_list(), before[column].to_list(), after[column].to_list()):
                    if new is not None and new != old:
                        changed.setdefault(row, {})[column] = new
        texts = dict(notes.iter_rows()) if notes is not None else None
        try:
            return subset(source.path, source.sheet_name, int(source.frame[ROW].min()) - 1,  # type: ignore[arg-type]
                          after[ROW].to_list(), changed, (FINDINGS_COLUMN, texts) if texts is not None else None,
                          names=tuple(source.headers))
        except (PackageError, ValueError, KeyError) as exc:
            sys.stderr.write("preflight: note: " + _t(
                "{path}: rows written as plain values ({why})").format(path=source.path, why=exc) + "\n")
    if notes is not None:
        after = after.join(notes, on=ROW, how="left")
        source = replace(source, columns=[*source.columns, FINDINGS_COLUMN],
                         headers=[*source.headers, FINDINGS_COLUMN])
    return batch_bytes(source, after)


def write_split(report: Report, catalogs: tuple[Path, ...], ready: Path | None, to_fix: Path | None,
                fail_on: str, images: str | None = None, sheet: str | None = None,
                lang: str = "en") -> list[str]:
    """Write the ready and to-fix files; one line per file written, for the user."""
    from ..planning import load_source
    from . import write_atomic_bytes

    path = Path(catalogs[0])
    source = load_source(path, sheet=sheet)
    key = str(path)
    frame = report.catalog.frame if report.catalog is not None else pl.DataFrame()
    owner = frame.filter(pl.col("source") == key).select(ROW, "product_sku").unique(ROW, keep="first")
    bad = gating_products(report, fail_on)
    rows = source.frame.join(owner, on=ROW, how="left")
    is_bad = pl.col("product_sku").is_in(pl.Series(sorted(bad), dtype=pl.String).implode()).fill_null(False)
    mapping = report.catalog.mappings.get(key) if report.catalog is not None else None
    root = Path(images) if images else path.parent
    lines = []
    for target, part in ((ready, rows.filter(~is_bad)), (to_fix, rows.filter(is_bad))):
        if target is None:
            continue
        before = part.sort(ROW)
        part, outside = rebase_images(before, None if images else mapping, root, target.parent)
        notes = findings_per_row(report, key, lang) if target is to_fix else None
        write_atomic_bytes(target, rows_bytes(source, before, part, notes))
        products = part["product_sku"].n_unique() if part.height else 0
        lines.append(_t("wrote {path}: {rows} rows of {products} products").format(
            path=target, rows=part.height, products=products))
        if outside:
            # Image paths may not leave a catalog's folder unless allowed (DESIGN §10).
            lines.append(_t("note: its image paths lead out of {folder}; check it with "
                            "--allow-outside-images").format(folder=target.parent))
    return lines


__all__ = ["write_split", "check_split_targets", "rebase_images", "gating_products"]
