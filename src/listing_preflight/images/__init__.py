"""Image sources, decoding, feature extraction, cache and worker pool.

Public entry points:
- `attach_features(images, ctx)`: the engine's hook; joins `img_*` feature columns onto the
  images table (one row per image reference).
- `extract_features(refs, settings)`: the same pass for any frame of (image, image_root), e.g.
  reference images for the similarity index.

Cache: `--cache-dir DIR` (Config.cache_dir), else $PREFLIGHT_CACHE_DIR, else the per-user cache
folder (~/.cache/listing-preflight on Linux, ~/Library/Caches/... on macOS, %LOCALAPPDATA%\\...
on Windows) - not the current directory, so a check never litters the seller's photo folders or
repository. `--no-cache` (Config.no_cache) neither reads nor writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    import polars as pl

    from .pipeline import ImageSettings, PassResult

# Worker processes import `images.extract`, which imports this package first: keep it light
# (no httpx, no pipeline) so that a spawned worker starts fast. Public names load on use.
_LAZY = {
    "ImageSettings": "pipeline",
    "run_pass": "pipeline",
    "PassResult": "pipeline",
    "FEATURE_COLUMNS": "extract",
    "FEATURE_NAMES": "extract",
    "FEATURE_VERSION": "extract",
    "CACHE_VERSION": "extract",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = [
    "CACHE_VERSION",
    "FEATURE_COLUMNS",
    "FEATURE_VERSION",
    "ImageSettings",
    "attach_features",
    "extract_features",
]


def _frame(result: PassResult) -> pl.DataFrame:
    import polars as pl

    from .extract import FEATURE_COLUMNS, FEATURE_NAMES

    keys = list(result.features)
    data: dict[str, list[Any]] = {
        "image": [k[0] for k in keys],
        "image_root": [k[1] for k in keys],
    }
    for i, name in enumerate(FEATURE_NAMES):
        data[name] = [result.features[k][i] for k in keys]
    return pl.DataFrame(
        data, schema={"image": pl.String(), "image_root": pl.String(), **FEATURE_COLUMNS}
    )


def _settings(settings: Any) -> ImageSettings:
    from .pipeline import ImageSettings

    if isinstance(settings, ImageSettings):
        return settings
    if settings is None:
        return ImageSettings()
    return ImageSettings.from_config(settings)  # a Config (or anything with its attributes)


def extract_features(refs: pl.DataFrame, settings: Any = None) -> pl.DataFrame:
    """Features of each unique (image, image_root) row of `refs`: image/image_root + FEATURE_COLUMNS.

    For the similarity helper: hash reference images through THIS function so catalog and
    reference hashes come from the same decode path (reduced JPEG decode, EXIF orientation,
    alpha composited on white, resized to extract.HASH_SIDE, then hashing.compute_hashes).
    `settings`: an ImageSettings, a Config, or None (defaults: all cores, user cache dir).
    `image_root` may be null (paths relative to the current directory). Unreadable images get
    `img_error` and null features; nothing raises for a bad image.
    """
    import polars as pl

    from .pipeline import run_pass

    cols = (
        refs.select(
            pl.col("image").cast(pl.String),
            (pl.col("image_root") if "image_root" in refs.columns else pl.lit(None))
            .cast(pl.String)
            .alias("image_root"),
        )
        .filter(pl.col("image").is_not_null())
        .unique(maintain_order=True)
    )
    pairs = list(zip(cols["image"].to_list(), cols["image_root"].to_list()))
    return _frame(run_pass(pairs, _settings(settings)))


PROBE_SAMPLE = 64  # image references looked up in the cache to decide whether to start workers


def overlay_checks_needed(columns: Iterable[str] | None) -> bool:
    """Whether a pass whose rules read `columns` (None: every column) needs the overlay checks'
    work: the watermark network and the overlay search (extract.OVERLAY_COLUMNS)."""
    from .extract import OVERLAY_COLUMNS

    return columns is None or not OVERLAY_COLUMNS.isdisjoint(columns)


def prepare_pass(images: pl.DataFrame, config: Any, columns: Iterable[str] | None = None) -> None:
    """Before the rules that need no images: when the image pass will decode, let the local
    worker pool start meanwhile. Decided and done in a background thread (the imports too,
    while the text rules run); never raises. `columns`: what the run's image rules read."""
    import contextlib
    import threading

    def probe() -> None:
        try:
            from .engines.local import prestart_workers
            from .pipeline import ImageSettings, likely_to_decode

            settings = ImageSettings.from_config(config, overlay_checks_needed(columns))
            if settings.engine not in (None, "", "local") or settings.workers() <= 1 \
                    or images.height < settings.inline_below:
                return
            step = max(1, images.height // PROBE_SAMPLE)
            sample = images.select("image", "image_root").gather_every(step).head(PROBE_SAMPLE)
            pairs = [(image, None if root is None else str(root))
                     for image, root in sample.iter_rows()]
            if likely_to_decode(pairs, settings):
                prestart_workers()
        except Exception:  # noqa: BLE001, S110 - the pass itself meets and reports any problem
            pass

    with contextlib.suppress(RuntimeError):  # no thread to be had: the pass starts its pool
        threading.Thread(target=probe, name="preflight-image-probe", daemon=True).start()


def attach_features(images: pl.DataFrame, ctx: Any, columns: Iterable[str] | None = None
                    ) -> pl.DataFrame:
    """The images table with `img_*` feature columns joined (engine hook). `columns`: the
    feature columns the active rules read (None: all); a part of the extraction no active rule
    reads is skipped and its columns stay null (the overlay checks: `overlay_checks_needed`)."""
    import polars as pl

    from .extract import FEATURE_COLUMNS
    from .pipeline import ImageSettings, run_pass

    settings = ImageSettings.from_config(ctx.config, overlay_checks_needed(columns))
    if images.height == 0:
        return images.with_columns(
            [pl.lit(None, dtype=t).alias(n) for n, t in FEATURE_COLUMNS.items()]
        )
    pairs = list(zip(images["image"].to_list(), images["image_root"].cast(pl.String).to_list()))
    result = run_pass(pairs, settings)
    if hasattr(ctx, "cache"):
        ctx.cache["image_pass"] = {
            "decoded": result.decoded,
            "fetched": result.fetched,
            "cache_hits": result.cache_hits,
            "notices": result.notices,
        }
    feats = _frame(result)
    return images.with_columns(pl.col("image_root").cast(pl.String)).join(
        feats, on=["image", "image_root"], how="left", nulls_equal=True, maintain_order="left"
    )
