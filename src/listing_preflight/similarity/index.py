"""The reference image index: brand-official (or any reference) photos as hashes, with labels.

Format (version 1): one Parquet file, one row per reference image.

| column | type | meaning |
|---|---|---|
| `ref_id` | UInt32 | position of the image in the index |
| `path` | String | the image path as shown in findings: relative to the folder it was added from |
| `source` | String | absolute path when it was indexed (used by `index add` to skip known files) |
| `label` | String | brand (sub-folder name under the indexed folder, or from a labels CSV) |
| `digest` | String | blake2b-128 of the file bytes (identical files are indexed once) |
| `img_crop_phash`, `img_crop_dhash`, `img_crop_phash_mirror`, `img_crop_dhash_mirror`, `img_color`, `img_phash`, `img_dhash`, `img_crop_phash_turn0`-`3`, `img_crop_dhash_turn0`-`3`, `img_outer_phash`, `img_outer_dhash` | UInt64 | the catalog-side hashes (images.hashing.SIMILARITY_COLUMNS) |
| `variant_phash`, `variant_dhash` | List[UInt64] | box hashes of the product box, its outer boxes and its cropped sub-boxes (hashing.crop_variants) |

The Parquet schema metadata key `listing-preflight-index` holds JSON:
`{"format": "listing-preflight-reference-index", "version": 1, "hash_version": "<HASH_VERSION>",
"created": ISO time, "updated": ISO time}`. An index whose `hash_version` differs from the
running `images.hashing.HASH_VERSION` is refused with a request to rebuild it, because hashes of
another definition do not compare.

Images are hashed through the catalog decode path (images.decode.decode at the working size,
then images.extract.hash_sources), so catalog and reference hashes compare (image-techniques §5.1).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ..images.hashing import HASH_VERSION, SIMILARITY_COLUMNS, compute_hashes, crop_variants
from ..model import ConfigError
from .matching import ReferenceHashes

FORMAT = "listing-preflight-reference-index"
VERSION = 1
META_KEY = b"listing-preflight-index"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
# Decompression-bomb limit for reference images (the catalog pass uses the same default).
MAX_PIXELS = 100_000_000

SCHEMA: dict[str, pl.DataType] = {
    "ref_id": pl.UInt32(),
    "path": pl.String(),
    "source": pl.String(),
    "label": pl.String(),
    "digest": pl.String(),
    **{name: pl.UInt64() for name in SIMILARITY_COLUMNS},
    "variant_phash": pl.List(pl.UInt64()),
    "variant_dhash": pl.List(pl.UInt64()),
}


@dataclass
class ReferenceIndex:
    """A loaded index: the images frame and its search arrays."""

    images: pl.DataFrame
    meta: dict[str, Any]

    def hashes(self) -> ReferenceHashes:
        """The arrays matching.match_references searches."""
        counts = self.images.get_column("variant_phash").list.len().to_numpy()
        return ReferenceHashes(
            color=self.images.get_column("img_color").to_numpy().astype(np.uint64),
            variant_image=np.repeat(np.arange(self.images.height, dtype=np.int64), counts),
            variant_phash=self.images.get_column("variant_phash").explode().to_numpy().astype(np.uint64),
            variant_dhash=self.images.get_column("variant_dhash").explode().to_numpy().astype(np.uint64),
        )


def hash_file(path: str) -> dict[str, Any]:
    """Hashes of one reference image file, through the catalog decode path; never raises."""
    from ..images.decode import ImageError, decode
    from ..images.extract import digest, hash_sources

    try:
        data = Path(path).read_bytes()
        work = decode(data, max_pixels=MAX_PIXELS).rgb
        rgb, fine = hash_sources(work)
    except ImageError as exc:
        return {"error": str(exc)}
    except OSError as exc:
        return {"error": f"cannot read file: {exc.strerror or exc}"}
    except Exception as exc:  # noqa: BLE001 - one bad reference image must not stop the build
        return {"error": f"cannot analyse image: {type(exc).__name__}: {exc}"}
    hashes = compute_hashes(rgb, fine)
    variants = crop_variants(rgb, fine)
    return {
        "digest": digest(data),
        **{name: hashes[name] for name in SIMILARITY_COLUMNS},
        "variant_phash": [p for p, _ in variants],
        "variant_dhash": [d for _, d in variants],
    }


def read_labels(path: Path) -> dict[str, str]:
    """A labels CSV: columns image (or path/file) and label (or brand) -> {image: label}."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {f.strip().lower(): f for f in reader.fieldnames or []}
            image_col = next((fields[k] for k in ("image", "path", "file") if k in fields), None)
            label_col = next((fields[k] for k in ("label", "brand") if k in fields), None)
            if image_col is None or label_col is None:
                raise ConfigError(f"{path}: a labels CSV needs an image (or path/file) column and "
                                  f"a label (or brand) column; found {', '.join(fields) or 'none'}")
            return {row[image_col].strip().replace("\\", "/"): row[label_col].strip()
                    for row in reader if row.get(image_col) and row.get(label_col)}
    except OSError as exc:
        raise ConfigError(f"cannot read labels file {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"labels file {path} is not a readable UTF-8 CSV ({exc}); save it as "
                          "CSV UTF-8") from None


def collect(folder: Path, labels: dict[str, str] | None = None,
            default_label: str | None = None) -> list[tuple[str, str, str]]:
    """(display path, absolute path, label) of every image under `folder`, sorted.

    The label is the labels-CSV entry for the image (path relative to `folder`, or file name),
    else `default_label`, else the first sub-folder name, else the folder's own name.
    """
    if not folder.exists():
        raise ConfigError(f"reference folder not found: {folder}")
    files = [folder] if folder.is_file() else sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )
    base = folder.parent if folder.is_file() else folder
    out = []
    for file in files:
        rel = file.relative_to(base).as_posix()
        label = None
        if labels:
            label = labels.get(rel) or labels.get(file.name)
        if label is None:
            label = default_label or (rel.split("/")[0] if "/" in rel else base.resolve().name)
        out.append((rel, str(file.resolve()), label))
    return out


def _hash_all(paths: list[str], jobs: int | None,
              progress: Callable[[int, int], None] | None, engine: str = "local",
              engine_address: str | None = None) -> list[dict[str, Any]]:
    workers = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    if engine != "local" and paths:
        return _hash_on_engine(paths, workers, progress, engine, engine_address)
    if workers == 1 or len(paths) < 8:
        results = []
        for done, path in enumerate(paths, 1):
            results.append(hash_file(path))
            if progress:
                progress(done, len(paths))
        return results
    from ..images.extract import init_worker

    results = []
    # spawn, as the image pass does: no fork of a process that runs polars/OpenCV threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker) as pool:
        for done, result in enumerate(pool.map(hash_file, paths, chunksize=8), 1):
            results.append(result)
            if progress:
                progress(done, len(paths))
    return results


def _hash_on_engine(paths: list[str], workers: int, progress: Callable[[int, int], None] | None,
                    engine: str, address: str | None) -> list[dict[str, Any]]:
    """hash_file over `paths` on a ray/dask cluster (--engine; the files on a shared file system)."""
    from ..images.engines import open_engine

    cluster = open_engine(engine, address, workers, None)
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], len(paths))

    try:
        return cluster.map_each(hash_file, paths, advance)
    finally:
        cluster.close()


@dataclass
class BuildResult:
    """What a build or add did."""

    index: ReferenceIndex
    added: int
    skipped: int
    errors: list[tuple[str, str]]


def _rows(entries: list[tuple[str, str, str]], hashed: list[dict[str, Any]], first_id: int,
          known_digests: set[str]) -> tuple[list[dict[str, Any]], int, list[tuple[str, str]]]:
    rows, skipped, errors = [], 0, []
    for (rel, source, label), result in zip(entries, hashed):
        if "error" in result:
            errors.append((rel, result["error"]))
            continue
        if result["digest"] in known_digests:
            skipped += 1
            continue
        known_digests.add(result["digest"])
        rows.append({"ref_id": first_id + len(rows), "path": rel, "source": source, "label": label,
                     **result})
    return rows, skipped, errors


def build(folders: Iterable[Path], out: Path, *, labels: Path | None = None,
          default_label: str | None = None, jobs: int | None = None,
          progress: Callable[[int, int], None] | None = None, engine: str = "local",
          engine_address: str | None = None) -> BuildResult:
    """Hash every image under `folders` into a new index at `out` (written atomically)."""
    mapping = read_labels(labels) if labels else None
    entries = [e for folder in folders for e in collect(folder, mapping, default_label)]
    if not entries:
        raise ConfigError("no images found to index (looked for "
                          f"{', '.join(sorted(IMAGE_SUFFIXES))})")
    hashed = _hash_all([source for _, source, _ in entries], jobs, progress, engine, engine_address)
    rows, skipped, errors = _rows(entries, hashed, 0, set())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    meta = {"format": FORMAT, "version": VERSION, "hash_version": HASH_VERSION,
            "created": now, "updated": now}
    index = ReferenceIndex(pl.DataFrame(rows, schema=SCHEMA), meta)
    save(index, out)
    return BuildResult(index, len(rows), skipped, errors)


def add(index_path: Path, folders: Iterable[Path], *, labels: Path | None = None,
        default_label: str | None = None, jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Add the images under `folders` that the index does not hold yet (by content)."""
    index = load(index_path)
    mapping = read_labels(labels) if labels else None
    known_sources = set(index.images.get_column("source").to_list())
    entries = [e for folder in folders for e in collect(folder, mapping, default_label)]
    fresh = [e for e in entries if e[1] not in known_sources]
    hashed = _hash_all([source for _, source, _ in fresh], jobs, progress)
    digests = set(index.images.get_column("digest").to_list())
    rows, skipped, errors = _rows(fresh, hashed, index.images.height, digests)
    skipped += len(entries) - len(fresh)
    images = pl.concat([index.images, pl.DataFrame(rows, schema=SCHEMA)], how="vertical")
    meta = {**index.meta, "updated": datetime.now(UTC).isoformat(timespec="seconds")}
    updated = ReferenceIndex(images, meta)
    save(updated, index_path)
    return BuildResult(updated, len(rows), skipped, errors)


def save(index: ReferenceIndex, path: Path) -> None:
    """Write the index atomically (a temporary file in the same folder, then rename)."""
    import io

    import pyarrow.parquet as pq

    from ..report import write_atomic_bytes

    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; give the index a file name, e.g. {path / 'brands.pfindex'}")
    table = index.images.to_arrow()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           META_KEY: json.dumps(index.meta).encode()})
    data = io.BytesIO()
    pq.write_table(table, data, compression="zstd")
    write_atomic_bytes(path, data.getvalue())


_LOADED: dict[tuple[str, int, int], ReferenceIndex] = {}


def load(path: Path | str) -> ReferenceIndex:
    """Read and validate an index file (cached per path, size and modification time)."""
    import pyarrow.parquet as pq

    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise ConfigError(f"reference index not found: {path} (create it with "
                          "`preflight index build DIR --out INDEX`)") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _LOADED:
        return _LOADED[key]
    try:
        table = pq.read_table(path)
    except Exception:  # noqa: BLE001 - whatever pyarrow raises, the file is not an index
        raise ConfigError(f"{path} is not a reference index (not a Parquet file); build one with "
                          "`preflight index build DIR --out INDEX`") from None
    raw = (table.schema.metadata or {}).get(META_KEY)
    try:
        meta = json.loads(raw) if raw else {}
    except ValueError:  # damaged metadata: not one of ours
        meta = {}
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ConfigError(f"{path} is not a listing-preflight reference index")
    if int(meta.get("version", 0)) > VERSION:
        raise ConfigError(f"{path} is index format version {meta.get('version')}; this "
                          f"listing-preflight reads up to version {VERSION}; upgrade it")
    if meta.get("hash_version") != HASH_VERSION:
        raise ConfigError(f"{path} was built with hash version {meta.get('hash_version')}, this "
                          f"version hashes images differently ({HASH_VERSION}); rebuild it with "
                          "`preflight index build`")
    images = pl.from_arrow(table)
    assert isinstance(images, pl.DataFrame)
    missing = [c for c in SCHEMA if c not in images.columns]
    if missing:
        raise ConfigError(f"{path} is a damaged reference index (missing {', '.join(missing)})")
    index = ReferenceIndex(images.select([pl.col(c).cast(t) for c, t in SCHEMA.items()]), meta)
    _LOADED[key] = index
    return index
