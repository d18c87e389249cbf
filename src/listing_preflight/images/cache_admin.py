"""`preflight cache stats|prune`: what the feature store holds, and compacting/trimming it.

Pruning is safe while other runs read and write the store: it reads a fixed list of shards,
writes their useful rows as one new shard (atomically, like any writer) and only then deletes
exactly the shards it read; shards written meanwhile are left alone, and a reader that finds a
shard gone lists them again (cache.read_matching).
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .cache import CACHE_FILE
from .store import Folder

STALE_TEMP_SECONDS = 3600.0  # a writer's temporary file this old belongs to a killed process


@dataclass
class TableStats:
    """One table of the store."""

    shards: int = 0
    rows: int = 0
    unique: int = 0
    bytes: int = 0


@dataclass
class StoreStats:
    """The whole store: features per version, the file and URL indexes."""

    location: str
    versions: dict[str, TableStats] = field(default_factory=dict)
    files: TableStats = field(default_factory=TableStats)
    urls: TableStats = field(default_factory=TableStats)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        from dataclasses import asdict

        return asdict(self)


def _table(folder: Folder, sub: str, key: str) -> TableStats:
    shards = folder.shards(sub)
    if not shards:
        return TableStats()
    frame = folder.read(shards)
    return TableStats(len(shards), frame.height, frame[key].n_unique(), folder.size(shards))


def stats(location: str | Path) -> StoreStats:
    """Shards, rows, distinct keys and bytes of every table of the store at `location`."""
    folder = Folder(location)
    out = StoreStats(location=str(location))
    for version in folder.subfolders(CACHE_FILE):
        out.versions[version] = _table(folder, f"{CACHE_FILE}/{version}", "digest")
    out.files = _table(folder, "files", "path")
    out.urls = _table(folder, "urls", "url")
    return out


@dataclass
class PruneResult:
    """What a prune removed and kept."""

    removed_versions: list[str] = field(default_factory=list)
    shards_before: int = 0
    shards_after: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    temporaries: int = 0


def _compact(folder: Folder, sub: str, tidy: Any) -> tuple[int, int, int, int]:
    """Rewrite the shards of `sub` as one; return (shards, bytes) before and after."""
    shards = folder.shards(sub)
    before = folder.size(shards)
    if len(shards) == 0:
        return 0, 0, 0, 0
    try:
        frame = tidy(folder.read(shards))
    except FileNotFoundError:  # another pruner is compacting this table right now: leave it to it
        return 0, 0, 0, 0
    written = [folder.write(sub, "compact", frame)] if frame.height else []
    folder.delete(shards)
    return len(shards), before, len(written), folder.size(written)


def prune(location: str | Path, version: str | Collection[str], *,
          url_max_age: float = 24 * 3600.0, everything: bool = False) -> PruneResult:
    """Drop other feature versions and old URL entries, merge each table's shards into one.

    `version`: the version (or versions) kept; `everything`: delete every shard of every table
    (an empty store).
    """
    keep = {f"{CACHE_FILE}/{v}" for v in ([version] if isinstance(version, str) else version)}
    folder = Folder(location)
    result = PruneResult()
    subs = [f"{CACHE_FILE}/{v}" for v in folder.subfolders(CACHE_FILE)] + ["files", "urls"]
    for sub in subs:
        stale = folder.stale_temporaries(sub)
        old = [p for p in stale if _age(p) > STALE_TEMP_SECONDS]
        folder.delete(old)
        result.temporaries += len(old)
    for sub in subs:
        is_current = sub in keep
        if everything or (sub.startswith(f"{CACHE_FILE}/") and not is_current):
            shards = folder.shards(sub)
            result.shards_before += len(shards)
            result.bytes_before += folder.size(shards)
            folder.delete(shards)
            if sub.startswith(f"{CACHE_FILE}/"):
                result.removed_versions.append(sub.split("/", 1)[1])
            continue
        if sub == "urls":
            cutoff = time.time() - url_max_age
            tidy: Any = lambda f: (f.filter(pl.col("fetched") >= cutoff)  # noqa: E731
                                   .sort("fetched").unique("url", keep="last", maintain_order=True))
        elif sub == "files":
            tidy = lambda f: f.unique(maintain_order=True)  # noqa: E731
        else:
            tidy = lambda f: f.unique("digest", keep="first", maintain_order=True)  # noqa: E731
        n_before, b_before, n_after, b_after = _compact(folder, sub, tidy)
        result.shards_before += n_before
        result.bytes_before += b_before
        result.shards_after += n_after
        result.bytes_after += b_after
    return result


def _age(path: str) -> float:
    """Seconds since `path` was written; 0 when it is gone (its writer renamed it meanwhile)."""
    try:
        return time.time() - os.path.getmtime(path)
    except FileNotFoundError:
        return 0.0
