"""`--engine dask`: Dask distributed, `client.map` over batches of images, `as_completed`.

Connects to the scheduler at `--engine-address` (or $DASK_SCHEDULER_ADDRESS), else starts a
local cluster of one single-threaded worker process per core (the extraction holds the GIL in
places, so processes, not threads). Tasks are retried on another worker when one dies.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from dask.distributed import Client, LocalCluster, as_completed

from ...i18n import _t
from ...model import ConfigError
from . import Job, Result
from .work import apply_each, decode_results, run_batch

BATCH = 16  # images per task: ~50-100 ms of work, so scheduling (~1 ms a task) stays small
RETRIES = 2


class DaskEngine:
    """Image extraction on a Dask cluster."""

    name = "dask"

    def __init__(self, client: Client, cluster: LocalCluster | None, settings: Any) -> None:
        self.client, self.cluster, self.settings = client, cluster, settings

    def extract(self, jobs: list[Job], on_done: Callable[[int], None],
                overlay: bool = True) -> dict[str, Result]:
        """location -> (digest, features), batches of BATCH as tasks, collected as they finish."""
        batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
        futures = self.client.map(run_batch, batches, max_pixels=self.settings.max_pixels,
                                  fetch=self.settings.fetch, overlay=overlay, pure=False,
                                  retries=RETRIES)
        out: dict[str, Result] = {}
        index = {fut.key: batch for fut, batch in zip(futures, batches)}
        for fut in as_completed(futures):
            batch = index[fut.key]
            try:
                out.update(decode_results(fut.result()))
            except Exception as exc:  # noqa: BLE001 - a lost batch is a finding per image, not a crash
                from ..extract import error_row

                for _, loc in batch:
                    out[loc] = ("", error_row(f"image analysis failed on the dask cluster: "
                                              f"{type(exc).__name__}: {exc}"))
            on_done(len(batch))
        return out

    def map_each(self, fn: Callable[[Any], Any], items: list[Any],
                 on_done: Callable[[int], None]) -> list[Any]:
        """[fn(item) for item in items], batches of BATCH as tasks, in order."""
        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
        futures = self.client.map(apply_each, [fn] * len(batches), batches, pure=False,
                                  retries=RETRIES)
        done: dict[int, list[Any]] = {}
        where = {fut.key: i for i, fut in enumerate(futures)}
        for fut in as_completed(futures):
            done[where[fut.key]] = fut.result()
            on_done(len(done[where[fut.key]]))
        return [value for i in range(len(batches)) for value in done[i]]

    def close(self) -> None:
        """Disconnect; stop the local cluster if this engine started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(address: str | None, workers: int, settings: Any) -> DaskEngine:
    """A client on the given scheduler, or on a new local cluster of `workers` processes."""
    address = address or os.environ.get("DASK_SCHEDULER_ADDRESS")
    try:
        if address:
            return DaskEngine(Client(address, timeout="20s"), None, settings)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50)
        return DaskEngine(Client(cluster), cluster, settings)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(_t("cannot reach the dask scheduler {address}: {error}").format(
            address=address or "(local cluster)", error=exc)) from exc
