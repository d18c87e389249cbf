"""The image feature store: Parquet shards keyed by content digest + feature/hash version.

Layout of the cache folder (a local folder, an NFS export shared by many machines, or an
fsspec URL such as s3://bucket/preflight-cache with the [s3] extra):
- `features/<version>/*.parquet`: digest -> features (JSON text, not pickle, so a tampered
  store cannot run code). A feature version of its own folder: a new release never reads
  another version's features, and `preflight cache prune` drops the old ones whole.
- `files/*.parquet`: (path, size, mtime_ns) -> digest, the way git's index avoids rehashing;
  a file that changed on disk gets a new size/mtime and is read and hashed again;
- `urls/*.parquet`: url -> digest, trusted for `url_max_age` seconds, so a re-run does not
  re-download.
Each pass adds one new shard per table (store.Folder.write: unique name, atomic rename), so any
number of concurrent writers - engines' drivers on many machines - never conflict, and any
engine reads what any other wrote. `preflight cache prune` compacts the shards.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ..i18n import _t
from .store import Folder

CACHE_FILE = "features"  # the sub-folder that holds the feature shards

FEATURE_SCHEMA = {"digest": pl.String(), "data": pl.String()}
FILE_SCHEMA = {"path": pl.String(), "size": pl.Int64(), "mtime_ns": pl.Int64(), "digest": pl.String()}
URL_SCHEMA = {"url": pl.String(), "digest": pl.String(), "fetched": pl.Float64()}


def default_cache_dir() -> Path:
    """The user cache folder: $PREFLIGHT_CACHE_DIR, else the platform's per-user cache dir."""
    env = os.environ.get("PREFLIGHT_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "listing-preflight"


def read_matching(folder: Folder, sub: str, column: str, keys: Sequence[str],
                  schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows of every shard of `sub` whose `column` is one of `keys`."""
    empty = pl.DataFrame(schema=schema)
    if not keys:
        return empty
    wanted = list(keys)
    for _ in range(5):
        shards = folder.shards(sub)
        if not shards:
            return empty
        try:
            if folder.fs is None:
                # Scan with the filter pushed down: only matching row groups are decoded.
                return (pl.scan_parquet(shards, schema=schema)
                        .filter(pl.col(column).is_in(wanted)).collect())
            return folder.read(shards).filter(pl.col(column).is_in(wanted))
        except FileNotFoundError:
            continue  # a pruner compacted the shards meanwhile: list them again
    return empty


class FeatureCache:
    """Feature store; with folder=None every lookup misses and nothing is written."""

    def __init__(self, folder: Path | str | None, version: str,
                 fallbacks: Sequence[str] = ()) -> None:
        """`fallbacks`: versions whose entries hold all this version's features and more (read
        for the digests this version misses; never written)."""
        self.version = version
        self.fallbacks = tuple(fallbacks)
        self.folder: Folder | None = None
        self.warning: str | None = None
        if folder is None:
            return
        try:
            store = Folder(folder)
            for sub in (f"{CACHE_FILE}/{version}", "files", "urls"):
                store.make(sub)
            self.folder = store
        except OSError as exc:
            # An unusable cache slows the run down but must not stop it.
            self.warning = _t("image cache disabled ({folder}): {error}").format(
                folder=folder, error=exc)

    def _read(self, sub: str, column: str, keys: Sequence[str],
              schema: dict[str, pl.DataType]) -> pl.DataFrame:
        """read_matching, but a damaged or unreachable store is a notice and a miss, not a crash."""
        assert self.folder is not None
        try:
            return read_matching(self.folder, sub, column, keys, schema)
        except (OSError, pl.exceptions.PolarsError) as exc:
            self.warning = _t("image cache not read ({folder}): {error}").format(
                folder=self.folder.location, error=exc)
            return pl.DataFrame(schema=schema)

    def close(self) -> None:
        """Nothing held open between calls (kept for callers that close)."""
        self.folder = None

    def file_digests(self, stats: dict[str, tuple[int, int]]) -> dict[str, str]:
        """path -> digest for files whose size and mtime match the recorded ones."""
        if self.folder is None or not stats:
            return {}
        rows = self._read("files", "path", list(stats), FILE_SCHEMA)
        out: dict[str, str] = {}
        for path, size, mtime, dig in rows.iter_rows():
            if stats[path] == (size, mtime):
                out[path] = dig
        return out

    def url_digests(self, urls: Sequence[str], max_age: float) -> dict[str, str]:
        """url -> digest for URLs fetched less than `max_age` seconds ago."""
        if self.folder is None or not urls or max_age <= 0:
            return {}
        rows = self._read("urls", "url", list(urls), URL_SCHEMA)
        fresh = rows.filter(pl.col("fetched") >= time.time() - max_age).sort("fetched")
        return dict(zip(fresh["url"].to_list(), fresh["digest"].to_list()))  # newest last wins

    def features(self, digests: Iterable[str]) -> dict[str, list[Any]]:
        """digest -> feature list for the cached ones of this version (or of a fallback)."""
        if self.folder is None:
            return {}
        keys = list(dict.fromkeys(digests))
        found: dict[str, list[Any]] = {}
        for version in (self.version, *self.fallbacks):
            missing = [k for k in keys if k not in found]
            if not missing:
                break
            rows = self._read(f"{CACHE_FILE}/{version}", "digest", missing, FEATURE_SCHEMA)
            found.update((dig, json.loads(data)) for dig, data in rows.iter_rows())
        return found

    def store(
        self,
        features: dict[str, Sequence[Any]],
        files: dict[str, tuple[int, int, str]],
        urls: dict[str, str],
    ) -> None:
        """Record new features, file stats (path -> size, mtime_ns, digest) and URL digests."""
        if self.folder is None:
            return
        now = time.time()
        try:
            if features:
                self.folder.write(f"{CACHE_FILE}/{self.version}", "part", pl.DataFrame(
                    {"digest": list(features), "data": [json.dumps(list(v)) for v in features.values()]},
                    schema=FEATURE_SCHEMA))
            if files:
                self.folder.write("files", "part", pl.DataFrame(
                    [(p, s, m, d) for p, (s, m, d) in files.items()], schema=FILE_SCHEMA,
                    orient="row"))
            if urls:
                self.folder.write("urls", "part", pl.DataFrame(
                    {"url": list(urls), "digest": list(urls.values()), "fetched": [now] * len(urls)},
                    schema=URL_SCHEMA))
        except (OSError, pl.exceptions.PolarsError) as exc:
            self.warning = _t("image cache not updated: {error}").format(error=exc)
