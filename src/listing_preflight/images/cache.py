"""On-disk feature cache (SQLite): features keyed by content digest + feature/hash version.

Two lookup tables make a warm run cheap without reading the image bytes again:
- local files: (path, size, mtime_ns) -> digest, the way git's index avoids rehashing;
  a file that changed on disk gets a new size/mtime and is read and hashed again;
- URLs: url -> digest, trusted for `url_max_age` seconds, so a re-run does not re-download.
Features are stored as JSON (not pickle), so a tampered cache file cannot run code.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..i18n import _t

CACHE_FILE = "image-features.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS features (digest TEXT, version TEXT, data TEXT, PRIMARY KEY (digest, version));
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT);
CREATE TABLE IF NOT EXISTS urls (url TEXT PRIMARY KEY, digest TEXT, fetched REAL);
"""


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


def _chunks(items: Sequence[Any], n: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class FeatureCache:
    """Feature store; with folder=None every lookup misses and nothing is written."""

    def __init__(self, folder: Path | None, version: str) -> None:
        self.version = version
        self.db: sqlite3.Connection | None = None
        self.warning: str | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / CACHE_FILE, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            # An unusable cache slows the run down but must not stop it.
            self.warning = _t("image cache disabled ({}): {}").format(folder, exc)
            self.db = None

    def close(self) -> None:
        """Close the database."""
        if self.db is not None:
            self.db.close()
            self.db = None

    def file_digests(self, stats: dict[str, tuple[int, int]]) -> dict[str, str]:
        """path -> digest for files whose size and mtime match the recorded ones."""
        if self.db is None or not stats:
            return {}
        out: dict[str, str] = {}
        paths = list(stats)
        for part in _chunks(paths):
            rows = self.db.execute(
                f"SELECT path, size, mtime_ns, digest FROM files WHERE path IN ({','.join('?' * len(part))})",
                list(part),
            ).fetchall()
            for path, size, mtime, dig in rows:
                if stats[path] == (size, mtime):
                    out[path] = dig
        return out

    def url_digests(self, urls: Sequence[str], max_age: float) -> dict[str, str]:
        """url -> digest for URLs fetched less than `max_age` seconds ago."""
        if self.db is None or not urls or max_age <= 0:
            return {}
        cutoff = time.time() - max_age
        out: dict[str, str] = {}
        for part in _chunks(list(urls)):
            rows = self.db.execute(
                f"SELECT url, digest FROM urls WHERE fetched >= ? AND url IN ({','.join('?' * len(part))})",
                [cutoff, *part],
            ).fetchall()
            out.update(rows)
        return out

    def features(self, digests: Iterable[str]) -> dict[str, list[Any]]:
        """digest -> feature list for the cached ones of this version."""
        if self.db is None:
            return {}
        out: dict[str, list[Any]] = {}
        keys = list(dict.fromkeys(digests))
        for part in _chunks(keys):
            rows = self.db.execute(
                f"SELECT digest, data FROM features WHERE version = ? AND digest IN ({','.join('?' * len(part))})",
                [self.version, *part],
            ).fetchall()
            for dig, data in rows:
                out[dig] = json.loads(data)
        return out

    def store(
        self,
        features: dict[str, Sequence[Any]],
        files: dict[str, tuple[int, int, str]],
        urls: dict[str, str],
    ) -> None:
        """Record new features, file stats (path -> size, mtime_ns, digest) and URL digests."""
        if self.db is None:
            return
        now = time.time()
        try:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO features VALUES (?, ?, ?)",
                [(d, self.version, json.dumps(list(v))) for d, v in features.items()],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                [(p, s, m, d) for p, (s, m, d) in files.items()],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO urls VALUES (?, ?, ?)",
                [(u, d, now) for u, d in urls.items()],
            )
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.warning = _t("image cache not updated: {}").format(exc)
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
