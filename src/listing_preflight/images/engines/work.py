"""Worker side of the distributed engines: one batch of jobs in, (location, digest, JSON) out.

URLs are fetched on the worker with the same Fetcher (limits, retries, per-image errors) the
local engine uses on the driver; s3:// and gs:// through fsspec when the [s3] extra is there.
Results travel as JSON text, as in the feature store: what the driver decodes is exactly what
a warm run would read from the cache, so findings match the local engine byte for byte.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..extract import error_row, extract_paths, features_from_bytes, init_worker, load_models
from ..fetch import Fetcher, FetchSettings


@lru_cache(maxsize=1)
def warm_up() -> bool:
    """Once per worker process: one OpenCV thread, allocator settings, the ONNX models loaded
    (a model problem is left for the first image to report)."""
    init_worker()
    load_models()
    return True


def read_object(url: str, max_pixels: int, overlay: bool = True) -> tuple[str, tuple[Any, ...]]:
    """(digest, features) of an s3:// or gs:// image through fsspec; a per-image error otherwise.
    `overlay`: run the overlay checks' work (extract.features_from_bytes)."""
    try:
        import fsspec
    except ImportError:
        scheme = url.split(":", 1)[0]
        return "", error_row(f"{scheme}:// images need the s3 extra: "
                             "pip install 'listing-preflight[s3]'")
    try:
        with fsspec.open(url, "rb") as fh:
            data = fh.read()
    except ImportError:  # fsspec is there (ray/dask bring it) but not s3fs / gcsfs
        scheme = url.split(":", 1)[0]
        return "", error_row(f"{scheme}:// images need the s3 extra: "
                             "pip install 'listing-preflight[s3]'")
    except Exception as exc:  # noqa: BLE001 - credentials, network, missing key: a per-image finding
        return "", error_row(f"cannot read {url}: {type(exc).__name__}: {exc}")
    return features_from_bytes(data, max_pixels, overlay)


def run_batch(jobs: list[tuple[str, str]], max_pixels: int, fetch: FetchSettings | None = None,
              overlay: bool = True) -> list[tuple[str, str, str]]:
    """[(kind, location)] -> [(location, digest, features as JSON)]; never raises for an image.
    `overlay`: run the overlay checks' work (extract.features_from_bytes)."""
    warm_up()
    out: list[tuple[str, str, str]] = []
    paths = [loc for kind, loc in jobs if kind == "path"]
    for loc, (dig, values) in zip(paths, extract_paths([(p, max_pixels) for p in paths], overlay)):
        out.append((loc, dig, json.dumps(list(values))))
    urls = [loc for kind, loc in jobs if kind == "url" and loc[:8].lower().startswith(("http://", "https:/"))]
    web = set(urls)
    others = [loc for kind, loc in jobs if kind == "url" and loc not in web]
    for loc in others:
        dig, values = read_object(loc, max_pixels, overlay)
        out.append((loc, dig, json.dumps(list(values))))
    if urls:
        with tempfile.TemporaryDirectory(prefix="preflight-w-") as tmp:
            fetcher = Fetcher(Path(tmp), fetch or FetchSettings())
            try:
                got = fetcher.fetch_all(urls)
            finally:
                fetcher.close()
            for url in urls:
                item = got[url]
                if item.path:
                    dig, values = extract_paths([(item.path, max_pixels)], overlay)[0]
                else:
                    dig, values = "", error_row(item.error or "fetch failed", item.size)
                out.append((url, dig, json.dumps(list(values))))
    return out


def decode_results(rows: list[tuple[str, str, str]]) -> dict[str, tuple[str, tuple[Any, ...]]]:
    """The driver's side of `run_batch`: location -> (digest, feature tuple)."""
    return {loc: (dig, tuple(json.loads(data))) for loc, dig, data in rows}


def apply_each(fn: Any, items: list[Any]) -> list[Any]:
    """One task of `Engine.map_each`: the function over a batch of items, on a warm worker."""
    warm_up()
    return [fn(item) for item in items]
