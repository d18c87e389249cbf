"""Writer and pruner processes for the feature store's concurrency test (importable by spawn)."""

from __future__ import annotations

from pathlib import Path

from listing_preflight.images.cache import FeatureCache
from listing_preflight.images.cache_admin import prune

VERSION = "f-test"


def features_of(writer: int, batch: int, n: int = 25) -> dict[str, list]:
    return {f"{writer:02d}-{batch:03d}-{i:03d}": [None, f"{writer}-{batch}-{i}", i, [0.5, i]]
            for i in range(n)}


def write_many(folder: str, writer: int, batches: int) -> int:
    """One writer process: many passes, each storing its own features, files and URLs."""
    cache = FeatureCache(folder if "://" in folder else Path(folder), VERSION)  # s3:// stays a URL
    for b in range(batches):
        feats = features_of(writer, b)
        cache.store(feats, {f"/shared/{d}.jpg": (1, 2, d) for d in feats},
                    {f"http://x/{d}.jpg": d for d in feats})
    assert cache.warning is None, cache.warning
    return writer


def prune_many(folder: str, times: int) -> int:
    """A pruner compacting the store while the writers write and readers read."""
    for _ in range(times):
        prune(folder, VERSION)
    return -1


def write_concurrently(folder: str, writers: int, batches: int, prunes: int) -> dict[str, list]:
    """Run `writers` writer processes and one pruner on `folder` while this process reads it;
    return the features every writer stored (a reader meanwhile must never fail)."""
    import multiprocessing
    import time

    with multiprocessing.get_context("spawn").Pool(writers + 1) as pool:
        jobs = [pool.apply_async(write_many, (folder, w, batches)) for w in range(writers)]
        jobs.append(pool.apply_async(prune_many, (folder, prunes)))
        reader = FeatureCache(folder if "://" in folder else Path(folder), VERSION)
        deadline = time.monotonic() + 120
        while not all(j.ready() for j in jobs) and time.monotonic() < deadline:
            reader.features(["00-000-000"])
        for job in jobs:
            job.get(timeout=120)
    expected: dict[str, list] = {}
    for w in range(writers):
        for b in range(batches):
            expected.update(features_of(w, b))
    return expected
