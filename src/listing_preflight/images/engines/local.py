"""The local engine: a process pool on this machine (the default, and the fastest on one box)."""

from __future__ import annotations

import contextlib
import math
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from ..extract import (
    error_row,
    extract_paths,
    init_worker,
    keep_freed_memory,
    one_cv_thread,
)
from .orphans import die_with_parent

# Imported by the forkserver only (never here: it would tie this process to its parent, and
# load models this process may never run).
GUARD_MODULE = f"{__package__}.forkserver_guard"
MODELS_MODULE = f"{__package__}.forkserver_models"

Jobs = list[tuple[str, int]]  # (path, max_pixels)


def init_local_worker() -> None:
    """Worker initialiser: die with the parent, one OpenCV thread (the pool is the parallelism)."""
    die_with_parent()
    init_worker()


def mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (Linux, macOS), else spawn; never a plain fork.

    A plain fork is unsafe with threads (httpx) and on macOS. spawn makes every worker import
    numpy, OpenCV, Pillow and polars again (~0.4 s CPU each); a forkserver imports the worker
    module once, in its server process, and forks ready workers from it: on a busy 2-core
    machine that start-up was ~15 % of a 600-image pass. The server also loads the ONNX
    models and extracts one generated photo once (forkserver_models): the workers forked from
    it start with the models and with what the extraction builds on first use.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([GUARD_MODULE, extract_paths.__module__, MODELS_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


def prestart_workers() -> None:
    """Start the forkserver now, without waiting for it (a no-op under spawn).

    Its imports, the models and the warm-up photo (~0.6 s) then run beside the catalog's text
    rules instead of before the first image: the first pool of the run came up in ~0.03 s
    instead of ~0.68 s (benchmarks/README.md, "Issue 12, stop 18"). Failing to start it here
    costs nothing: the pool starts it again, or extracts in this process.
    """
    ctx = mp_context()
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with contextlib.suppress(Exception):
        forkserver.ensure_running()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A worker pool whose workers begin starting now (one no-op task each)."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=mp_context(), initializer=init_local_worker
    )
    for _ in range(workers):
        pool.submit(init_worker)
    return pool


MAX_CHUNK = 16


def guided_chunks(jobs: Jobs, workers: int) -> list[Jobs]:
    """The jobs cut into chunks that shrink as the work left does (guided scheduling).

    A chunk costs ~0.1 ms of IPC, so chunks of up to MAX_CHUNK images are cheap; but a large
    last chunk keeps one worker busy while the others idle (up to ~0.15 s of a 2 s pass at 16
    images). Each chunk is a quarter of an even share of what is left, so the last ones are
    single images.
    """
    chunks = []
    start = 0
    while start < len(jobs):
        size = max(1, min(MAX_CHUNK, math.ceil((len(jobs) - start) / (workers * 4))))
        chunks.append(jobs[start : start + size])
        start += size
    return chunks


def pool_extract(
    jobs: Jobs,
    workers: int,
    inline_below: int,
    on_done: Callable[[int], None],
    pool: ProcessPoolExecutor | None = None,
    overlay: bool = True,
) -> tuple[dict[str, tuple[str, tuple[Any, ...]]], int]:
    """(path -> (digest, features), how many were done in workers); inline when the batch is tiny.

    `pool`: workers started earlier (while URLs downloaded); the caller shuts it down.
    `overlay`: run the overlay checks' work (extract.features_from_bytes).
    """
    workers = min(workers, max(1, len(jobs)))
    out: dict[str, tuple[str, tuple[Any, ...]]] = {}
    if workers <= 1 or len(jobs) < inline_below:
        keep_freed_memory()  # this process now extracts as a worker does
        with one_cv_thread():
            for job in jobs:
                out[job[0]] = extract_paths([job], overlay)[0]
                on_done(1)
        return out, 0
    chunks = guided_chunks(jobs, workers)
    failed: list[tuple[Jobs, BaseException]] = []
    own = pool is None
    if pool is None:
        pool = start_pool(workers)
    pooled = 0
    try:
        futures = {pool.submit(extract_paths, chunk, overlay): chunk for chunk in chunks}
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
            on_done(len(chunk))
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    if failed and not pooled:
        # The pool never worked (e.g. workers cannot start: a frozen app or a script fed on
        # stdin under spawn): do the work here rather than report every image as failed.
        for chunk, _ in failed:
            for job in chunk:
                out[job[0]] = extract_paths([job], overlay)[0]
                on_done(1)
        return out, 0
    for chunk, exc in failed:
        for path, _ in chunk:
            out[path] = ("", error_row(f"image analysis failed: {type(exc).__name__}: {exc}"))
    return out, pooled
