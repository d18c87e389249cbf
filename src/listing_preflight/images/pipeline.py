"""The image pass: resolve references, fetch URLs, look up the cache, extract the misses in a pool."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _t
from .cache import FeatureCache, default_cache_dir
from .engines import Engine, open_engine
from .engines.local import pool_extract, start_pool
from .extract import cache_version, error_row
from .fetch import Fetcher, FetchSettings
from .offline import not_fetched_notice, offline
from .progress import Progress
from .sources import is_object_store, resolve
from .store import is_remote

# Below this many images to decode, a worker pool costs more (start-up + imports, ~0.5 s per
# worker) than it saves; they are extracted in this process instead.
INLINE_BELOW = 8


@dataclass
class ImageSettings:
    """How the image pass runs (from the run's Config; see `from_config`)."""

    jobs: int | None = None  # worker processes; 0/None = all cores
    cache_dir: Path | str | None = field(default_factory=default_cache_dir)  # None = no cache; str = URL
    allow_outside: bool = False  # local paths may leave the images root
    max_pixels: int = 100_000_000  # larger images are refused as decompression bombs
    url_max_age: float = 24 * 3600.0  # seconds a fetched URL's digest is trusted
    fetch: FetchSettings = field(default_factory=FetchSettings)
    inline_below: int = INLINE_BELOW
    engine: str = "local"  # local | ray | dask (images/engines)
    engine_address: str | None = None  # a running cluster; None = RAY_ADDRESS / start a local one
    fetch_urls: bool = True  # False: URLs not in the cache are left unfetched (--no-fetch)
    # False: no active rule reads the overlay checks' columns (extract.OVERLAY_COLUMNS): the
    # watermark network and the overlay search are skipped, and the features are stored apart
    # (extract.cache_version).
    overlay_checks: bool = True

    def __post_init__(self) -> None:
        # An object-store URL stays text (Path would turn s3://b/x into s3:/b/x).
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path) \
                and not is_remote(self.cache_dir):
            self.cache_dir = Path(self.cache_dir)

    @classmethod
    def from_config(cls, config: Any, overlay_checks: bool = True) -> ImageSettings:
        """Settings from a Config (cache_dir, no_cache, jobs, allow_outside_images);
        `overlay_checks`: whether the run's active rules need them (overlay_checks_needed)."""
        no_cache = bool(getattr(config, "no_cache", False))
        folder = getattr(config, "cache_dir", None)
        return cls(
            jobs=getattr(config, "jobs", None),
            cache_dir=None if no_cache else (folder or default_cache_dir()),
            allow_outside=bool(getattr(config, "allow_outside_images", False)),
            engine=getattr(config, "engine", None) or "local",
            engine_address=getattr(config, "engine_address", None),
            fetch_urls=bool(getattr(config, "fetch", True)),
            overlay_checks=overlay_checks,
        )

    @property
    def cache_version(self) -> str:
        """The feature store's version of the features this pass extracts."""
        return cache_version(self.overlay_checks)

    @property
    def serving_versions(self) -> tuple[str, ...]:
        """Other versions whose features serve this pass too: without the overlay checks,
        features extracted with them (they hold all it needs)."""
        return () if self.overlay_checks else (cache_version(True),)

    def feature_cache(self) -> FeatureCache:
        """The feature store of this pass (reads its version, then the serving ones)."""
        return FeatureCache(self.cache_dir, self.cache_version, self.serving_versions)

    def workers(self) -> int:
        """Worker count: `jobs`, or every core when 0/None."""
        return self.jobs if self.jobs and self.jobs > 0 else (os.cpu_count() or 1)


Ref = tuple[str, "str | None"]  # (image as written, image_root)


@dataclass
class PassResult:
    """Features per reference plus what the pass did (for stats and benchmarks)."""

    features: dict[Ref, tuple[Any, ...]]
    decoded: int = 0
    fetched: int = 0
    cache_hits: int = 0
    in_workers: int = 0  # images extracted in worker processes (the rest in this process)
    notices: list[str] = field(default_factory=list)


@dataclass
class Session:
    """State shared by the image passes of one run over many catalogs (`session()`).

    `memo`: per feature version (with or without the overlay checks), location -> (digest,
    features) already computed in this run, so an image used by several catalogs is extracted
    once even with --no-cache; `engines`: ray/dask connections opened once for the whole run.
    """

    memo: dict[str, dict[str, tuple[str, tuple[Any, ...]]]] = field(default_factory=dict)
    engines: dict[tuple[str, str | None], Engine] = field(default_factory=dict)


_SESSION: Session | None = None


@contextlib.contextmanager
def session() -> Iterator[Session]:
    """Share extracted features and engine connections across the passes inside the block."""
    global _SESSION
    outer, _SESSION = _SESSION, Session()
    try:
        yield _SESSION
    finally:
        for engine in _SESSION.engines.values():
            engine.close()
        _SESSION = outer


def active_session() -> Session | None:
    """The session the current passes share, if one is open."""
    return _SESSION


def _engine(settings: ImageSettings) -> Engine:
    """The ray/dask engine of the settings (kept open for the session, if one is running)."""
    key = (settings.engine, settings.engine_address)
    if _SESSION is not None and key in _SESSION.engines:
        return _SESSION.engines[key]
    engine = open_engine(settings.engine, settings.engine_address, settings.workers(), settings)
    if _SESSION is not None:
        _SESSION.engines[key] = engine
    return engine


@contextlib.contextmanager
def _shutdown(pool: ProcessPoolExecutor | None) -> Iterator[None]:
    """Shut a pre-started pool down however the block ends."""
    try:
        yield
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def run_pass(refs: Iterable[Ref], settings: ImageSettings) -> PassResult:
    """Features for every unique reference, computed at most once per content."""
    refs = list(dict.fromkeys(refs))
    result = PassResult(features={})
    cache = settings.feature_cache()
    try:
        _run(refs, settings, cache, result)
    finally:
        cache.close()
    if cache.warning:
        result.notices.append(cache.warning)
    return result


def likely_to_decode(refs: list[Ref], settings: ImageSettings) -> bool:
    """Whether a pass over `refs` (a sample of a catalog's) will decode or fetch any image:
    a reference missing from the cache says so, a fully cached sample says no."""
    feats: dict[Ref, tuple[Any, ...]] = {}
    local, remote, stats = _resolve(list(dict.fromkeys(refs)), settings, feats)
    if remote and settings.fetch_urls:
        return True
    if not local:
        return False
    cache = settings.feature_cache()
    try:
        known = cache.file_digests({p: stats[p] for p in local.values()})
        if len(known) < len(set(local.values())):
            return True
        return len(cache.features(known.values())) < len(set(known.values()))
    finally:
        cache.close()


def _resolve(refs: list[Ref], settings: ImageSettings, feats: dict[Ref, tuple[Any, ...]]
             ) -> tuple[dict[Ref, str], dict[Ref, str], dict[str, tuple[int, int]]]:
    """Split references into local files (with their stat) and URLs; the rest become errors."""
    local: dict[Ref, str] = {}
    remote: dict[Ref, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for ref in refs:
        image, root = ref
        src = resolve(image, root, settings.allow_outside)
        if src.error:
            feats[ref] = error_row(src.error)
        elif src.url:
            remote[ref] = src.url
        else:
            assert src.path is not None
            try:
                st = os.stat(src.path)
            except FileNotFoundError:
                feats[ref] = error_row(_t("file not found: {} (looked in {})").format(image, root or os.getcwd()))
                continue
            except OSError as exc:
                feats[ref] = error_row(_t("cannot open {}: {}").format(image, exc.strerror or exc))
                continue
            if not os.path.isfile(src.path):
                feats[ref] = error_row(_t("not a file: {}").format(image))
                continue
            local[ref] = src.path
            stats[src.path] = (st.st_size, st.st_mtime_ns)
    return local, remote, stats


def _run(refs: list[Ref], settings: ImageSettings, cache: FeatureCache, result: PassResult) -> None:
    feats = result.features
    local, remote, stats = _resolve(refs, settings, feats)
    memo = _SESSION.memo.setdefault(settings.cache_version, {}) if _SESSION is not None else {}
    serving = [_SESSION.memo.get(v, {}) for v in settings.serving_versions] if _SESSION else []
    for ref, where in [*local.items(), *remote.items()]:
        for seen in (memo, *serving):
            if where in seen:  # another catalog of this run had it
                feats[ref] = seen[where][1]
                break

    # Warm path: stat/URL -> digest -> features, without reading a byte of any image.
    known = cache.file_digests({p: stats[p] for r, p in local.items() if r not in feats})
    url_known = cache.url_digests(
        list(dict.fromkeys(u for r, u in remote.items() if r not in feats)), settings.url_max_age)
    cached = cache.features([*known.values(), *url_known.values()])
    for ref, path in local.items():
        dig = known.get(path)
        if ref not in feats and dig in cached:
            feats[ref] = tuple(cached[dig])
            result.cache_hits += 1
    for ref, url in remote.items():
        dig = url_known.get(url)
        if ref not in feats and dig in cached:
            feats[ref] = tuple(cached[dig])
            result.cache_hits += 1

    to_fetch = list(dict.fromkeys(u for r, u in remote.items() if r not in feats))
    to_decode = list(dict.fromkeys(p for r, p in local.items() if r not in feats))
    if to_fetch and not settings.fetch_urls:
        # Unfetched is not unreadable: these references get no features (image rules do not
        # apply to them) and one notice, not an IMG002 per image.
        result.notices.append(not_fetched_notice(len(to_fetch), "--no-fetch"))
        to_fetch = []
    if not to_fetch and not to_decode:
        return
    if settings.engine in (None, "", "local"):
        got = _extract_local(to_fetch, to_decode, settings, result)
    else:
        got = _extract_on_engine(to_fetch, to_decode, settings, result)
    memo.update(got)

    new_features: dict[str, tuple[Any, ...]] = {}
    new_files: dict[str, tuple[int, int, str]] = {}
    new_urls: dict[str, str] = {}
    for ref, path in local.items():
        if ref in feats:
            continue
        dig, values = got[path]
        feats[ref] = values
        if dig:
            new_features[dig] = values
            new_files[path] = (*stats[path], dig)
    for ref, url in remote.items():
        if ref in feats or url not in got:
            continue  # unfetched (--no-fetch, no network): no features, see the notice
        dig, values = got[url]
        feats[ref] = values
        if dig:
            new_features[dig] = values
            new_urls[url] = dig
    cache.store(new_features, new_files, new_urls)


def _extract_local(to_fetch: list[str], to_decode: list[str], settings: ImageSettings,
                   result: PassResult) -> dict[str, tuple[str, tuple[Any, ...]]]:
    """location -> (digest, features): URLs fetched here, then a process pool on this machine."""
    progress = Progress("images", len(to_fetch) * 2 + len(to_decode))
    pool = None
    expected = len(to_fetch) + len(to_decode)
    if to_fetch and settings.workers() > 1 and expected >= settings.inline_below:
        # Downloads take a while: let the workers start (spawn + imports) meanwhile.
        pool = start_pool(min(settings.workers(), expected))
    got: dict[str, tuple[str, tuple[Any, ...]]] = {}
    stores = [u for u in to_fetch if is_object_store(u)]
    if stores:
        from .engines.work import read_object

        to_fetch = [u for u in to_fetch if not is_object_store(u)]
        for url in stores:  # s3:// gs:// through fsspec, here (workers do it on ray/dask)
            got[url] = read_object(url, settings.max_pixels, settings.overlay_checks)
            progress.advance(2)
    with tempfile.TemporaryDirectory(prefix="preflight-img-") as tmp, _shutdown(pool):
        downloads: dict[str, str] = {}
        if to_fetch:
            fetcher = Fetcher(Path(tmp), settings.fetch)
            try:
                fetched = fetcher.fetch_all(to_fetch, on_done=progress.advance)
            finally:
                fetcher.close()
            result.fetched = len(to_fetch)
            for url, item in fetched.items():
                if item.path:
                    downloads[url] = item.path
            if offline(fetched):
                result.notices.append(not_fetched_notice(len(fetched), "no network"))
            else:
                for url, item in fetched.items():
                    if not item.path:
                        got[url] = ("", error_row(item.error or _t("fetch failed"), item.size))
        paths = to_decode + list(dict.fromkeys(downloads.values()))
        extracted, pooled = pool_extract([(p, settings.max_pixels) for p in paths],
                                         settings.workers(), settings.inline_below,
                                         progress.advance, pool, settings.overlay_checks)
    progress.close()
    result.in_workers += pooled
    result.decoded = len(paths)
    for path in to_decode:
        got[path] = extracted[path]
    for url, path in downloads.items():
        got[url] = extracted[path]
    return got


def _extract_on_engine(to_fetch: list[str], to_decode: list[str], settings: ImageSettings,
                       result: PassResult) -> dict[str, tuple[str, tuple[Any, ...]]]:
    """location -> (digest, features) from a ray/dask cluster; workers fetch the URLs."""
    engine = _engine(settings)
    progress = Progress("images", len(to_fetch) + len(to_decode))
    jobs = [("path", p) for p in to_decode] + [("url", u) for u in to_fetch]
    try:
        got = engine.extract(jobs, progress.advance, settings.overlay_checks)
    finally:
        progress.close()
        if _SESSION is None:
            engine.close()
    result.fetched = len(to_fetch)
    result.in_workers += len(jobs)
    result.decoded = len(to_decode) + sum(1 for u in to_fetch if got[u][0])
    return got
