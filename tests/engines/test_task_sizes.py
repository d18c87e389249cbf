"""How the Ray engine cuts a pass into tasks: big while there is plenty, small at the end."""

from __future__ import annotations

import pytest

from listing_preflight.images.engines.tasks import BATCH, SMALLEST, task_sizes


@pytest.mark.parametrize("count", [1, 7, 40, 1000, 5000, 100_003])
@pytest.mark.parametrize("workers", [1, 2, 64])
def test_every_image_is_in_exactly_one_task_of_at_most_batch_images(count, workers):
    sizes = task_sizes(count, workers)
    assert sum(sizes) == count
    assert all(0 < size <= BATCH for size in sizes)


def test_a_long_pass_runs_full_tasks_and_ends_on_small_ones_so_both_workers_finish_together():
    sizes = task_sizes(5000, 2)
    assert sizes[0] == BATCH and sizes.count(BATCH) >= 5000 // BATCH - 8
    assert sizes == sorted(sizes, reverse=True)  # never a big task after a small one
    assert all(size <= SMALLEST for size in sizes[-4:])  # the last tasks are ~0.1 s of work


def test_a_small_pass_still_gives_every_worker_a_share():
    assert len(task_sizes(40, 2)) >= 2
    assert len(task_sizes(2 * SMALLEST * 64, 64)) >= 64
