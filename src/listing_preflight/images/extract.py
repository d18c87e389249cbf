"""Per-image feature extraction: bytes in, one small tuple of features out (runs in workers)."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from types import EllipsisType
from typing import Any

import cv2
import numpy as np
import polars as pl

from ..i18n import _t
from . import (
    backdrop,
    backdrop_shapes,
    background,
    cell_edges,
    overlay_text,
    text_detect,
    watermark_net,
    watermark_zoom,
)
from .decode import Decoded, ImageError, decode
from .hashing import HASH_COLUMNS, HASH_VERSION, compute_hashes
from .resample import shrink_to
from .thumbnail import thumbnail

# Bump when any feature below changes meaning: cached entries of another version are ignored.
FEATURE_VERSION = "29"  # 13: img_cell_edges; 14-17: img_bg_* backdrop (IMG006), img_text_boxes/img_text/img_mark_textless (overlay text), img_thumb, integer sharpness
# 18: the backdrop (img_bg_*) and img_thumb read a box + bilinear reduction (issue 12 speed)
# 19: overlay-text candidates without a plain background, agreement lines (IMG007)
# 20: img_text_error (the overlay-text cascade failed on the image)
# 21: the overlay-text cascade's cheaper re-decode and detector/recogniser inputs (issue 12 speed)
# 22: the watermark network retrained on the overlay kinds; its inner hot regions searched as
#     HOT_TEXT-high type, two lines read (issue 12)
# 23: the network retrained longer (threshold 0.978); img_mark_textless dropped (issue 12)
# 24: a wider network trained with shadow packshots (threshold 0.990; issue 12, stop 17)
# 25: a line on the background needs the ring's median colour within RING_MATCH (overlay_text)
# 26: a line on a near-background surface (a white card) never counts by the network's agreement
# 27: a photo padded to a square by white bars: its backdrop judged between the bars; a frame
#     drawn round a white photo (IMG006)
# 28: a scene pasted in a white ring is framed (a rim of its own: a product), in whole pixels
# 29: img_watermark_zoom, the network's second look at the edge band (watermark_zoom.py)
CACHE_VERSION = f"f{FEATURE_VERSION}-h{HASH_VERSION}"
# Features computed without the text detector (no ONNX Runtime) lack the overlay text: kept
# apart, so a later run that has it does not read them back as "no text found".
if not text_detect.available():
    CACHE_VERSION += "-notext"
# Features extracted without the overlay checks' work (the watermark network and the overlay
# search: ~half of the extraction), for runs where no active rule reads them (OVERLAY_COLUMNS;
# IMG007 and IMG014 switched off): kept apart as well.
WITHOUT_OVERLAY = "-nooverlay"

# Side of the image handed to compute_hashes: the 1/8-scale equivalent of a 1000 px photo, so
# the hash cost stays ~0.5 ms (image-techniques.md §3.2) and hashes do not depend on resolution.
HASH_SIDE = 128

FEATURE_COLUMNS: dict[str, pl.DataType] = {
    "img_error": pl.String(),
    "img_digest": pl.String(),  # blake2b-128 of the bytes: identical files share it
    "img_bytes": pl.Int64(),
    "img_format": pl.String(),
    "img_width": pl.Int32(),  # after EXIF orientation
    "img_height": pl.Int32(),
    "img_frames": pl.Int32(),
    "img_ring_dark": pl.List(pl.Float32()),  # share of border darker than background.RING_LEVELS
    "img_ring_level": pl.Float32(),  # median min-channel of the border ring
    "img_ring_spread": pl.Float32(),  # luminance std of the ring (background uniformity)
    "img_product_bbox": pl.List(pl.Float32()),  # x0, y0, x1, y1 in 0..1 (null: nothing on white)
    "img_product_share": pl.Float32(),  # product box extent: max(box w, box h) share of the frame
    "img_product_fill": pl.Float32(),  # share of the frame that is not white background
    "img_sharpness": pl.Float32(),
    "img_watermark_prob": pl.Float32(),  # 0..1: the highest cell of watermark_net.mark_map
    # The network's map, row by row (GRID x GRID cells, probability x 255): where a finding
    # says the mark is, and what IMG007 compares across one seller's photos.
    "img_watermark_cells": pl.List(pl.UInt8()),
    # Fine edges of each of those cells (cell_edges.py): IMG007 looks for strokes that repeat
    # at the same pixels across one seller's photos.
    "img_cell_edges": pl.List(pl.UInt64()),
    # The network's second look at twice the resolution (watermark_zoom.py): [x0, y0, x1, y1
    # (0..1), probability] of its hottest cell near the frame's edge; null where it did not run.
    "img_watermark_zoom": pl.List(pl.Float32()),
    # ---- backdrop judgment for IMG006 (backdrop.backdrop) ----
    **backdrop.BACKDROP_COLUMNS,
    # ---- overlay text (images/overlay_text.py; IMG007 and IMG014) ----
    # Text lines the PP-OCR cascade found on a candidate image, one [x0, y0, x1, y1 (0..1),
    # detector score, overlay 1/0] per line; null where the cascade did not run (no candidate).
    "img_text_boxes": pl.List(pl.List(pl.Float32())),
    "img_text": pl.List(pl.String()),  # the text read on each overlay line ("" elsewhere)
    # Why the cascade failed on this image (its text was not searched; IMG014 says so).
    "img_text_error": pl.String(),
    **HASH_COLUMNS,
    # A small JPEG (base64) of the working image, for the HTML report: made here from the
    # pixels already decoded, so a report never decodes a photo a second time.
    "img_thumb": pl.String(),
}
FEATURE_NAMES = tuple(FEATURE_COLUMNS)


# The columns of the overlay checks' work: the watermark network (its map and cell edges) and
# the overlay search it gates (text_features). A run whose active rules read none of them
# (IMG007 and IMG014 off) skips that work.
OVERLAY_COLUMNS = frozenset({
    "img_watermark_prob", "img_watermark_cells", "img_cell_edges",  # the network
    "img_watermark_zoom", "img_text_boxes", "img_text", "img_text_error",  # the search
})


def cache_version(overlay: bool = True) -> str:
    """The feature store's version for features with (or without) the overlay checks' work."""
    return CACHE_VERSION if overlay else CACHE_VERSION + WITHOUT_OVERLAY


CURRENT_VERSIONS = (cache_version(True), cache_version(False))  # what `cache prune` keeps


def digest(data: bytes) -> str:
    """Content key of an image file."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def hash_input(rgb: np.ndarray) -> np.ndarray:
    """The canonical array the perceptual hashes are computed on (long side HASH_SIDE)."""
    return shrink_to(rgb, HASH_SIDE)


def hash_sources(
    work: np.ndarray,
    luma: np.ndarray | None = None,
    frame: backdrop_shapes.Frame | None | EllipsisType = ...,
) -> tuple[np.ndarray, np.ndarray]:
    """(hash input, fine luma) of a working image, both cut inside a frame drawn round the
    photo: a copy with a line or a band added round it hashes as the photo does. `frame`:
    backdrop_shapes.outline of `work` when the caller has it (... to find it here)."""
    if luma is None:
        luma = cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    if frame is ...:
        frame = backdrop_shapes.outline(work)
    if frame is not None:
        inside = backdrop_shapes.inside(work, frame)
        work, luma = work[inside], luma[inside]
    return hash_input(work), luma


def product_region(luma: np.ndarray, bg: background.Background) -> np.ndarray:
    """The product's box of the greyscale image (the whole image when none, or under 8 px)."""
    if bg.bbox is None:
        return luma
    h, w = luma.shape
    x0, y0, x1, y1 = bg.bbox
    crop = luma[int(y0 * h) : int(y1 * h) + 1, int(x0 * w) : int(x1 * w) + 1]
    return crop if crop.shape[0] >= 8 and crop.shape[1] >= 8 else luma


_SHARP_BIN_BITS = 10  # histogram bins of 1024 squared-gradient units for the 95th percentile


def sharpness(luma: np.ndarray, bg: background.Background) -> float | None:
    """Edge acuity: mean |Laplacian| over mean gradient on the strongest 5 % edges of the product.

    A blurred edge keeps much of its gradient but loses its second derivative, so the ratio
    drops with blur whatever the contrast or the amount of texture. At the working size it
    separated sharp photos from Gaussian sigma 2 px blur (at 1000 px) with AUC 0.99 on the
    realdata photos (benchmarks/eval_images.py); plain Laplacian variance gave 0.88.
    """
    luma = product_region(luma, bg)
    # Integer filters and integer arithmetic (exact): the float32 OpenCV path gave 0.1856 in
    # one process and 0.1857 in another for the same image (its SIMD paths depend on memory
    # alignment), and engines must agree byte for byte.
    luma = np.ascontiguousarray(luma, dtype=np.uint8)
    gx, gy = cv2.spatialGradient(luma)  # the two 3x3 Sobels in one pass, the same values
    gx, gy = gx.astype(np.int32), gy.astype(np.int32)
    mag2 = (gx * gx + gy * gy).ravel()  # squared gradient, exact (<= 2 * 1020^2)
    # The edges are the pixels above the 95th percentile of the gradient. It is selected on
    # the integer squares: sqrt is monotonic, and float32 sqrt keeps distinct integers below
    # 2^22 distinct, so "gradient > cut" is exactly "square > cut's square". A histogram of
    # the squares' high bits finds the bin holding the k-th value; only that bin is sorted
    # (np.sort of every value cost ~0.8 ms; np.partition degrades on a flat background's
    # many equal values).
    k = int(mag2.size * 0.95)
    high = mag2 >> _SHARP_BIN_BITS
    cum = np.cumsum(np.bincount(high))
    b = int(np.searchsorted(cum, k, side="right"))
    rank = k - (int(cum[b - 1]) if b else 0)
    cut2 = np.sort(mag2[high == b])[rank]
    edges = mag2 > cut2
    n_edges = int(np.count_nonzero(edges))
    # The gradient as float32 sqrt (IEEE: exact per element) and its mean in float64 over the
    # edge pixels in image order, as before (numpy's float32 pairwise sum may depend on the
    # array's alignment).
    grad = np.sqrt(mag2[edges].astype(np.float32))
    mean_grad = float(grad.mean(dtype=np.float64)) if n_edges else 0.0
    if mean_grad < 8.0:
        return None  # no edges at all (a blank image): sharpness does not apply
    lap = cv2.Laplacian(luma, cv2.CV_16S, ksize=1).ravel()[edges]
    # An integer sum divided once: the same float64 as the mean of the integer values.
    return int(np.abs(lap.astype(np.int32)).sum(dtype=np.int64)) / n_edges / mean_grad


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def features_from_decoded(dec: Decoded, overlay: bool = True) -> dict[str, Any]:
    """Every pixel feature of a decoded image (the bytes-independent part); `overlay`: run
    the watermark network (else its columns stay null)."""
    rgb = dec.rgb
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)  # computed once, shared by every feature
    bg = background.analyse(rgb, luma)
    x = watermark_net.input_of(rgb) if overlay else None
    cells = None if x is None else watermark_net.probabilities(x)
    bbox = bg.bbox
    share = max(bbox[2] - bbox[0], bbox[3] - bbox[1]) if bbox else None
    out: dict[str, Any] = {
        "img_format": dec.format,
        "img_width": dec.width,
        "img_height": dec.height,
        "img_frames": dec.frames,
        "img_ring_dark": [round(v, 4) for v in bg.ring_dark],
        "img_ring_level": bg.ring_level,
        "img_ring_spread": round(bg.ring_spread, 3),
        "img_product_bbox": list(bbox) if bbox else None,
        "img_product_share": round(share, 4) if share is not None else None,
        "img_product_fill": round(bg.product_fill, 4),
        "img_sharpness": _round(sharpness(luma, bg), 4),
        "img_watermark_prob": None if cells is None else round(float(cells.max()), 4),
        "img_watermark_cells": None
        if cells is None
        else np.rint(cells.ravel() * 255).astype(np.uint8).tolist(),
        "img_cell_edges": None if x is None else cell_edges.cell_codes(x).tolist(),
    }
    frame = backdrop_shapes.outline(rgb)  # a drawn frame: IMG006 names it, the hashes skip it
    out.update(backdrop.backdrop_features(rgb, frame))  # IMG006 backdrop judgment
    out.update(compute_hashes(*hash_sources(rgb, luma, frame)))  # box hashed from the finer luma
    return out


def text_features(data: bytes, work: np.ndarray, cells: list[int] | None) -> dict[str, Any]:
    """The overlay search at finer resolution: img_text_boxes / img_text (the text cascade, on
    candidates only) and img_watermark_zoom (the network's second look at the edge band)."""
    grid = watermark_net.GRID
    cell_map = None if cells is None else np.asarray(cells, np.float32).reshape(grid, grid) / 255
    try:
        detail = overlay_text.Detail(data)  # finer decodes, made once for both
        lines = overlay_text.search(data, work, cell_map, detail)
        zoom = watermark_zoom.edge_look(detail, cell_map)
    except Exception as exc:  # noqa: BLE001 - one image's text search failing is reported, not fatal
        return {"img_text_error": f"{type(exc).__name__}: {exc}"[:300]}
    out: dict[str, Any] = {"img_watermark_zoom": zoom}
    if lines is not None:
        out["img_text_boxes"] = [[*ln.box, ln.score, float(ln.overlay)] for ln in lines]
        out["img_text"] = [ln.text for ln in lines]
    return out


def features_from_bytes(
    data: bytes, max_pixels: int, overlay: bool = True
) -> tuple[str, tuple[Any, ...]]:
    """(digest, feature tuple in FEATURE_NAMES order) of one file's bytes; never raises.
    `overlay`: run the watermark network and the overlay search (else OVERLAY_COLUMNS stay
    null)."""
    key = digest(data)
    values: dict[str, Any] = {"img_digest": key, "img_bytes": len(data)}
    try:
        dec = decode(data, max_pixels=max_pixels)
    except ImageError as exc:
        values["img_error"] = str(exc)
        return key, tuple(values.get(name) for name in FEATURE_NAMES)
    except Exception as exc:  # noqa: BLE001 - one bad image must not stop the run
        values["img_error"] = _t("cannot read image: {}: {}").format(type(exc).__name__, exc)
        return key, tuple(values.get(name) for name in FEATURE_NAMES)
    values.update(
        img_format=dec.format, img_width=dec.width, img_height=dec.height, img_frames=dec.frames
    )
    try:
        values.update(features_from_decoded(dec, overlay))
        if overlay:
            values.update(text_features(data, dec.rgb, values.get("img_watermark_cells")))
    except Exception:  # noqa: BLE001, S110
        # The image is fine (it decoded); a pixel feature failing on an odd shape must not
        # report it unreadable: its pixel features stay null and their rules do not apply.
        pass
    values["img_thumb"] = thumbnail(dec.rgb)
    return key, tuple(values.get(name) for name in FEATURE_NAMES)


def error_row(message: str, size: int | None = None) -> tuple[Any, ...]:
    """A feature tuple for an image that could not be obtained at all."""
    values = {"img_error": message, "img_bytes": size}
    return tuple(values.get(name) for name in FEATURE_NAMES)


# ---- worker-process side -------------------------------------------------------------------


# glibc mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


@lru_cache(maxsize=1)
def keep_freed_memory() -> bool:
    """Let glibc keep freed heap for the next image instead of returning it to the kernel.

    Every image allocates and frees a few 0.2-1 MB arrays (decoded pixels, the network's
    input). With glibc's defaults such blocks are mmap-ed or trimmed off the heap when freed,
    and the next image page-faults them in again: ~450 page faults and ~0.8-1.3 ms per image,
    a fifth to a quarter of the whole extraction (benchmarks/README.md, "Images"). Holding
    up to 32 MB of free heap per process stops it. Elsewhere (macOS, Windows) there is no
    mallopt and nothing is done.
    Returns whether the allocator took the settings.
    """
    try:
        # The symbols already loaded into this process (libc among them); find_library("c")
        # would run ldconfig in a subprocess in every worker.
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    # mallopt returns 1 on success, 0 where the parameter is unknown (musl's stub)
    trim = mallopt(_M_TRIM_THRESHOLD, 32 << 20)
    mmap = mallopt(_M_MMAP_THRESHOLD, 8 << 20)
    return bool(trim and mmap)


def load_models() -> None:
    """Load the ONNX models now (the watermark network, the text detector and recogniser).

    The forkserver calls it once, before it forks the workers: each worker then starts with
    the loaded sessions (~0.1 s of loading per worker saved, the ~16 MB of weights shared
    between the workers' pages). ONNX Runtime runs single-threaded here, so no thread exists
    at the fork. Ray and Dask workers call it as they start (engines/work.warm_up). A failure
    is left for the worker to meet and report where it runs a model.
    """
    try:
        watermark_net.load()
        if text_detect.available():
            text_detect.load()
    except Exception:  # noqa: BLE001, S110 - a worker meets the same error where it matters
        pass


@contextlib.contextmanager
def one_cv_thread() -> Iterator[None]:
    """OpenCV single-threaded while this process extracts (as the workers are), then restored.

    The images are small: OpenCV's thread pool costs more than it gains and competes with
    the workers for the cores.
    """
    before = cv2.getNumThreads()
    cv2.setNumThreads(0)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def warm_up_extraction() -> bool:
    """Run one generated photo through the whole extraction, on one OpenCV thread.

    What is built on first use is then built here, once: OpenCV's colour-conversion tables
    (~60 ms for the first Lab conversion), ONNX Runtime's first runs of the three models.
    The forkserver does it before it forks the workers, so a fresh worker's first image took
    15-25 ms instead of ~110 ms (benchmarks/README.md, "Issue 12, stop 18"). OpenCV stays on
    one thread meanwhile (it adds no thread to fork). Returns whether the text cascade ran;
    never raises (the forkserver's preload would die of it, and the workers with it).
    """
    try:
        with one_cv_thread():
            _, values = features_from_bytes(_warm_up_photo(), 10_000_000)
    except Exception:  # noqa: BLE001 - a worker meets the same problem on its first image
        return False
    return values[FEATURE_NAMES.index("img_text_boxes")] is not None


def _warm_up_photo() -> bytes:
    """A 400 px JPEG: a product on white with a caption beside it (a candidate for stage 2)."""
    rgb = np.full((400, 400, 3), 255, np.uint8)
    cv2.rectangle(rgb, (120, 80), (280, 300), (40, 90, 160), -1)
    cv2.putText(rgb, "SALE 50% OFF", (110, 360), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 0), 2)
    return cv2.imencode(".jpg", rgb)[1].tobytes()


def init_worker() -> None:
    """Worker initialiser: one OpenCV thread per process (the pool is the parallelism)."""
    cv2.setNumThreads(0)
    keep_freed_memory()


def extract_paths(
    jobs: list[tuple[str, int]], overlay: bool = True
) -> list[tuple[str, tuple[Any, ...]]]:
    """Worker entry: [(path, max_pixels)] -> [(digest, features)]; paths in, small tuples out."""
    out = []
    for path, max_pixels in jobs:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            out.append(("", error_row(_t("cannot read file: {}").format(exc.strerror or exc))))
            continue
        out.append(features_from_bytes(data, max_pixels, overlay))
    return out
