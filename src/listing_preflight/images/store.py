"""Where the feature store's Parquet shards live: a local/NFS folder or an fsspec URL.

Every write goes to a new file with a unique name (host, pid, random), first under a hidden
temporary name and then renamed into place, so concurrent writers (several processes, several
machines on one NFS export) never see or clobber a half-written shard. Object stores (s3://,
gs://, memory://) make a single PUT atomic already: the shard is written to its final key.
"""

from __future__ import annotations

import io
import os
import socket
import uuid
from pathlib import Path
from typing import Any

import polars as pl

from ..i18n import _t
from ..model import ConfigError


def is_remote(location: str | Path) -> bool:
    """True for an fsspec URL such as s3://bucket/prefix (not a local path)."""
    text = str(location)
    return "://" in text[:16] and not text.lower().startswith("file://")


def shard_name(prefix: str) -> str:
    """A file name no other writer (process or machine) will ever choose."""
    host = "".join(c for c in socket.gethostname() if c.isalnum())[:20] or "host"
    return f"{prefix}-{host}-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"


class Folder:
    """One folder of the store: list, read, atomically write and delete Parquet shards."""

    def __init__(self, location: str | Path) -> None:
        self.location = str(location)
        self.fs: Any = None
        if is_remote(self.location):
            try:
                import fsspec
            except ImportError as exc:
                raise ConfigError(
                    _t("a feature store at {loc} needs fsspec: pip install 'listing-preflight[s3]'")
                    .format(loc=self.location)
                ) from exc
            self.fs, self.root = fsspec.core.url_to_fs(self.location)
            self.root = self.root.rstrip("/")
        else:
            self.root = str(Path(self.location.removeprefix("file://")))

    def join(self, *parts: str) -> str:
        """Path of a file or sub-folder under this folder."""
        return "/".join([self.root, *parts]) if self.fs is not None else str(Path(self.root, *parts))

    def make(self, sub: str) -> None:
        """Create a sub-folder (nothing to do on an object store)."""
        if self.fs is None:
            Path(self.root, sub).mkdir(parents=True, exist_ok=True)

    def shards(self, sub: str) -> list[str]:
        """The finished shards (*.parquet, never a writer's temporary file) of a sub-folder."""
        if self.fs is None:
            folder = Path(self.root, sub)
            if not folder.is_dir():
                return []
            return sorted(str(p) for p in folder.glob("*.parquet") if not p.name.startswith("."))
        base = self._fresh(sub)
        if not self.fs.exists(base):
            return []
        return sorted(p for p in self.fs.find(base) if p.endswith(".parquet")
                      and not p.rsplit("/", 1)[-1].startswith("."))

    def _fresh(self, sub: str) -> str:
        """Path of `sub` on the object store, its cached listing dropped.

        s3fs/gcsfs keep directory listings in memory: without this a process would not see
        the shards other writers added since, and would read shards a pruner has deleted.
        """
        base = self.join(sub)
        self.fs.invalidate_cache(base)
        return base

    def subfolders(self, sub: str) -> list[str]:
        """Names of the folders directly under `sub`."""
        if self.fs is None:
            folder = Path(self.root, sub)
            return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        base = self._fresh(sub)
        if not self.fs.exists(base):
            return []
        return sorted({p[len(base) + 1:].split("/", 1)[0] for p in self.fs.find(base)
                       if "/" in p[len(base) + 1:]})

    def read(self, paths: list[str]) -> pl.DataFrame:
        """All rows of these shards, one frame (a shard deleted meanwhile raises FileNotFoundError)."""
        if self.fs is None:
            return pl.read_parquet(paths) if len(paths) > 1 else pl.read_parquet(paths[0])
        frames = []
        for path in paths:
            with self.fs.open(path, "rb") as fh:
                frames.append(pl.read_parquet(io.BytesIO(fh.read())))
        return pl.concat(frames, how="vertical_relaxed")

    def write(self, sub: str, prefix: str, frame: pl.DataFrame) -> str:
        """Write `frame` as a new shard of `sub`, atomically; return its path."""
        name = shard_name(prefix)
        final = self.join(sub, name)
        if self.fs is not None:
            buf = io.BytesIO()
            frame.write_parquet(buf, compression="zstd")
            with self.fs.open(final, "wb") as fh:
                fh.write(buf.getvalue())
            return final
        self.make(sub)
        tmp = self.join(sub, f".{name}.tmp")
        try:
            frame.write_parquet(tmp, compression="zstd")
            os.replace(tmp, final)  # atomic on POSIX and NFS: readers see all of it or nothing
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return final

    def delete(self, paths: list[str]) -> None:
        """Remove shards (already gone is fine: another pruner got there first)."""
        for path in paths:
            try:
                if self.fs is None:
                    os.unlink(path)
                else:
                    self.fs.rm(path)
            except FileNotFoundError:
                pass

    def size(self, paths: list[str]) -> int:
        """Total bytes of these shards."""
        total = 0
        for path in paths:
            try:
                total += os.path.getsize(path) if self.fs is None else int(self.fs.size(path))
            except FileNotFoundError:
                pass
        return total

    def stale_temporaries(self, sub: str) -> list[str]:
        """Writers' temporary files left by a killed process (local folders only)."""
        if self.fs is not None:
            return []
        folder = Path(self.root, sub)
        return [str(p) for p in folder.glob(".*.tmp")] if folder.is_dir() else []
