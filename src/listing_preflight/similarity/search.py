"""Exact Hamming-radius search over 64-bit hashes by multi-index hashing (no all-pairs).

Pigeonhole (Norouzi, Punjani & Fleet, "Fast Exact Search in Hamming Space with Multi-Index
Hashing", arXiv 1307.2982; Manku et al. 2007 for simhash): split the 64 bits into m chunks; if two
hashes differ in at most r bits, some chunk differs in at most floor(r / m) bits. Each chunk is
indexed as a direct-address table over the sorted chunk values (CSR `starts`, O(1) bucket
lookup); a query probes every chunk value within floor(r / m) bits of its own, and the
candidates are verified with a full XOR + popcount. Every pair within r is found (exact); no
pair beyond r is returned.

Real perceptual hashes are biased (phash bit 0 is always set; several bits are nearly constant
on white-background photos), which would pile items into few buckets; the bits are therefore
permuted (Hamming distance does not change) so that each chunk gets an even share of the
informative bits.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

BITS = 64
# Direct-address tables up to this many bits per chunk (2^22 entries = 32 MB); wider chunks
# use a binary search instead.
MAX_TABLE_BITS = 22
# Queries per block: bounds the memory of the probe and candidate arrays.
BLOCK = 2048

_LUT = np.array([i.bit_count() for i in range(256)], dtype=np.uint8)


def popcount(values: np.ndarray) -> np.ndarray:
    """Number of set bits of each uint64 (numpy >= 2 ufunc, LUT fallback otherwise)."""
    values = np.ascontiguousarray(values, dtype=np.uint64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(values)
    return _LUT[values.view(np.uint8)].reshape(*values.shape, 8).sum(axis=-1, dtype=np.uint8)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise Hamming distance of two uint64 arrays."""
    return popcount(np.bitwise_xor(np.asarray(a, np.uint64), np.asarray(b, np.uint64)))


def _masks(width: int, radius: int) -> np.ndarray:
    """All width-bit values with at most `radius` set bits (the probe offsets)."""
    out = [0]
    for k in range(1, radius + 1):
        out.extend(sum(1 << i for i in combo) for combo in itertools.combinations(range(width), k))
    return np.array(out, dtype=np.int64)


def _probes(width: int, radius: int) -> int:
    return sum(math.comb(width, k) for k in range(radius + 1))


def plan_chunks(n_items: int, radius: int, bits: int = BITS) -> int:
    """Number of chunks m over `bits` bits minimising probes x (1 + expected bucket size)."""
    best, best_cost = 1, math.inf
    for m in range(1, min(radius + 1, 16, bits) + 1):
        width = math.ceil(bits / m)
        per_chunk = radius // m
        cost = m * _probes(width, per_chunk) * (1 + n_items / 2.0**width)
        if cost < best_cost:
            best, best_cost = m, cost
    return best


# A bit set (or clear) in more than this share of the hashes carries almost no information:
# it is left out of the chunks. Pigeonhole holds on any subset of the bits (two hashes within r
# bits are within r bits on the subset too) and candidates are verified on all 64 bits, so
# the search stays exact; it just stops probing nearly empty buckets and stops piling hashes
# into few buckets (phash bit 0, the DC term, is always set).
CONSTANT_SHARE = 0.95
# Never chunk over fewer bits than this (the buckets would be too full).
MIN_CHUNK_BITS = 32


def bit_permutation(hashes: np.ndarray) -> tuple[np.ndarray, int]:
    """64 bit positions, most informative first, and how many of them are informative."""
    if hashes.size == 0:
        return np.arange(BITS), BITS
    sample = hashes[:: max(1, hashes.size // 100_000)]
    means = np.array([((sample >> np.uint64(b)) & np.uint64(1)).mean() for b in range(BITS)])
    order = np.argsort(np.abs(means - 0.5), kind="stable")
    informative = int((np.abs(means - 0.5) < CONSTANT_SHARE - 0.5).sum())
    return order, max(informative, MIN_CHUNK_BITS)


def permute_bits(hashes: np.ndarray, order: np.ndarray, n_chunks: int, used: int = BITS) -> np.ndarray:
    """Re-arrange bits: chunk c gets order[c], order[c + m], ... of the first `used` positions.

    The remaining (uninformative) bits go last, outside every chunk.
    """
    dealt = [order[c:used:n_chunks] for c in range(n_chunks)]
    sequence = np.concatenate([*dealt, order[used:]])
    out = np.zeros(hashes.shape, dtype=np.uint64)
    one = np.uint64(1)
    for target, source in enumerate(sequence):
        out |= ((hashes >> np.uint64(source)) & one) << np.uint64(target)
    return out


@dataclass
class _Chunk:
    shift: int
    width: int
    order: np.ndarray      # item ids sorted by chunk value
    values: np.ndarray     # sorted chunk values (for binary search) or None
    starts: np.ndarray | None  # CSR bucket starts (direct address) or None
    sizes: np.ndarray | None   # bucket sizes (direct address) or None
    occupied: np.ndarray | None  # 1 where a bucket is not empty (uint8, direct address)
    masks: np.ndarray      # probe offsets


class MultiIndex:
    """An exact Hamming-radius index over a uint64 array."""

    def __init__(self, hashes: np.ndarray, radius: int, n_chunks: int | None = None,
                 permutation: np.ndarray | None = None) -> None:
        """Index `hashes` for queries within `radius` bits."""
        if not 0 <= radius < BITS:
            raise ValueError(f"radius must be in 0..63, got {radius}")
        self.hashes = np.ascontiguousarray(hashes, dtype=np.uint64)
        self.radius = radius
        if permutation is None:
            self.order, self.used = bit_permutation(self.hashes)
        else:
            self.order, self.used = permutation, BITS
        self.n_chunks = n_chunks or plan_chunks(self.hashes.size, radius, self.used)
        self._permuted = permute_bits(self.hashes, self.order, self.n_chunks, self.used)
        self.chunks: list[_Chunk] = []
        base, extra = divmod(self.used, self.n_chunks)
        shift = 0
        for c in range(self.n_chunks):
            width = base + (1 if c < extra else 0)
            keys = ((self._permuted >> np.uint64(shift)) & np.uint64((1 << width) - 1)).astype(np.int64)
            order = np.argsort(keys, kind="stable")
            masks = _masks(width, radius // self.n_chunks)
            if width <= MAX_TABLE_BITS:
                sizes = np.bincount(keys, minlength=1 << width).astype(np.int32)
                starts = np.zeros(1 << width, dtype=np.int64)
                np.cumsum(sizes[:-1], out=starts[1:])
                values = None
                masks = masks.astype(np.int32)   # narrower probes: less memory traffic
            else:
                starts, sizes, values = None, None, keys[order]
            occupied = (sizes > 0).astype(np.uint8) if sizes is not None else None
            self.chunks.append(_Chunk(shift, width, order.astype(np.int64), values, starts, sizes,
                                      occupied, masks))
            shift += width

    def _candidates(self, chunk: _Chunk, query_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        probes = (query_keys[:, None] ^ chunk.masks[None, :]).ravel()
        if chunk.starts is not None:
            # One gather over the bucket sizes, then the (few) non-empty buckets only: at
            # 2^w >= N most probed buckets are empty.
            hit = np.flatnonzero(chunk.occupied[probes])   # a byte table stays in cache
            hit_probes = probes[hit]
            counts = chunk.sizes[hit_probes].astype(np.int64)
            lo = chunk.starts[hit_probes]
        else:
            lo = np.searchsorted(chunk.values, probes, side="left")
            counts = np.searchsorted(chunk.values, probes, side="right") - lo
            hit = np.flatnonzero(counts)
            lo, counts = lo[hit], counts[hit]
        query_of_hit = hit // chunk.masks.size
        # Most non-empty buckets hold one item when 2^w >= N: take those directly and expand
        # only the larger buckets.
        single = counts == 1
        query_ids, items = [query_of_hit[single]], [chunk.order[lo[single]]]
        if not single.all():
            many = ~single
            counts, lo = counts[many], lo[many]
            total = int(counts.sum())
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            query_ids.append(np.repeat(query_of_hit[many], counts))
            items.append(chunk.order[np.repeat(lo, counts) + offsets])
        return np.concatenate(query_ids), np.concatenate(items)

    def query(self, queries: np.ndarray, radius: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All (query index, item index, distance) with distance <= radius (default: the index's)."""
        radius = self.radius if radius is None else radius
        if radius > self.radius:
            raise ValueError(f"index was built for radius {self.radius}, asked for {radius}")
        queries = np.ascontiguousarray(queries, dtype=np.uint64)
        permuted = permute_bits(queries, self.order, self.n_chunks, self.used)
        out_q, out_i, out_d = [], [], []
        for start in range(0, queries.size, BLOCK):
            block = permuted[start:start + BLOCK]
            found_q, found_i = [], []
            for chunk in self.chunks:
                keys = ((block >> np.uint64(chunk.shift)) & np.uint64((1 << chunk.width) - 1)).astype(
                    chunk.masks.dtype)
                q, i = self._candidates(chunk, keys)
                found_q.append(q)
                found_i.append(i)
            q = np.concatenate(found_q)
            i = np.concatenate(found_i)
            if q.size == 0:
                continue
            distance = hamming(block[q], self._permuted[i])
            keep = distance <= radius
            q, i, distance = q[keep], i[keep], distance[keep]
            if self.n_chunks > 1 and q.size:   # a pair can be found through several chunks
                pair = np.sort(q * self.hashes.size + i)
                first = np.ones(pair.size, dtype=bool)
                first[1:] = pair[1:] != pair[:-1]
                pair = pair[first]
                q, i = pair // self.hashes.size, pair % self.hashes.size
                distance = hamming(block[q], self._permuted[i])
            out_q.append(q + start)
            out_i.append(i)
            out_d.append(distance)
        if not out_q:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)
        return np.concatenate(out_q), np.concatenate(out_i), np.concatenate(out_d)


def radius_pairs(queries: np.ndarray, targets: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (query index, target index, distance) within `radius` bits, exact."""
    if np.asarray(queries).size == 0 or np.asarray(targets).size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)
    return MultiIndex(targets, radius).query(queries)


def self_pairs(hashes: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (i, j, distance) with i < j and distance <= radius within one array, exact."""
    q, i, d = radius_pairs(hashes, hashes, radius)
    keep = q < i
    return q[keep], i[keep], d[keep]


def brute_force_pairs(queries: np.ndarray, targets: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reference implementation (O(n x m), tiled): for tests and benchmark baselines."""
    queries = np.asarray(queries, np.uint64)
    targets = np.asarray(targets, np.uint64)
    out_q, out_i, out_d = [], [], []
    for start in range(0, queries.size, 256):
        block = queries[start:start + 256]
        distance = popcount(block[:, None] ^ targets[None, :])
        q, i = np.nonzero(distance <= radius)
        out_q.append(q + start)
        out_i.append(i)
        out_d.append(distance[q, i])
    if not out_q:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)
    return np.concatenate(out_q), np.concatenate(out_i), np.concatenate(out_d)
