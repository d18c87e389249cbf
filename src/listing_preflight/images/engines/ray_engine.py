"""`--engine ray`: Ray Data, streaming `map_batches` over the distinct images on an actor pool.

Each actor warms up once (OpenCV threads, allocator, the watermark network loaded) and then
takes batches; Ray Data streams them with backpressure (a bounded number of batches in flight)
and retries a task whose worker died. Connects to `--engine-address` / $RAY_ADDRESS, else
starts a local Ray instance with one CPU per worker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import ray

from ...i18n import _t
from ...model import ConfigError
from . import Job, Result
from .work import apply_each, decode_results, run_batch, warm_up

BATCH = 16
RETRIES = 2


class _Extractor:
    """One per Ray worker: the model is loaded in __init__, then batches come and go.

    The settings are class attributes of a per-run subclass (`_extractor_for`), not constructor
    arguments: Ray keeps those in its object store and logs a warning on every run.
    """

    max_pixels: int = 100_000_000
    fetch: Any = None

    def __init__(self) -> None:
        warm_up()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        jobs = list(zip(batch["kind"].tolist(), batch["location"].tolist()))
        rows = run_batch(jobs, self.max_pixels, self.fetch)
        return {
            "location": np.array([r[0] for r in rows], dtype=object),
            "digest": np.array([r[1] for r in rows], dtype=object),
            "data": np.array([r[2] for r in rows], dtype=object),
        }


def _extractor_for(settings: Any) -> type[_Extractor]:
    """The actor class of one run, its settings built in."""
    return type("PreflightExtractor", (_Extractor,),
                {"max_pixels": settings.max_pixels, "fetch": settings.fetch})


class RayEngine:
    """Image extraction with Ray Data."""

    name = "ray"

    def __init__(self, workers: int, started: bool, settings: Any) -> None:
        self.workers, self.started, self.settings = workers, started, settings

    def extract(self, jobs: list[Job], on_done: Callable[[int], None]) -> dict[str, Result]:
        """location -> (digest, features), streamed back as the actors finish batches."""
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.max_map_retries = RETRIES  # a batch whose worker died runs again elsewhere
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        items = [{"kind": k, "location": loc} for k, loc in jobs]
        size = max(1, min(self.workers, len(jobs) // BATCH or 1))
        ds = ray.data.from_items(items, override_num_blocks=max(1, len(jobs) // BATCH)).map_batches(
            _extractor_for(self.settings),
            batch_size=BATCH,
            # A fixed pool: each actor loads the model once; at most 2 batches queued per
            # actor is Ray Data's backpressure on the input (paths are cheap to hold anyway).
            compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=2),
            num_cpus=1,
        )
        out: dict[str, Result] = {}
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            rows = list(zip(batch["location"].tolist(), batch["digest"].tolist(),
                            batch["data"].tolist()))
            out.update(decode_results(rows))
            on_done(len(rows))
        return out

    def map_each(self, fn: Callable[[Any], Any], items: list[Any],
                 on_done: Callable[[int], None]) -> list[Any]:
        """[fn(item) for item in items] as Ray tasks of BATCH items, at most 2 per worker in flight."""
        task = ray.remote(num_cpus=1, max_retries=RETRIES)(apply_each)
        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
        results: dict[int, list[Any]] = {}
        pending: dict[Any, int] = {}
        next_batch = 0
        while next_batch < len(batches) or pending:
            while next_batch < len(batches) and len(pending) < 2 * self.workers:  # backpressure
                pending[task.remote(fn, batches[next_batch])] = next_batch
                next_batch += 1
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                i = pending.pop(ref)
                results[i] = ray.get(ref)
                on_done(len(results[i]))
        return [value for i in range(len(batches)) for value in results[i]]

    def close(self) -> None:
        """Shut down the Ray instance this engine started (a cluster we joined stays up)."""
        if self.started:
            ray.shutdown()


def connect(address: str | None, workers: int, settings: Any) -> RayEngine:
    """Join the cluster at `address` / $RAY_ADDRESS, else start a local one of `workers` CPUs."""
    address = address or os.environ.get("RAY_ADDRESS") or None
    if ray.is_initialized():
        return RayEngine(workers, False, settings)
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR, "include_dashboard": False,
             "configure_logging": True}
    try:
        if address:
            ray.init(address=address, **quiet)
            workers = int(ray.cluster_resources().get("CPU", workers))
        else:
            # The object store only carries small batches of paths and JSON: no need for the
            # default 30 % of RAM in /dev/shm.
            ray.init(num_cpus=workers, object_store_memory=256 << 20, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(_t("cannot start or reach ray ({address}): {error}").format(
            address=address or "local", error=exc)) from exc
    return RayEngine(workers, True, settings)
