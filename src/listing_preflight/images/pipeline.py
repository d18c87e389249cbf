"""The image pass: resolve references, fetch URLs, look up the cache, extract the misses in a pool."""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import FeatureCache, default_cache_dir
from .extract import CACHE_VERSION, error_row, extract_paths, init_worker, keep_freed_memory
from .fetch import Fetcher, FetchSettings
from .offline import not_fetched_notice, offline
from .progress import Progress
from .sources import resolve

# Below this many images to decode, a worker pool costs more (start-up + imports, ~0.5 s per
# worker) than it saves; they are extracted in this process instead.
INLINE_BELOW = 8


@dataclass
class ImageSettings:
    """How the image pass runs (from the run's Config; see `from_config`)."""

    jobs: int | None = None  # worker processes; 0/None = all cores
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None = no cache
    allow_outside: bool = False  # local paths may leave the images root
    max_pixels: int = 100_000_000  # larger images are refused as decompression bombs
    url_max_age: float = 24 * 3600.0  # seconds a fetched URL's digest is trusted
    fetch: FetchSettings = field(default_factory=FetchSettings)
    inline_below: int = INLINE_BELOW
    fetch_urls: bool = True  # False: URLs not in the cache are left unfetched (--no-fetch)

    def __post_init__(self) -> None:
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path):
            self.cache_dir = Path(self.cache_dir)

    @classmethod
    def from_config(cls, config: Any) -> ImageSettings:
        """Settings from a Config (cache_dir, no_cache, jobs, allow_outside_images)."""
        no_cache = bool(getattr(config, "no_cache", False))
        folder = getattr(config, "cache_dir", None)
        return cls(
            jobs=getattr(config, "jobs", None),
            cache_dir=None if no_cache else (Path(folder) if folder else default_cache_dir()),
            allow_outside=bool(getattr(config, "allow_outside_images", False)),
            fetch_urls=bool(getattr(config, "fetch", True)),
        )

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


def _mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (Linux, macOS), else spawn; never a plain fork.

    A plain fork is unsafe with threads (httpx) and on macOS. spawn makes every worker import
    numpy, OpenCV, Pillow and polars again (~0.4 s CPU each); a forkserver imports the worker
    module once, in its server process, and forks ready workers from it: on a busy 2-core
    machine that start-up was ~15 % of a 600-image pass.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([extract_paths.__module__])
        return ctx
    return multiprocessing.get_context("spawn")


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """A worker pool whose workers begin starting now (one no-op task each)."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_mp_context(), initializer=init_worker
    )
    for _ in range(workers):
        pool.submit(init_worker)
    return pool


def _pool_extract(
    paths: list[str],
    settings: ImageSettings,
    progress: Progress,
    pool: ProcessPoolExecutor | None = None,
    result: PassResult | None = None,
) -> dict[str, tuple[str, tuple[Any, ...]]]:
    """path -> (digest, features), in worker processes unless the batch is tiny.

    `pool`: workers started earlier (while URLs downloaded); the caller shuts it down.
    """
    jobs = [(p, settings.max_pixels) for p in paths]
    workers = min(settings.workers(), max(1, len(jobs)))
    out: dict[str, tuple[str, tuple[Any, ...]]] = {}
    if workers <= 1 or len(jobs) < settings.inline_below:
        keep_freed_memory()  # this process now extracts as a worker does
        with _one_cv_thread():
            for job in jobs:
                out[job[0]] = extract_paths([job])[0]
                progress.advance()
        return out
    # Small chunks (<= 16 images, ~8 per worker or more): the IPC per chunk is ~0.1 ms, and
    # small chunks keep the tail (one worker busy, the other idle) short.
    size = max(1, min(16, math.ceil(len(jobs) / (workers * 8))))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    failed: list[tuple[list[tuple[str, int]], BaseException]] = []
    own = pool is None
    if pool is None:
        pool = _start_pool(workers)
    pooled = 0
    try:
        futures = {pool.submit(extract_paths, chunk): chunk for chunk in chunks}
        for fut in as_completed(futures):
            chunk = futures[fut]
            try:
                results = fut.result()
            except Exception as exc:  # noqa: BLE001 - a crashed worker loses its chunk, not the run
                failed.append((chunk, exc))
                continue
            for (path, _), res in zip(chunk, results):
                out[path] = res
            pooled += len(chunk)
            progress.advance(len(chunk))
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    if result is not None:
        result.in_workers += pooled
    if failed and not pooled:
        # The pool never worked (e.g. workers cannot start: a frozen app or a script fed on
        # stdin under spawn): do the work here rather than report every image as failed.
        for chunk, _ in failed:
            for job in chunk:
                out[job[0]] = extract_paths([job])[0]
                progress.advance()
        return out
    for chunk, exc in failed:
        for path, _ in chunk:
            out[path] = ("", error_row(f"image analysis failed: {type(exc).__name__}: {exc}"))
    return out


@contextlib.contextmanager
def _one_cv_thread() -> Iterator[None]:
    """OpenCV single-threaded while this process extracts (as the workers are), then restored.

    The images are small: OpenCV's thread pool costs more than it gains and competes with
    the workers for the cores.
    """
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(0)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


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
    cache = FeatureCache(settings.cache_dir, CACHE_VERSION)
    try:
        _run(refs, settings, cache, result)
    finally:
        cache.close()
    if cache.warning:
        result.notices.append(cache.warning)
    return result


def _run(refs: list[Ref], settings: ImageSettings, cache: FeatureCache, result: PassResult) -> None:
    feats = result.features
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
                feats[ref] = error_row(f"file not found: {image} (looked in {root or os.getcwd()})")
                continue
            except OSError as exc:
                feats[ref] = error_row(f"cannot open {image}: {exc.strerror or exc}")
                continue
            if not os.path.isfile(src.path):
                feats[ref] = error_row(f"not a file: {image}")
                continue
            local[ref] = src.path
            stats[src.path] = (st.st_size, st.st_mtime_ns)

    # Warm path: stat/URL -> digest -> features, without reading a byte of any image.
    known = cache.file_digests(stats)
    url_known = cache.url_digests(list(dict.fromkeys(remote.values())), settings.url_max_age)
    cached = cache.features([*known.values(), *url_known.values()])
    for ref, path in local.items():
        dig = known.get(path)
        if dig in cached:
            feats[ref] = tuple(cached[dig])
            result.cache_hits += 1
    for ref, url in remote.items():
        dig = url_known.get(url)
        if dig in cached:
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
    progress = Progress("images", len(to_fetch) * 2 + len(to_decode))
    pool = None
    expected = len(to_fetch) + len(to_decode)
    if to_fetch and settings.workers() > 1 and expected >= settings.inline_below:
        # Downloads take a while: let the workers start (spawn + imports) meanwhile.
        pool = _start_pool(min(settings.workers(), expected))
    with tempfile.TemporaryDirectory(prefix="preflight-img-") as tmp, _shutdown(pool):
        downloads: dict[str, str] = {}
        if to_fetch:
            fetcher = Fetcher(Path(tmp), settings.fetch)
            try:
                fetched = fetcher.fetch_all(to_fetch, on_done=progress.advance)
            finally:
                fetcher.close()
            result.fetched = len(to_fetch)
            for url, got in fetched.items():
                if got.path:
                    downloads[url] = got.path
            if offline(fetched):
                result.notices.append(not_fetched_notice(len(fetched), "no network"))
            else:
                for ref, url in remote.items():
                    if ref not in feats and fetched[url].error:
                        feats[ref] = error_row(fetched[url].error or "fetch failed", fetched[url].size)
        paths = to_decode + list(dict.fromkeys(downloads.values()))
        extracted = _pool_extract(paths, settings, progress, pool, result)
    progress.close()
    result.decoded = len(paths)

    new_features: dict[str, tuple[Any, ...]] = {}
    new_files: dict[str, tuple[int, int, str]] = {}
    new_urls: dict[str, str] = {}
    for ref, path in local.items():
        if ref in feats:
            continue
        dig, values = extracted[path]
        feats[ref] = values
        if dig:
            new_features[dig] = values
            new_files[path] = (*stats[path], dig)
    for ref, url in remote.items():
        if ref in feats or url not in downloads:
            continue  # unfetched (--no-fetch, no network): no features, see the notice
        dig, values = extracted[downloads[url]]
        feats[ref] = values
        if dig:
            new_features[dig] = values
            new_urls[url] = dig
    cache.store(new_features, new_files, new_urls)
