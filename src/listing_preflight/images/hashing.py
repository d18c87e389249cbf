"""Perceptual hashes and a colour signature of a decoded (reduced, white-composited) image.

Called by the feature extractor once per unique image; the similarity rules and the reference
index use the same functions on the same decode path, so catalog and reference hashes compare.

Why these columns (calibration: benchmarks/eval_similarity.py; the score: similarity/score.py):
- Hashing the whole frame lets a re-framed copy escape (a 15 % white margin moves the whole-frame
  phash by ~16 bits, image-techniques §5.2) and makes unrelated packshots on white look alike
  (shared margins), so the similarity hashes the product box: the region that differs from the
  background colour of the border, found again inside the box while the box itself has a uniform
  border (a grey studio photo pasted on a white canvas is boxed down to the model, as the
  original is).
- A mirrored copy has an unrelated phash, so the box is also hashed mirrored.
- Greyscale hashes cannot tell colour variants of one design apart; the mean CIELAB colour of the
  product pixels can.
- A copy turned by a few degrees (a "fix" of a brand photo, a re-shoot on the same set) moves
  the box phash by 6-12 bits, so every image also stores its box turned by -5, -2.5, +2.5 and +5
  degrees (`turned_hashes`, columns TURN_COLUMNS): a copy turned by up to 5 degrees is within
  1.25 degrees of one of them. They are made cheaply, without turning pixels to find the box:
  the turned product's box is the box of the product's turned row ends, and one affine warp
  per angle samples it straight into the 32x32 the hashes start from (issue 12 §4).
- When the box was found inside a photo pasted on a canvas (three or four boxes deep), the
  photo's own rectangle is hashed too (`img_outer_*`): the same photo pasted at another size,
  or filling the canvas edge to edge, may stop earlier (its inner border no longer reads as
  uniform), and then its box is the other's outer box (issue 12 §4). A photo that fills the
  canvas on one axis is boxed between the two bars beside it (hash_box.BAR_SHARE), as it is
  when a canvas surrounds it.
- Reference images (brand photos) additionally get hashes of cropped sub-boxes
  (`crop_variants`), so that a copy cropped by a few percent (up to ~20 % on one side) still
  matches one of them.

phash and dhash follow the imagehash definitions (phash: DCT of a 32x32 greyscale, top-left 8x8
coefficients above their median; dhash: 9x8 greyscale, left pixel brighter than its right
neighbour). Every hash of an image starts from one 32x32 area reduction per region (`_shrink`),
and the DCT rows and the 9x8 area grid are precomputed matrices applied to all of an image's
32x32 arrays in one batch; the mirrored box hashes come from the same coefficients (a mirrored
signal's DCT coefficient k is multiplied by (-1)^k). Per real photo this costs 0.8x what the
single-hash version (HASH_VERSION 4) cost while computing 8 more hashes
(benchmarks/bench_similarity_hashes.py).
"""

from __future__ import annotations

import cv2
import numpy as np
import polars as pl

from .hash_box import (
    BACKGROUND_TOLERANCE,
    MIN_PRODUCT_SHARE,
    box_path,
    fine_box,
    product_box,  # noqa: F401 - re-exported: the box of a picture, as the hashes see it
)
from .row_ends import row_end_points

# Bump when the hash definition changes: cached features of an older version are recomputed.
HASH_VERSION = "8"  # 3: faster hash input resampling; 4: box hashed from the working image;
# 5: box edges located on the working image, one shared 32x32 resize, turned box hashes;
# 6: the outer box (a photo pasted on a canvas) hashed too; 7: a photo between two bars is
# boxed (hash_box.BAR_SHARE), the outer box is the pasted photo however deep the path;
# 8: hashed inside a frame drawn round the photo (extract.hash_sources)

HASH_COLUMNS: dict[str, pl.DataType] = {
    "img_phash": pl.UInt64(),  # DCT hash of the whole frame
    "img_dhash": pl.UInt64(),  # gradient hash of the whole frame
    "img_crop_phash": pl.UInt64(),  # DCT hash of the product box
    "img_crop_dhash": pl.UInt64(),  # gradient hash of the product box
    "img_crop_phash_mirror": pl.UInt64(),  # the same two hashes of the box mirrored left-right
    "img_crop_dhash_mirror": pl.UInt64(),
    "img_color": pl.UInt64(),  # mean CIELAB of the product, top and bottom half
    # The pasted photo's rectangle (the photo the product was boxed in on a canvas); the product
    # box's own hashes where there is no such level.
    "img_outer_phash": pl.UInt64(),
    "img_outer_dhash": pl.UInt64(),
}
#: (phash, dhash) column names of the product box turned by each of ROTATIONS (-5, -2.5, 2.5,
#: 5 degrees): a copy turned by up to 5 degrees meets one of them (similarity/matching.py).
TURN_COLUMNS = tuple((f"img_crop_phash_turn{i}", f"img_crop_dhash_turn{i}") for i in range(4))
HASH_COLUMNS.update({name: pl.UInt64() for pair in TURN_COLUMNS for name in pair})

#: The feature columns the similarity rules need.
SIMILARITY_COLUMNS = (
    "img_crop_phash",
    "img_crop_dhash",
    "img_crop_phash_mirror",
    "img_crop_dhash_mirror",
    "img_color",
    "img_phash",
    "img_dhash",
    *(name for pair in TURN_COLUMNS for name in pair),
    "img_outer_phash",
    "img_outer_dhash",
)

# A pixel is "product" for the colour signature when its darkest channel is below this.
WHITE_LEVEL = 235
# Sides trimmed from a reference box, as fractions, for the cropped-copy variants.
CROP_STEPS = (0.04, 0.08)
# Wider trims, only on one side, two opposite sides or all four (masks over left, right, top,
# bottom bits), for copies cropped by 10-20 %.
WIDE_CROP_STEPS = (0.12, 0.16)
WIDE_CROP_MASKS = (0b0001, 0b0010, 0b0100, 0b1000, 0b0011, 0b1100, 0b1111)
# Rotations (degrees) a reference image is also hashed at: copies turned by up to 5 degrees.
ROTATIONS = (-5.0, -2.5, 2.5, 5.0)
# Catalog images store their box hashed at each of ROTATIONS too (img_crop_*_turn<i>), so a
# copy turned by up to 5 degrees meets one of them: turned regions are at most this many px
# (long side), with this margin around the box (sin 5 deg = 0.087 of the other side, < half
# of it per side).
TURN_SIDE = 64
TURN_MARGIN = 0.06
# turned = _TURNS[a] @ (p - centre) + centre: counter-clockwise on screen (y down) by
# ROTATIONS[a], as cv2.getRotationMatrix2D and PIL's rotate turn
_TURNS = np.array([[[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]] for t in np.deg2rad(ROTATIONS)])


def _shrink(grey: np.ndarray) -> np.ndarray:
    """The 32x32 float32 area average every hash starts from (one resize shared by all).

    A bilinear step of less than 2x to the nearest multiple of 32 per axis, then OpenCV's fast
    integer INTER_AREA path: ~4x cheaper than INTER_AREA at a fractional ratio, and, unlike
    cutting the remainder off one side, symmetric (a mirrored copy shrinks to the mirror).
    """
    h, w = grey.shape
    size = (32 * max(1, w // 32), 32 * max(1, h // 32))
    if size != (w, h):
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_LINEAR)
    if size != (32, 32):
        grey = cv2.resize(grey, (32, 32), interpolation=cv2.INTER_AREA)
    return grey.astype(np.float32)


def _area_matrix(n_out: int, n_in: int) -> np.ndarray:
    """Rows: the INTER_AREA weights of each output pixel over the input pixels."""
    edges = np.arange(n_out + 1) * n_in / n_out
    left, right = edges[:-1, None], edges[1:, None]
    n = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(right, n + 1) - np.maximum(left, n), 0, None)
    return (overlap / (n_in / n_out)).astype(np.float32)


def _dct_rows(n_out: int, n_in: int) -> np.ndarray:
    """The first n_out rows of the orthonormal DCT-II matrix (cv2.dct's scaling)."""
    k, n = np.arange(n_out)[:, None], np.arange(n_in)[None, :]
    m = np.cos(np.pi * (2 * n + 1) * k / (2 * n_in)) * np.sqrt(2 / n_in)
    m[0] /= np.sqrt(2)
    return m.astype(np.float32)


# Precomputed: the 8x8 low DCT coefficients and the 9x8 dhash grid of a 32x32 array are two
# small matrix products each, batched over every hash of an image (no per-hash OpenCV calls).
_DCT8 = _dct_rows(8, 32)
_AREA9 = _area_matrix(9, 32)
_AREA8 = _area_matrix(8, 32)
# DCT-II of a left-right flipped signal: coefficient k times (-1)^k, so the mirrored image's
# phash comes from the same 8x8 coefficients without a second resize or transform.
_MIRROR_SIGN = np.where(np.arange(8) % 2 == 1, -1.0, 1.0).astype(np.float32)[None, :]


def _pack_rows(bits: np.ndarray) -> list[int]:
    """Each row of 64 booleans as a big-endian 64-bit int."""
    packed = np.packbits(bits.reshape(len(bits), 64), axis=1)
    return packed.view(">u8").ravel().tolist()


def _hash_batch(smalls: np.ndarray, mirrors: bool = False) -> tuple[list[int], ...]:
    """phashes, dhashes (and mirrored ones) of a stack of 32x32 float32 arrays."""
    low = _DCT8 @ smalls @ _DCT8.T  # (m, 8, 8)
    grid = _AREA8 @ smalls @ _AREA9.T  # (m, 8, 9)
    # above the median of the 64 (np.median: the mean of the two middle values)
    def above(c: np.ndarray) -> np.ndarray:
        flat = c.reshape(len(c), 64)
        mid = np.partition(flat, (31, 32), axis=1)
        return flat > ((mid[:, 31] + mid[:, 32]) / 2)[:, None]

    out = (_pack_rows(above(low)), _pack_rows(grid[:, :, 1:] > grid[:, :, :-1]))
    if mirrors:
        flipped = grid[:, :, ::-1]
        out += (_pack_rows(above(low * _MIRROR_SIGN)), _pack_rows(flipped[:, :, 1:] > flipped[:, :, :-1]))
    return out


def hash_set(grey: np.ndarray) -> tuple[int, int, int, int]:
    """(phash, dhash, mirrored phash, mirrored dhash) of a greyscale uint8 array."""
    p, d, pm, dm = _hash_batch(_shrink(grey)[None], mirrors=True)
    return p[0], d[0], pm[0], dm[0]


def hash_pair(grey: np.ndarray) -> tuple[int, int]:
    """(phash, dhash) of a greyscale uint8 array, from one shared 32x32 reduction."""
    p, d = _hash_batch(_shrink(grey)[None])
    return p[0], d[0]


def phash(grey: np.ndarray) -> int:
    """64-bit DCT hash of a greyscale uint8 array."""
    return _hash_batch(_shrink(grey)[None])[0][0]


def dhash(grey: np.ndarray) -> int:
    """64-bit horizontal gradient hash of a greyscale uint8 array."""
    return _hash_batch(_shrink(grey)[None])[1][0]


def pack_color(lab: np.ndarray) -> int:
    """Pack mean (L, a, b) in OpenCV's 8-bit scaling (each 0..255) into 24 bits."""
    values = np.clip(np.rint(lab), 0, 255).astype(np.int64)
    return int(values[0]) << 16 | int(values[1]) << 8 | int(values[2])


def unpack_color(packed: np.ndarray) -> np.ndarray:
    """Inverse of pack_color over an array: (n, 3) CIELAB as L* 0..100, a*, b* -128..127."""
    packed = np.asarray(packed, dtype=np.uint64).astype(np.int64) & 0xFFFFFF
    lab = np.stack([(packed >> s) & 0xFF for s in (16, 8, 0)], axis=-1).astype(np.float64)
    return lab * np.array([100 / 255, 1, 1]) - np.array([0, 128, 128])


def _mean_lab(lab: np.ndarray, product: np.ndarray) -> np.ndarray:
    """Mean CIELAB of the product pixels (mask 0/1), or of all pixels when they are < 5 %."""
    # cv2.mean sums in double: the sums of these integer values are exact either way, so the
    # rounded means are those of the numpy mean this replaced, at a fraction of the cost.
    if cv2.countNonZero(product) >= 0.05 * product.size:
        return np.array(cv2.mean(lab, mask=product)[:3])
    return np.array(cv2.mean(lab)[:3])


def color_signature(crop: np.ndarray) -> int:
    """Mean CIELAB of the product pixels of the top and of the bottom half of a crop (48 bits).

    Halves keep some layout (a two-tone item recoloured in one part changes one half) while
    staying the same under mirroring.
    """
    h, w = crop.shape[:2]
    k = min(h, w) // 48  # an exact k x k average first: OpenCV's fast INTER_AREA path
    if k >= 2:
        crop = cv2.resize(crop[: h - h % k, : w - w % k], (w // k, h // k), interpolation=cv2.INTER_AREA)
    small = cv2.resize(crop, (48, 48), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)
    r, g, b = cv2.split(small)
    product = (cv2.min(cv2.min(r, g), b) < WHITE_LEVEL).view(np.uint8)
    top, bottom = _mean_lab(lab[:24], product[:24]), _mean_lab(lab[24:], product[24:])
    return pack_color(top) << 24 | pack_color(bottom)


def _row_spans(mask: np.ndarray) -> np.ndarray:
    """(2n, 2) x, y of the leftmost and rightmost product pixel of each row that has >= 1 % of them.

    Every product pixel lies between its row's two, so the box of any turn of the product is
    the box of these points turned: no pixels need turning to find it.
    """
    h, w = mask.shape
    # columns with too few product pixels do not count, as in _grey_box (specks, a faint shadow)
    cols = cv2.reduce(mask, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255 >= max(1, MIN_PRODUCT_SHARE * h)
    mask = mask * cols.astype(np.uint8)[None, :]
    rows = np.flatnonzero(cv2.reduce(mask, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
                          >= max(1, MIN_PRODUCT_SHARE * w))
    if rows.size == 0:
        return np.empty((0, 2))
    return row_end_points(mask, rows).astype(np.float64)


def turned_hashes(src: np.ndarray, box: tuple[int, int, int, int], level: int | None) -> list[tuple[int, int]]:
    """(phash, dhash) of the product box of `src` turned by each of ROTATIONS; [] when no box.

    As a turned copy is made: the whole picture turned about its centre, corners white, the
    frame unchanged (a product that fills the frame loses its corners). Only the box with a
    margin (a turn of 5 degrees grows a box by < 5 % per side), reduced to ~TURN_SIDE px, is
    looked at: the turned product's box comes from turning the product's row ends
    (_row_spans, the same grey criterion as fine_box) and clipping to the frame, and one
    affine warp per angle samples that box straight into the 32x32 the hashes start from.
    With no product box (level None) the whole frame is the box.
    """
    h, w = src.shape
    x0, y0, x1, y1 = box
    m = int(np.ceil(TURN_MARGIN * max(x1 - x0, y1 - y0))) + 2
    ox, oy = max(0, x0 - m), max(0, y0 - m)
    region = src[oy:y1 + m, ox:x1 + m]
    rh, rw = region.shape
    # Not below one pixel across: a strip of a photo (>= 80:1) is 1-3 px high here.
    k = max(1, min(max(x1 - x0, y1 - y0) // TURN_SIDE, rh, rw))
    if k >= 2:
        region = cv2.resize(region[: rh - rh % k, : rw - rw % k], (rw // k, rh // k), interpolation=cv2.INTER_AREA)
    # region pixel r has its centre at src coordinate origin + k * r (pixel i spans i +- 0.5)
    origin = np.array([ox, oy]) + (k - 1) / 2
    centre = np.array([(w - 1) / 2, (h - 1) / 2])
    n = len(ROTATIONS)
    if level is None:
        lo, hi = np.tile([-0.5, -0.5], (n, 1)), np.tile([w - 0.5, h - 0.5], (n, 1))
    else:
        mask = cv2.bitwise_not(cv2.inRange(region, max(0, level - BACKGROUND_TOLERANCE),
                                           min(255, level + BACKGROUND_TOLERANCE)))
        spans = _row_spans(mask)
        if spans.shape[0] == 0:  # nothing differs from the level in the window after all
            return []
        # every angle at once: the turned row ends (src coordinates), their boxes in the frame
        turned = np.einsum("aij,nj->ani", _TURNS, origin + k * spans - centre) + centre
        lo = np.maximum(turned.min(axis=1) - k / 2, -0.5)
        hi = np.minimum(turned.max(axis=1) + k / 2, [w - 0.5, h - 0.5])
    scale = (hi - lo) / 32
    # output pixel u -> turned point lo + (u + 0.5) * scale -> src point -> region pixel
    inv = _TURNS.transpose(0, 2, 1)
    lin = inv * scale[:, None, :] / k
    off = (np.einsum("aij,aj->ai", inv, lo + 0.5 * scale - centre) + centre - origin) / k
    warps = np.concatenate([lin, off[:, :, None]], axis=2)
    # the region was reduced so the box is ~TURN_SIDE px: two samples per output pixel at
    # most (little aliasing); outside the frame is white, as a turned copy's corners are
    smalls = np.stack([cv2.warpAffine(region, warp, (32, 32), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                      borderValue=255) for warp in warps]).astype(np.float32)
    return list(zip(*_hash_batch(smalls)))


def pasted_photo(src: np.ndarray, shape: tuple[int, ...], path: list[tuple[int, int, int, int]],
                 box: tuple[int, int, int, int], level: int | None) -> tuple[tuple[int, int, int, int], int | None]:
    """The rectangle (and level) on `src` of the photo pasted on the canvas when the box was
    found inside one (three or more boxes deep); otherwise the box and level themselves."""
    return fine_box(src, shape, path[:2]) if len(path) >= 3 else (box, level)


def turn_base(src: np.ndarray, photo: tuple[int, int, int, int],
              level: int | None) -> tuple[tuple[int, int, int, int], int | None]:
    """The box (and level) a turned copy of the picture would be hashed on, from the pasted
    photo's rectangle or the product box (pasted_photo).

    A turned copy gets white corners: on a white canvas its box is the turned product (or the
    turned photo pasted on the canvas: inside it the white corners stop the nesting), on any
    other backdrop the corners break the uniform border and the whole frame is hashed.
    """
    if level is None or level < 255 - BACKGROUND_TOLERANCE:
        return (0, 0, src.shape[1], src.shape[0]), None
    return photo, level


def compute_hashes(rgb: np.ndarray, fine: np.ndarray | None = None) -> dict[str, int]:
    """Hashes of an RGB uint8 array (H, W, 3), keyed as in HASH_COLUMNS.

    `fine`: the same picture as a larger greyscale array (the working image's luma); when
    given, the product box is located and hashed on it (fine_box).
    """
    rgb = np.ascontiguousarray(rgb)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    path = box_path(rgb)
    x0, y0, x1, y1 = path[-1]
    src = fine if fine is not None and fine.shape[0] > grey.shape[0] else grey
    box, level = fine_box(src, rgb.shape, path)
    photo, photo_level = pasted_photo(src, rgb.shape, path, box, level)
    regions = [grey, src[box[1]:box[3], box[0]:box[2]]]
    if photo != box:  # a photo pasted on a canvas, boxed further: its rectangle too
        regions.append(src[photo[1]:photo[3], photo[0]:photo[2]])
    # whole frame, box (and outer box) in one batch (the frame's mirrored hashes are not kept)
    p, d, pm, dm = _hash_batch(np.stack([_shrink(r) for r in regions]), mirrors=True)
    out = {
        "img_phash": p[0],
        "img_dhash": d[0],
        "img_crop_phash": p[1],
        "img_crop_dhash": d[1],
        "img_crop_phash_mirror": pm[1],
        "img_crop_dhash_mirror": dm[1],
        "img_color": color_signature(np.ascontiguousarray(rgb[y0:y1, x0:x1])),
        "img_outer_phash": p[-1],
        "img_outer_dhash": d[-1],
    }
    # no turned box found: the plain box stands in (it adds no match the plain box lacks)
    turns = turned_hashes(src, *turn_base(src, photo, photo_level)) or [(p[1], d[1])] * len(ROTATIONS)
    for (tp, td), (pcol, dcol) in zip(turns, TURN_COLUMNS):
        out[pcol], out[dcol] = tp, td
    return out


def crop_variants(rgb: np.ndarray, fine: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(phash, dhash) of the product box, its outer boxes and trimmed sub-boxes (<= 47 pairs).

    A copy cropped by up to ~8 % per side lies within ~2 % of one of the CROP_STEPS sub-boxes,
    and one cropped by 10-20 % on one side, two opposite sides or all around near a
    WIDE_CROP_STEPS one, where phash is stable again (crops move the plain box hash by up to
    ~28 bits). Measured on the realdata photos (reference mode): 12 % off every side 53 -> 87 %
    matched, 15 % off one side 50 -> 93 %, with no new false positive in the eval. Used for
    reference images only: the reference side carries the variants, the catalog side one hash.
    """
    rgb = np.ascontiguousarray(rgb)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    path = box_path(rgb)
    x0, y0, x1, y1 = path[-1]
    box = grey[y0:y1, x0:x1]
    height, width = box.shape
    src = fine if fine is not None and fine.shape[0] > grey.shape[0] else grey
    fbox, level = fine_box(src, rgb.shape, path)
    # the box as compute_hashes hashes it, then turned as the catalog side turns it
    variants = [hash_pair(src[fbox[1]:fbox[3], fbox[0]:fbox[2]])]
    variants += turned_hashes(src, *turn_base(src, *pasted_photo(src, rgb.shape, path, fbox, level)))
    for a, b, c, d in path[:-1]:  # a copy whose border is less uniform stops on an outer box
        variants.append(hash_pair(grey[b:d, a:c]))
    for step in CROP_STEPS + WIDE_CROP_STEPS:
        # every combination of trimmed sides for small steps; for wider ones the usual crops
        # only: one side, two opposite sides, all four
        masks = range(1, 16) if step in CROP_STEPS else WIDE_CROP_MASKS
        for mask in masks:  # bits: left, right, top, bottom
            left, right, top, bottom = ((mask >> i) & 1 for i in range(4))
            sub = box[
                round(top * step * height) : height - round(bottom * step * height),
                round(left * step * width) : width - round(right * step * width),
            ]
            if min(sub.shape) >= 8:
                variants.append(hash_pair(sub))
    return list(dict.fromkeys(variants))
