"""Image pass throughput per engine (local process pool vs Ray Data vs Dask), in one run.

Input: N JPEGs (default 5,000) cut from the real photos in ../shared/realdata (random crops of
40-100 % of the frame, random flips, long side 600-1200 px, JPEG q85-92), written under /tmp
once and reused - never committed. Every engine extracts the same distinct images with the
same worker count (--jobs, default 2) and no feature cache.

Two figures per engine:
- total:  images/s including start-up (local: the process pool; ray/dask: starting a local
          cluster), what one `preflight check --engine X` pays on a fresh machine;
- steady: images/s once the cluster is up (a small warm-up pass first), what a long-running
          cluster gives every further run; "overhead" = 1 - steady / local total.
Rounds are interleaved (local, dask, ray, then again) so the other jobs' load on a shared
machine hits every engine alike; the best round is reported.
--slices K (steadier on a busy machine): all engines stay up at once and take turns on K
slices of the images (local, dask, ray on slice 1, then slice 2, ...), so a change of load
during the run hits each engine alike; reported per engine: images / summed seconds, and the
median of the per-slice ratios engine/local; "with its start-up": all images (warm-up included)
over start-up + all slices, i.e. one run of the whole catalog split into K passes.
Also: cold vs warm pass through the Parquet feature store (DESIGN §9: warm >= 20x cold).

    python benchmarks/bench_engine.py [--count 5000] [--jobs 2] [--rounds 2] [--engines local,dask,ray]
    python benchmarks/bench_engine.py --count 2000 --slices 4 --engines local,ray-actors  # the old Ray engine
    python benchmarks/bench_engine.py --count 5000 --slices 5 --engines local,ray-before,ray  # 019bfa9's
    python benchmarks/bench_engine.py --count 5000 --slices 5 --engines local,ray,ray-tasks  # plain tasks
    python benchmarks/bench_engine.py --count 5000 --idle 1000 --engines ray-before,ray,ray-tasks  # idle s
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
CROPS = Path(tempfile.gettempdir()) / "preflight-bench-engine"


def make_crops(count: int) -> list[Path]:
    """`count` JPEGs cut from the realdata photos (made once, reused)."""
    CROPS.mkdir(parents=True, exist_ok=True)
    paths = [CROPS / f"crop_{i:05d}.jpg" for i in range(count)]
    missing = [p for p in paths if not p.exists()]
    if not missing:
        return paths
    sources = sorted(p for p in REALDATA.rglob("*") if p.suffix.lower() in
                     {".jpg", ".jpeg", ".png", ".webp"})
    photos = []
    for src in sources:
        try:
            with Image.open(src) as im:
                im = ImageOps.exif_transpose(im)
                im.thumbnail((1600, 1600))
                photos.append(im.convert("RGB"))
        except OSError:
            continue
    for path in missing:
        i = int(path.stem.split("_")[1])
        rng = random.Random(i)
        im = photos[i % len(photos)]
        w, h = im.size
        share = rng.uniform(0.4, 1.0)
        cw = min(w, max(64, int(w * share)))
        ch = min(h, max(64, int(h * rng.uniform(0.4, 1.0))))
        x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = im.crop((x0, y0, x0 + cw, y0 + ch))
        if rng.random() < 0.5:
            crop = ImageOps.mirror(crop)
        side = rng.randint(600, 1200)
        f = side / max(crop.size)
        crop = crop.resize((max(1, round(crop.size[0] * f)), max(1, round(crop.size[1] * f))),
                           Image.Resampling.BILINEAR)
        crop.save(path, "JPEG", quality=rng.randint(85, 92))
    return paths


def timed_pass(refs, settings) -> float:
    """Seconds for one image pass."""
    from listing_preflight.images.pipeline import run_pass

    start = time.perf_counter()
    result = run_pass(refs, settings)
    seconds = time.perf_counter() - start
    assert result.decoded == len(refs), (result.decoded, len(refs))
    return seconds


def main() -> None:
    """Measure and print images/s per engine and the warm/cold ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engines", default="local,dask,ray")
    parser.add_argument("--slices", type=int, default=0)
    parser.add_argument("--idle", type=int, default=0, metavar="N",
                        help="Ray variants only: workers' idle seconds in passes of N images")
    parser.add_argument("--cpu-only", type=int, default=0, metavar="N",
                        help="only the CPU cost per image of N images in this process")
    args = parser.parse_args()
    if args.cpu_only:
        cpu_rate(args.cpu_only)
        return
    if args.idle:
        idle_time(args)
        return
    if args.slices:
        interleaved(args)
        return

    from listing_preflight.images.pipeline import ImageSettings, session

    t = time.perf_counter()
    paths = make_crops(args.count + 40)
    print(f"{args.count} JPEGs cut from {REALDATA} in {CROPS} ({time.perf_counter() - t:.0f} s)",
          flush=True)
    refs = [(p.name, str(CROPS)) for p in paths[: args.count]]
    warmup = [(p.name, str(CROPS)) for p in paths[args.count :]]
    engines = args.engines.split(",")
    total: dict[str, list[float]] = {e: [] for e in engines}
    steady: dict[str, list[float]] = {e: [] for e in engines}
    for rnd in range(args.rounds):
        for engine in engines:
            settings = ImageSettings(jobs=args.jobs, cache_dir=None, engine=engine)
            start = time.perf_counter()
            with session():
                timed_pass(warmup, settings)  # start-up (pool or cluster) + 40 images
                up = time.perf_counter() - start
                seconds = timed_pass(refs, settings)
            total[engine].append((len(refs) + len(warmup)) / (up + seconds))
            steady[engine].append(len(refs) / seconds)
            print(f"round {rnd + 1} {engine:5s}: start-up + 40 images {up:5.1f} s, "
                  f"{len(refs)} images {seconds:5.1f} s = {len(refs) / seconds:6.1f} images/s",
                  flush=True)
    base = max(total["local"]) if "local" in total else None
    print(f"\nimages/s at {args.jobs} workers (best of {args.rounds} rounds):")
    for engine in engines:
        line = f"  {engine:5s}: total {max(total[engine]):6.1f}, steady {max(steady[engine]):6.1f}"
        if base and engine != "local":
            line += (f"   overhead vs local: {100 * (1 - max(steady[engine]) / base):+.1f} % steady, "
                     f"{100 * (1 - max(total[engine]) / base):+.1f} % with start-up")
        print(line)
    print(f"  per-core rate (local): {base / args.jobs:.1f} images/s/core" if base else "")

    store = Path(tempfile.mkdtemp(prefix="preflight-store-bench-"))
    try:
        settings = ImageSettings(jobs=args.jobs, cache_dir=store)
        cold = timed_pass(refs, settings)
        from listing_preflight.images.pipeline import run_pass

        start = time.perf_counter()
        again = run_pass(refs, settings)
        warm = time.perf_counter() - start
        assert again.cache_hits == len(refs)
        print(f"feature store: cold {cold:.1f} s, warm {warm:.2f} s = {cold / warm:.0f}x "
              f"(target >= 20x)")
    finally:
        shutil.rmtree(store, ignore_errors=True)


def cpu_rate(count: int) -> None:
    """Images per CPU-second in one process (CPU time: what a dedicated core would do).

    On a shared machine wall-clock rates measure the other jobs as much as ours; the CPU time
    one process spends per image does not, and it is what sizing a cluster needs.
    """
    from listing_preflight.images.extract import extract_paths, init_worker, one_cv_thread

    paths = [str(p) for p in make_crops(count)]
    init_worker()
    extract_paths([(paths[0], 100_000_000)])  # model loaded, caches warm
    with one_cv_thread():
        cpu, wall = time.process_time(), time.perf_counter()
        extract_paths([(p, 100_000_000) for p in paths])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{count} images in one process: {cpu:.1f} CPU s ({count / cpu:.1f} images per "
          f"CPU-second), {wall:.1f} s wall")


class RayActorPool:
    """`ray-actors`: the first Ray engine, kept here only to measure what replacing it won.

    A Ray Data `ActorPoolStrategy` per pass (each pass starts 2 actors that import the stack and
    load the network), batches of 16; the engine now runs tasks on Ray's long-lived workers.
    Run it in its own process (`--engines local,ray-actors`): sharing one Ray instance with
    `ray` makes the two evict each other's warm workers.
    """

    def __init__(self, settings) -> None:
        from listing_preflight.images.engines import open_engine

        self.engine = open_engine("ray", None, settings.workers(), settings)
        self.settings = settings

    def extract(self, jobs, on_done):
        """location -> (digest, features), the old way."""
        import ray.data

        from listing_preflight.images.engines.ray_engine import extract_batch
        from listing_preflight.images.engines.work import decode_results, warm_up

        class Extractor:
            def __init__(self) -> None:
                warm_up()

            def __call__(self, batch):
                return extract_batch(batch, 100_000_000, None)

        ds = ray.data.from_items([{"kind": k, "location": v} for k, v in jobs],
                                 override_num_blocks=max(1, len(jobs) // 16)).map_batches(
            Extractor, batch_size=16, num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=self.engine.workers,
                                               max_tasks_in_flight_per_actor=2))
        out = {}
        for b in ds.iter_batches(batch_size=None, batch_format="numpy"):
            out.update(decode_results(list(zip(b["location"].tolist(), b["digest"].tolist(),
                                               b["data"].tolist()))))
        return out

    def close(self) -> None:
        """Stop Ray."""
        self.engine.close()


def ray_before(settings):
    """`ray-before`: the Ray engine as it was at 019bfa9 (to measure what the changes won).

    Tasks of 128 images cut by Ray Data from equal blocks, one task per CPU in flight, Ray
    Data's operator reservation on. Shares the Ray instance (and its warm workers) with `ray`.
    """
    import ray.data

    from listing_preflight.images.engines import open_engine
    from listing_preflight.images.engines.ray_engine import RETRIES, extract_batch

    engine = open_engine("ray", None, settings.workers(), settings)

    def dataset(jobs):
        ctx = ray.data.DataContext.get_current()
        ctx.op_resource_reservation_enabled = True
        size = max(1, min(128, -(-len(jobs) // engine.workers)))
        blocks = max(1, -(-len(jobs) // size))
        return ray.data.from_items([{"kind": k, "location": v} for k, v in jobs],
                                   override_num_blocks=blocks).map_batches(
            extract_batch, batch_size=size, num_cpus=1,
            concurrency=max(1, min(engine.workers, blocks)),
            fn_kwargs={"max_pixels": settings.max_pixels, "fetch": settings.fetch},
            ray_remote_args_fn=lambda: {"max_retries": RETRIES})

    engine._dataset = dataset  # noqa: SLF001 - a benchmark's look back
    return engine


def ray_tasks(settings):
    """`ray-tasks`: plain Ray tasks instead of Ray Data, as a measured comparison.

    The same tasks (`task_sizes`, `extract_batch`, one CPU and RETRIES each) submitted with
    `ray.remote` and at most IN_FLIGHT per worker in flight (`ray.wait` as backpressure).
    """
    import ray

    from listing_preflight.images.engines import open_engine
    from listing_preflight.images.engines.ray_engine import (
        IN_FLIGHT, RETRIES, extract_batch, task_sizes)
    from listing_preflight.images.engines.work import decode_results

    engine = open_engine("ray", None, settings.workers(), settings)
    task = ray.remote(num_cpus=1, max_retries=RETRIES)(extract_batch)

    def extract(jobs, on_done):
        batches, start = [], 0
        for size in task_sizes(len(jobs), engine.workers):
            part = jobs[start : start + size]
            batches.append({"kind": np.array([k for k, _ in part], dtype=object),
                            "location": np.array([v for _, v in part], dtype=object)})
            start += size
        out, pending, done = {}, [], 0
        while done < len(batches) or pending:
            while done < len(batches) and len(pending) < IN_FLIGHT * engine.workers:
                pending.append(task.remote(batches[done], settings.max_pixels, settings.fetch))
                done += 1
            ready, pending = ray.wait(pending, num_returns=1)
            for ref in ready:
                b = ray.get(ref)
                out.update(decode_results(list(zip(b["location"].tolist(), b["digest"].tolist(),
                                                   b["data"].tolist()))))
        return out

    import numpy as np

    engine.extract = extract
    return engine


TASK_LOG = Path(tempfile.gettempdir()) / "preflight-bench-engine-tasks.log"


def timed_batch(batch, max_pixels, fetch):
    """`extract_batch` that appends (worker pid, start, end) to TASK_LOG (pickled by value)."""
    import os

    from listing_preflight.images.engines import ray_engine

    start = time.time()
    out = ray_engine.extract_batch(batch, max_pixels, fetch)
    with open(TASK_LOG, "a") as fh:
        fh.write(f"{os.getpid()} {start} {time.time()}\n")
    return out


def idle_time(args: argparse.Namespace) -> None:
    """Ray variants in turns on passes of N images: where the workers sat idle, from task times.

    Per pass, summed over the workers: `first` = pass start to the worker's first task, `gaps` =
    between its tasks, `tail` = its last task's end to the pass end. Wall-clock rates on a
    shared machine measure the other jobs too; these seconds are mostly fixed latencies
    (Ray Data's polling, reservations, a last big task) that show whatever the load.
    """
    import statistics

    from listing_preflight.images.engines import open_engine, ray_engine
    from listing_preflight.images.pipeline import ImageSettings

    plain = ray_engine.extract_batch
    paths = [str(p) for p in make_crops(args.count + 40)]
    settings = ImageSettings(jobs=args.jobs, cache_dir=None)
    makers = {"ray": lambda s: open_engine("ray", None, args.jobs, s),
              "ray-before": ray_before, "ray-tasks": ray_tasks}
    names = [e for e in args.engines.split(",") if e in makers]
    # Every variant looks it up when it builds a pass; in the workers (their own, unpatched
    # import of ray_engine) the wrapper calls the real one.
    ray_engine.extract_batch = timed_batch
    opened = {}
    try:
        for name in names:
            opened[name] = makers[name](settings)
            opened[name].extract([("path", p) for p in paths[args.count :]], lambda n: None)
        seen: dict[str, list[tuple[float, float, float, float]]] = {e: [] for e in names}
        for k in range(max(1, args.count // args.idle)):
            part = paths[k * args.idle : (k + 1) * args.idle]
            for name in names:
                TASK_LOG.unlink(missing_ok=True)
                start = time.time()
                out = opened[name].extract([("path", p) for p in part], lambda n: None)
                end = time.time()
                assert len(out) == len(part)
                tasks: dict[str, list[tuple[float, float]]] = {}
                for line in TASK_LOG.read_text().splitlines():
                    pid, t0, t1 = line.split()
                    tasks.setdefault(pid, []).append((float(t0), float(t1)))
                # a worker that got no task at all waited the whole pass for its first one
                first = (sum(min(t for t, _ in v) - start for v in tasks.values())
                         + max(0, args.jobs - len(tasks)) * (end - start))
                tail = sum(end - max(t for _, t in v) for v in tasks.values())
                gaps = sum(b[0] - a[1] for v in tasks.values()
                           for a, b in zip(sorted(v), sorted(v)[1:]))
                seen[name].append((end - start, first, gaps, tail))
                print(f"pass {k + 1} {name:10s}: {len(part) / (end - start):6.1f} images/s, idle "
                      f"first {first:.2f} + gaps {gaps:.2f} + tail {tail:.2f} s "
                      f"({len(tasks)} workers)", flush=True)
    finally:
        ray_engine.extract_batch = plain
        for engine in opened.values():
            engine.close()
        TASK_LOG.unlink(missing_ok=True)
    print(f"\nmean idle worker-seconds per pass of {args.idle} images, {args.jobs} workers:")
    for name in names:
        rows = seen[name]
        first, gaps, tail = (statistics.mean(r[i] for r in rows) for i in (1, 2, 3))
        wall = statistics.mean(r[0] for r in rows)
        print(f"  {name:10s}: first {first:.2f} + gaps {gaps:.2f} + tail {tail:.2f} = "
              f"{first + gaps + tail:.2f} s of {args.jobs * wall:.1f} worker-seconds "
              f"({100 * (first + gaps + tail) / (args.jobs * wall):.0f} %)")


def interleaved(args: argparse.Namespace) -> None:
    """All engines up at once, taking turns on slices of the images (see the module doc)."""
    import statistics

    from listing_preflight.images.engines import open_engine
    from listing_preflight.images.engines.local import pool_extract, start_pool
    from listing_preflight.images.pipeline import ImageSettings

    paths = [str(p) for p in make_crops(args.count + 40)]
    jobs, warm = paths[: args.count], paths[args.count :]
    engines = args.engines.split(",")
    settings = ImageSettings(jobs=args.jobs, cache_dir=None)
    opened, pool, up = {}, None, {}
    noop = lambda n: None  # noqa: E731
    for name in engines:
        start = time.perf_counter()
        if name == "local":
            pool = start_pool(args.jobs)
            pool_extract([(p, settings.max_pixels) for p in warm], args.jobs, 8, noop, pool)
        else:
            opened[name] = (RayActorPool(settings) if name == "ray-actors"
                            else ray_before(settings) if name == "ray-before"
                            else ray_tasks(settings) if name == "ray-tasks"
                            else open_engine(name, None, args.jobs, settings))
            opened[name].extract([("path", p) for p in warm], noop)
        up[name] = time.perf_counter() - start
        print(f"{name}: up (+40 images) in {up[name]:.1f} s", flush=True)
    size = -(-len(jobs) // args.slices)
    spent: dict[str, list[float]] = {e: [] for e in engines}
    try:
        for k in range(args.slices):
            part = jobs[k * size : (k + 1) * size]
            for name in engines:
                start = time.perf_counter()
                if name == "local":
                    out, _ = pool_extract([(p, settings.max_pixels) for p in part], args.jobs, 8,
                                          noop, pool)
                else:
                    out = opened[name].extract([("path", p) for p in part], noop)
                assert len(out) == len(part)
                spent[name].append(time.perf_counter() - start)
            print(f"slice {k + 1}/{args.slices}: " + ", ".join(
                f"{e} {len(part) / spent[e][-1]:.1f}/s" for e in engines), flush=True)
    finally:
        if pool is not None:
            pool.shutdown()
        for engine in opened.values():
            engine.close()
    print(f"\nimages/s at {args.jobs} workers, {len(jobs)} images in {args.slices} interleaved slices:")
    for name in engines:
        rate = len(jobs) / sum(spent[name])
        whole = (len(jobs) + len(warm)) / (up[name] + sum(spent[name]))
        line = (f"  {name:5s}: {rate:6.1f} images/s ({rate / args.jobs:.1f} per core), "
                f"{whole:6.1f} with its start-up")
        if name != "local" and "local" in spent:
            ratio = statistics.median(a / b for a, b in zip(spent["local"], spent[name]))
            line += (f"; vs local: {100 * (rate * sum(spent['local']) / len(jobs) - 1):+.1f} % "
                     f"overall, median per-slice ratio {ratio:.2f}")
        print(line)


if __name__ == "__main__":
    main()
