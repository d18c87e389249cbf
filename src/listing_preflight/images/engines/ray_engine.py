"""`--engine ray`: Ray Data, streaming `map_batches` over the distinct images.

The batches run as Ray Data tasks on Ray's own pool of worker processes, which lives as long as
the driver (one CLI command: every pass, every catalog of --out-dir). Each worker warms up once
(one OpenCV thread, allocator settings, the watermark network loaded): right after `ray.init`
one warm-up task per CPU goes to the workers Ray has prestarted, so the first batches find warm
workers and later passes pay nothing. An actor pool (`ActorPoolStrategy`, the first version)
was torn down and warmed again by every pass: ~2 s a pass on this 2-core machine.
Ray Data streams the batches with backpressure (at most IN_FLIGHT tasks per CPU submitted) and
Ray retries a task whose worker died (RETRIES times; then that batch's images are per-image
errors). Batches carry paths and URLs, never image bytes: the workers read the files themselves.
Connects to `--engine-address` / $RAY_ADDRESS, else starts a local Ray with one CPU per worker.

Why each setting (task start/end times of 1,000-image passes on 2 workers, 019bfa9: ~2.6
worker-seconds idle a pass next to ~8.6 of work, which was the gap to the local pool; now ~0.5;
benchmarks/README.md, "Ray engine: idle workers"):
- Ray Data's operator resource reservation is off: with it, the second worker's first task
  started ~1.05 s after the first one's in most passes (half the CPUs held back for a second).
- Ray Data counts a task as 1/IN_FLIGHT CPU and keeps IN_FLIGHT x workers tasks submitted,
  while Ray runs each on a whole CPU (`_remote_args`): a worker that finishes a task finds the
  next one queued for it at once (~0.02 s) instead of idling while Ray Data's loop notices
  (it polls every 0.1 s) and asks Ray for a worker (~0.15 s a task). More in flight, less idle
  at the end of a pass (at 2 a pass's last small tasks often queued behind one worker while
  the other idled): idle tail per 1,000-image pass 1.0 s at 2, 0.5-0.7 at 3, 0.2-0.4 at 4,
  0.12-0.16 at 8. The bound stays small: 8 tasks of paths per CPU.
- Tasks shrink at the end of a pass (`task_sizes`), so both workers finish together; one
  block per task (`batch_size=None`: `batch_size=128` over blocks of 125 rows made Ray Data
  bundle two blocks, tasks of 250 images).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from typing import Any

from ...i18n import _t
from ...model import ConfigError
from . import Job, Result
from .orphans import start_reaper
from .tasks import BATCH, task_sizes
from .work import apply_each, decode_results, run_batch, warm_up

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage-stats thread, no notice line

import numpy as np  # noqa: E402
import ray  # noqa: E402

# Tasks in flight per CPU: one running, the others queued behind it (see `RayEngine._dataset`).
IN_FLIGHT = 8
RETRIES = 2


def extract_batch(batch: dict[str, np.ndarray], max_pixels: int, fetch: Any,
                  overlay: bool = True) -> dict[str, np.ndarray]:
    """One Ray Data task: a batch of (kind, location) -> (location, digest, features JSON)."""
    jobs = list(zip(batch["kind"].tolist(), batch["location"].tolist()))
    rows = run_batch(jobs, max_pixels, fetch, overlay)
    return {
        "location": np.array([r[0] for r in rows], dtype=object),
        "digest": np.array([r[1] for r in rows], dtype=object),
        "data": np.array([r[2] for r in rows], dtype=object),
    }


def warm_worker() -> bool:
    """A Ray task: load the stack and the model in the worker that runs it (once per process)."""
    return warm_up()


def _remote_args() -> dict[str, Any]:
    """Task options as Ray runs them: one whole CPU, RETRIES when a worker dies.

    Ray Data's default retries forever. `num_cpus=1` here, against the 1 / IN_FLIGHT that Ray
    Data accounts for each task, is what lets it keep IN_FLIGHT tasks per CPU submitted while
    Ray itself runs only one per CPU: the next task waits on the worker, not in Ray Data.
    """
    return {"max_retries": RETRIES, "num_cpus": 1}


class RayEngine:
    """Image extraction with Ray Data."""

    name = "ray"

    def __init__(self, workers: int, started: bool, settings: Any) -> None:
        self.workers, self.started, self.settings = workers, started, settings
        self.warming: list[Any] = []  # refs of the warm-up tasks (kept so Ray runs them)

    def extract(self, jobs: list[Job], on_done: Callable[[int], None],
                overlay: bool = True) -> dict[str, Result]:
        """location -> (digest, features), streamed back as the workers finish batches."""
        if not jobs:  # no dataset (and no executor start) for nothing
            return {}
        ds = self._dataset(jobs, overlay)
        out: dict[str, Result] = {}
        try:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                rows = list(zip(batch["location"].tolist(), batch["digest"].tolist(),
                                batch["data"].tolist()))
                out.update(decode_results(rows))
                on_done(len(rows))
        except Exception as exc:  # noqa: BLE001 - a batch lost RETRIES times: per-image errors
            from ..extract import error_row

            lost = [loc for _, loc in jobs if loc not in out]
            for loc in lost:
                out[loc] = ("", error_row(f"image analysis failed on the ray cluster: "
                                          f"{type(exc).__name__}: {exc}"))
            on_done(len(lost))
        return out

    def _dataset(self, jobs: list[Job], overlay: bool) -> Any:
        """The pass as a Ray Data dataset: one block per task (`task_sizes`), map_batches on it."""
        import pyarrow as pa
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.enable_operator_progress_bars = False
        # With the reservation on, Ray Data held half the CPUs back from the only operator for
        # the first second of most passes (measured: the second worker's first task started
        # ~1.05 s after the first one's); with one operator there is nothing to reserve for.
        ctx.op_resource_reservation_enabled = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        sizes = task_sizes(len(jobs), self.workers)
        tables, start = [], 0
        for size in sizes:
            part = jobs[start : start + size]
            tables.append(pa.table({"kind": [k for k, _ in part],
                                    "location": [v for _, v in part]}))
            start += size
        with warnings.catch_warnings():
            # The only way to bound the retries (Ray Data's default: forever, so an image that
            # kills its worker would loop) is deprecated without a replacement yet: not the
            # seller's business.
            warnings.simplefilter("ignore", DeprecationWarning)
            # batch_size=None: each block is one batch and one task, as `task_sizes` cut them.
            # 1 / IN_FLIGHT CPU a task and IN_FLIGHT x workers at once, as Ray Data counts them
            # (Ray runs them on one CPU each, `_remote_args`): a worker that finishes a task
            # finds the next one already queued on it instead of waiting for Ray Data's loop
            # (it polls every 0.1 s, then asks Ray for a worker: ~0.15 s idle between tasks).
            return ray.data.from_arrow(tables).map_batches(
                extract_batch, batch_size=None, num_cpus=1 / IN_FLIGHT,
                concurrency=max(1, min(IN_FLIGHT * self.workers, len(tables))),
                fn_kwargs={"max_pixels": self.settings.max_pixels, "fetch": self.settings.fetch,
                           "overlay": overlay},
                ray_remote_args_fn=_remote_args,
            )

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
    # Ray Data's tuning hints (UserWarning, raised in its executor thread) are not the seller's.
    warnings.filterwarnings("ignore", module=r"ray\.")
    try:
        if address:
            ray.init(address=address, **quiet)
            workers = int(ray.cluster_resources().get("CPU", workers))
        else:
            # Ray's processes outlive a SIGKILLed driver: a watchdog kills them (orphans.py).
            start_reaper()
            # The object store only carries small batches of paths and JSON: no need for the
            # default 30 % of RAM in /dev/shm.
            ray.init(num_cpus=workers, object_store_memory=256 << 20, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(_t("cannot start or reach ray ({address}): {error}").format(
            address=address or "local", error=exc)) from exc
    engine = RayEngine(workers, True, settings)
    # Not waited for: the workers load the stack and the model while the driver goes on.
    warm = ray.remote(num_cpus=1, max_retries=0)(warm_worker)
    engine.warming = [warm.remote() for _ in range(workers)]
    return engine
