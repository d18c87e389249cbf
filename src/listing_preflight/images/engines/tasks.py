"""How a pass is cut into tasks for a distributed engine (no engine library imported here)."""

from __future__ import annotations

# Images per task at most, ~1.1 s of work. Chosen when every task still cost ~0.15 s of idle
# scheduling (one 4,000-image pass, quiet machine: 32 a task ran 38 % below the local pool,
# 128 ran 20 % below, 256 24 % below, its last tasks leaving a worker idle).
BATCH = 128
# Images per task at least: the last tasks of a pass shrink towards this (see `task_sizes`).
SMALLEST = 16


def task_sizes(count: int, workers: int) -> list[int]:
    """Images per task for a pass of `count`: BATCH while there is plenty, then shrinking.

    A task of BATCH images is ~1 s of work; when the pass ends on one, the other worker idles
    for half of that on average. Each task here is at most 1/(2 x workers) of what is left, so
    the last tasks are small (down to SMALLEST) and the workers finish within ~0.1 s.
    """
    sizes: list[int] = []
    left = count
    while left > 0:
        size = min(BATCH, left, max(SMALLEST, left // (2 * workers)))
        sizes.append(size)
        left -= size
    return sizes
