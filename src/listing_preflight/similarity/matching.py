"""Candidate search + scoring: catalog against a reference index, and within a catalog.

Inputs are hash arrays (numpy uint64) in the layout of images.hashing.HASH_COLUMNS; outputs are
polars frames of index pairs with their similarity. Candidates come from the exact multi-index
search on the box phash (queried plain, mirrored, with the box turned by +-2.5/+-5 degrees
and, within a catalog, with the whole-frame phash and the outer box), so nothing is compared
all-pairs; every pair the score could put at or above the threshold has one of those distances
within the search radius (score.search_radius).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ..images.hashing import TURN_COLUMNS
from . import score
from .search import MultiIndex, hamming

_EMPTY_PAIRS = {"a": pl.Int64, "b": pl.Int64, "similarity": pl.Float64}


@dataclass
class HashArrays:
    """The similarity hashes of n images, as parallel uint64 arrays."""

    phash: np.ndarray
    dhash: np.ndarray
    phash_mirror: np.ndarray
    dhash_mirror: np.ndarray
    color: np.ndarray
    # Whole-frame hashes: a photo pasted on a canvas is boxed to itself, which is the whole
    # frame of the original when the original's own border was not uniform enough to box in.
    frame_phash: np.ndarray | None = None
    frame_dhash: np.ndarray | None = None
    # (n, 4): the box turned by -5, -2.5, 2.5, 5 degrees (images.hashing.TURN_COLUMNS). A copy
    # turned by up to 5 degrees meets one image's turned box with the other's plain box.
    turn_phash: np.ndarray | None = None
    turn_dhash: np.ndarray | None = None
    # The pasted photo's rectangle (images.hashing: a photo pasted on a canvas, where the box
    # is the product inside it): the same photo pasted at another size may stop earlier.
    outer_phash: np.ndarray | None = None
    outer_dhash: np.ndarray | None = None

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> HashArrays:
        """Arrays from a frame with the img_crop_* and img_color columns (no nulls)."""
        def col(name: str) -> np.ndarray:
            return frame.get_column(name).cast(pl.UInt64).to_numpy().astype(np.uint64, copy=False)

        def both(phash: str, dhash: str) -> tuple[np.ndarray | None, np.ndarray | None]:
            present = phash in frame.columns and dhash in frame.columns
            return (col(phash), col(dhash)) if present else (None, None)

        turn_cols = all(c in frame.columns for pair in TURN_COLUMNS for c in pair)
        turns = [np.stack([col(pair[k]) for pair in TURN_COLUMNS], axis=1) if turn_cols else None
                 for k in (0, 1)]
        return cls(col("img_crop_phash"), col("img_crop_dhash"), col("img_crop_phash_mirror"),
                   col("img_crop_dhash_mirror"), col("img_color"), *both("img_phash", "img_dhash"),
                   turns[0], turns[1], *both("img_outer_phash", "img_outer_dhash"))

    def __len__(self) -> int:
        return int(self.phash.size)

    def take(self, index: np.ndarray) -> HashArrays:
        """The rows at `index`."""
        return HashArrays(*(None if v is None else v[index] for v in (
            self.phash, self.dhash, self.phash_mirror, self.dhash_mirror, self.color,
            self.frame_phash, self.frame_dhash, self.turn_phash, self.turn_dhash,
            self.outer_phash, self.outer_dhash)))


def pair_similarity(a: HashArrays, b: HashArrays) -> np.ndarray:
    """Similarity of aligned pairs (a[k], b[k]).

    Best of: box vs box, box vs mirrored box, and (when whole-frame hashes are present) one
    image's box vs the other's whole frame, both ways; the turned boxes against the plain
    ones; one image's box, outer box or turned box against the other's outer box.
    """
    units = np.minimum(
        score.structure_units(hamming(a.phash, b.phash), hamming(a.dhash, b.dhash)),
        score.structure_units(hamming(a.phash, b.phash_mirror), hamming(a.dhash, b.dhash_mirror)),
    )
    if a.frame_phash is not None and b.frame_phash is not None:
        units = np.minimum(units, score.structure_units(hamming(a.frame_phash, b.phash),
                                                        hamming(a.frame_dhash, b.dhash)))
        units = np.minimum(units, score.structure_units(hamming(a.phash, b.frame_phash),
                                                        hamming(a.dhash, b.frame_dhash)))
        # The same photo saved again: the whole frames agree (stricter cutoffs, see score.py).
        units = np.minimum(units, score.frame_units(hamming(a.frame_phash, b.frame_phash),
                                                    hamming(a.frame_dhash, b.frame_dhash)))
    outers = a.outer_phash is not None and b.outer_phash is not None
    # One image's box (and, where both have one, its outer box) against the other's turned
    # boxes: a pasted photo's turned hashes are of its rectangle (images.hashing.turn_base),
    # and a turned copy may still be boxed down to the product inside it.
    targets = [(a.phash, a.dhash, b.phash, b.dhash)]
    if outers:
        targets.append((a.outer_phash, a.outer_dhash, b.outer_phash, b.outer_dhash))
    if a.turn_phash is not None and b.turn_phash is not None:
        for t in range(a.turn_phash.shape[1]):
            for ap, ad, bp, bd in targets:
                units = np.minimum(units, score.structure_units(
                    hamming(a.turn_phash[:, t], bp), hamming(a.turn_dhash[:, t], bd)))
                units = np.minimum(units, score.structure_units(
                    hamming(ap, b.turn_phash[:, t]), hamming(ad, b.turn_dhash[:, t])))
    if outers:
        for ap, ad, bp, bd in ((a.phash, a.dhash, b.outer_phash, b.outer_dhash),
                               (a.outer_phash, a.outer_dhash, b.phash, b.dhash),
                               (a.outer_phash, a.outer_dhash, b.outer_phash, b.outer_dhash)):
            units = np.minimum(units, score.structure_units(hamming(ap, bp), hamming(ad, bd)))
    return score.similarity(units, score.colour_distance(a.color, b.color))


def _best_pairs(a: np.ndarray, b: np.ndarray, sim: np.ndarray, threshold: float) -> pl.DataFrame:
    frame = pl.DataFrame({"a": a, "b": b, "similarity": sim}, schema=_EMPTY_PAIRS)
    return (
        frame.filter(pl.col("similarity") >= threshold - 1e-9)
        .group_by("a", "b").agg(pl.col("similarity").max())
        .sort("a", "b")
    )


def near_duplicates(hashes: HashArrays, threshold: float = score.AT_CUTOFF) -> pl.DataFrame:
    """Pairs (a < b) of images within one set scoring >= threshold: columns a, b, similarity."""
    if len(hashes) < 2:
        return pl.DataFrame(schema=_EMPTY_PAIRS)
    radius = score.search_radius(threshold)
    n = len(hashes)
    # The index holds every box hash and its turned variants (owner = the image), queried with
    # the plain boxes only: a turned copy meets one image's turned box with the other's plain
    # box, whichever side is turned, so the turned hashes add index entries but no queries.
    # Outer boxes that differ from the box (a photo pasted on a canvas, rare) are entries and
    # queries both: box meets outer box either way round.
    every = np.arange(n)
    outer = (np.zeros(0, np.int64) if hashes.outer_phash is None
             else np.flatnonzero(hashes.outer_phash != hashes.phash))
    entries, owner = [hashes.phash], [every]
    if hashes.turn_phash is not None:
        entries.append(hashes.turn_phash.T.ravel())
        owner.append(np.tile(every, hashes.turn_phash.shape[1]))
    if outer.size:
        entries.append(hashes.outer_phash[outer])
        owner.append(outer)
    index, owners = MultiIndex(np.concatenate(entries), radius), np.concatenate(owner)
    searches = [(index, owners, hashes.phash, every), (index, owners, hashes.phash_mirror, every)]
    if hashes.frame_phash is not None:   # whole frame of one vs box of the other
        searches.append((index, owners, hashes.frame_phash, every))
        # whole frame vs whole frame (the same photo)
        searches.append((MultiIndex(hashes.frame_phash, score.frame_radius(threshold)), every,
                         hashes.frame_phash, every))
    if outer.size:
        searches.append((index, owners, hashes.outer_phash[outer], outer))
    found_a, found_b = [], []
    for searched, entry_owner, queries, query_owner in searches:
        q, i, _ = searched.query(queries)
        q, i = query_owner[q], entry_owner[i]
        keep = q != i
        found_a.append(np.minimum(q[keep], i[keep]))
        found_b.append(np.maximum(q[keep], i[keep]))
    key = np.unique(np.concatenate(found_a).astype(np.int64) * n + np.concatenate(found_b))
    if key.size == 0:
        return pl.DataFrame(schema=_EMPTY_PAIRS)
    a, b = key // n, key % n  # each pair scored once, however many hashes met
    sim = pair_similarity(hashes.take(a), hashes.take(b))
    return _best_pairs(a, b, sim, threshold)


@dataclass
class ReferenceHashes:
    """Reference images: per image colour; per cropped variant the image id, phash and dhash."""

    color: np.ndarray          # (n_images,) packed colour
    variant_image: np.ndarray  # (n_variants,) int64 image index
    variant_phash: np.ndarray  # (n_variants,) uint64
    variant_dhash: np.ndarray  # (n_variants,) uint64


def match_references(queries: HashArrays, refs: ReferenceHashes,
                     threshold: float = score.AT_CUTOFF) -> pl.DataFrame:
    """Pairs (a = query index, b = reference image index) scoring >= threshold."""
    if len(queries) == 0 or refs.variant_phash.size == 0:
        return pl.DataFrame(schema=_EMPTY_PAIRS)
    radius = score.search_radius(threshold)
    index = MultiIndex(refs.variant_phash, radius)
    found_a, found_b, found_units = [], [], []
    query_sets = [(queries.phash, queries.dhash), (queries.phash_mirror, queries.dhash_mirror)]
    if queries.turn_phash is not None:  # the query's turned boxes: finer steps between the
        # reference's own turned variants, and a little jitter against its cropped ones
        query_sets += [(np.ascontiguousarray(queries.turn_phash[:, t]), queries.turn_dhash[:, t])
                       for t in range(queries.turn_phash.shape[1])]
    for phashes, dhashes in query_sets:
        q, v, dp = index.query(phashes)
        dd = hamming(dhashes[q], refs.variant_dhash[v])
        found_a.append(q)
        found_b.append(refs.variant_image[v])
        found_units.append(score.structure_units(dp, dd))
    a, b, units = (np.concatenate(x) for x in (found_a, found_b, found_units))
    if a.size == 0:
        return pl.DataFrame(schema=_EMPTY_PAIRS)
    colour = score.colour_distance(queries.color[a], refs.color[b])
    return _best_pairs(a, b, score.similarity(units, colour), threshold)
