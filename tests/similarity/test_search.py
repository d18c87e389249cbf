"""Multi-index Hamming search: exact for the radius (same pairs as brute force), never all-pairs."""

from __future__ import annotations

import numpy as np
import pytest

from listing_preflight.similarity.search import (
    MultiIndex,
    brute_force_pairs,
    permute_bits,
    plan_chunks,
    popcount,
    radius_pairs,
    self_pairs,
)


def planted(n: int, seed: int, biased: bool = False) -> np.ndarray:
    """Random hashes plus near copies with 0..12 flipped bits (optionally with constant bits)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**63, n, dtype=np.int64).astype(np.uint64) << np.uint64(1)
    base |= rng.integers(0, 2, n).astype(np.uint64)
    if biased:   # like phash on white backgrounds: a few bits nearly constant
        base |= np.uint64(0xFF00_0000_0000_0001)
    copies = base[rng.integers(0, n, n // 10)].copy()
    for k in range(copies.size):
        for bit in rng.choice(64, rng.integers(0, 13), replace=False):
            copies[k] ^= np.uint64(1) << np.uint64(bit)
    return np.concatenate([base, copies])


def as_set(q, i):
    return set(zip(q.tolist(), i.tolist()))


@pytest.mark.parametrize("radius", [0, 1, 4, 8, 10, 12])
@pytest.mark.parametrize("biased", [False, True])
def test_self_pairs_equal_brute_force(radius, biased):
    hashes = planted(3000, seed=radius, biased=biased)
    q, i, d = self_pairs(hashes, radius)
    bq, bi, _ = brute_force_pairs(hashes, hashes, radius)
    keep = bq < bi
    assert as_set(q, i) == as_set(bq[keep], bi[keep])
    assert (d <= radius).all() and (q < i).all()
    assert np.array_equal(d, popcount(hashes[q] ^ hashes[i]))


def test_query_against_other_set_equals_brute_force():
    targets = planted(4000, seed=1)
    queries = targets[::7] ^ np.uint64(0b1011)   # 3 bits away from a target each
    q, i, _ = radius_pairs(queries, targets, 8)
    bq, bi, _ = brute_force_pairs(queries, targets, 8)
    assert as_set(q, i) == as_set(bq, bi)
    assert set(range(queries.size)) <= set(q.tolist())


def test_pairs_beyond_the_radius_are_not_returned():
    a = np.array([0], dtype=np.uint64)
    b = np.array([(1 << 9) - 1, (1 << 8) - 1], dtype=np.uint64)   # 9 and 8 bits away
    _, i, d = radius_pairs(a, b, 8)
    assert i.tolist() == [1] and d.tolist() == [8]


def test_chunk_plan_keeps_buckets_small_at_a_million():
    assert plan_chunks(1_000_000, 8) == 3          # 3 x ~21-bit chunks, radius 2 each
    assert plan_chunks(100, 0) == 1


def test_bit_permutation_keeps_hamming_distances():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 2**63, 500, dtype=np.int64).astype(np.uint64)
    b = rng.integers(0, 2**63, 500, dtype=np.int64).astype(np.uint64)
    order = rng.permutation(64)
    assert np.array_equal(popcount(a ^ b), popcount(permute_bits(a, order, 3) ^ permute_bits(b, order, 3)))


def test_index_refuses_a_query_radius_above_its_own():
    with pytest.raises(ValueError):
        MultiIndex(np.zeros(3, np.uint64), 4).query(np.zeros(1, np.uint64), radius=6)


def test_empty_inputs_give_no_pairs():
    q, i, d = radius_pairs(np.zeros(0, np.uint64), np.ones(3, np.uint64), 4)
    assert q.size == i.size == d.size == 0
