"""The local engine: a process pool on this machine (the default, and the fastest on one box)."""

from __future__ import annotations

import contextlib
import math
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from ..extract import error_row, extract_paths, init_worker, keep_freed_memory
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
    models once (forkserver_models): the workers forked from it start with them.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([GUARD_MODULE, extract_paths.__module__, MODELS_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A worker pool whose workers begin starting now (one no-op task each)."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=mp_context(), initializer=init_local_worker
    )
    for _ in range(workers):
        pool.submit(init_worker)
    return pool


@contextlib.contextmanager
def one_cv_thread() -> Iterator[None]:
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


def pool_extract(
    jobs: Jobs,
    workers: int,
    inline_below: int,
    on_done: Callable[[int], None],
    pool: ProcessPoolExecutor | None = None,
) -> tuple[dict[str, tuple[str, tuple[Any, ...]]], int]:
    """(path -> (digest, features), how many were done in workers); inline when the batch is tiny.

    `pool`: workers started earlier (while URLs downloaded); the caller shuts it down.
    """
    workers = min(workers, max(1, len(jobs)))
    out: dict[str, tuple[str, tuple[Any, ...]]] = {}
    if workers <= 1 or len(jobs) < inline_below:
        keep_freed_memory()  # this process now extracts as a worker does
        with one_cv_thread():
            for job in jobs:
                out[job[0]] = extract_paths([job])[0]
                on_done(1)
        return out, 0
    # Small chunks (<= 16 images, ~8 per worker or more): the IPC per chunk is ~0.1 ms, and
    # small chunks keep the tail (one worker busy, the other idle) short.
    size = max(1, min(16, math.ceil(len(jobs) / (workers * 8))))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    failed: list[tuple[Jobs, BaseException]] = []
    own = pool is None
    if pool is None:
        pool = start_pool(workers)
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
            on_done(len(chunk))
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    if failed and not pooled:
        # The pool never worked (e.g. workers cannot start: a frozen app or a script fed on
        # stdin under spawn): do the work here rather than report every image as failed.
        for chunk, _ in failed:
            for job in chunk:
                out[job[0]] = extract_paths([job])[0]
                on_done(1)
        return out, 0
    for chunk, exc in failed:
        for path, _ in chunk:
            out[path] = ("", error_row(f"image analysis failed: {type(exc).__name__}: {exc}"))
    return out, pooled
