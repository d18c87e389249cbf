"""Equivalence and speed check of watermark_model.feature_vector() on real and generated images.

  python benchmarks/watermark_features_speed.py save  /tmp/wm_ref.pkl   # inputs + current vectors
  python benchmarks/watermark_features_speed.py check /tmp/wm_ref.pkl [OLD_MODULE.py]
      # max deviation against the saved vectors + ms/image; with a saved copy of the previous
      # watermark_model.py, both are timed alternately in this run (the machine is shared, so
      # only same-run figures compare)

Inputs go through the same path as extract.features_from_decoded (decode, luma, background,
overlay cues), so the vectors are the ones the shipped model sees.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from listing_preflight.images import background, overlay, watermark_model
from listing_preflight.images.decode import decode

cv2.setNumThreads(0)  # as in the worker processes (extract.init_worker)

ROOT = Path(__file__).resolve().parent
SOURCES = [
    Path("/work/shared/realdata"),
    ROOT / "data" / "image_evalset",
    ROOT / "data" / "image_bench",
]


def _inputs(limit: int = 220) -> list[tuple]:
    """Decoded working-size inputs of feature_vector() for up to `limit` images."""
    paths: list[Path] = []
    for src in SOURCES:
        if src.exists():
            files = sorted(
                p for p in src.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}
            )
            paths.extend(files[:: max(1, len(files) // 90)][:90])
    out = []
    for p in paths[:limit]:
        try:
            dec = decode(p.read_bytes(), max_pixels=100_000_000)
        except Exception:  # noqa: BLE001, S112 - unreadable samples are skipped
            continue
        rgb = dec.rgb
        luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        if min(luma.shape) < watermark_model.MIN_SIDE:
            continue
        bg = background.analyse(rgb, luma)
        white = bg.ring_dark[background.RING_LEVELS.index(245)] <= 0.10
        score, regions = overlay.find_overlays(rgb, bg, white, luma)
        out.append((str(p), rgb, luma, bg, white, score, regions))
    return out


def _vectors(items: list[tuple]) -> np.ndarray:
    return np.stack([watermark_model.feature_vector(*it[1:]) for it in items])


def _time(items: list[tuple], fn=None, reps: int = 5) -> float:
    """Best-of-reps mean ms per image of feature_vector() (or `fn` with its signature)."""
    fn = fn or watermark_model.feature_vector
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        for it in items:
            fn(*it[1:])
        best = min(best, (time.perf_counter() - t) / len(items) * 1e3)
    return best


def _load_old(path: Path):
    """feature_vector() of a saved copy of the module (loaded inside the package for imports)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "listing_preflight.images._watermark_model_old", path
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.feature_vector


def main() -> None:
    """Entry point: save or check."""
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "save":
        items = _inputs()
        vec = _vectors(items)
        path.write_bytes(pickle.dumps((items, vec)))
        print(f"saved {len(items)} images, {vec.shape[1]} features; {_time(items):.3f} ms/image")
        return
    items, ref = pickle.loads(path.read_bytes())
    new = _vectors(items)
    dev = np.abs(new.astype(np.float64) - ref)
    rel = dev / np.maximum(np.abs(ref), 1e-12)
    bad = (dev > 1e-5) & (rel > 1e-5)
    print(
        f"{len(items)} images; max abs dev {dev.max():.3g}; max dev beyond tol: {int(bad.sum())} entries"
    )
    if bad.any():
        i, j = np.argwhere(bad)[0]
        print(f"  first: image {items[i][0]} feature {j}: old {ref[i, j]!r} new {new[i, j]!r}")
    probs_old = watermark_model.predict(ref)
    probs_new = watermark_model.predict(new)
    print(f"max prob diff {np.abs(probs_old - probs_new).max():.3g}")
    if len(sys.argv) > 3:
        old = _load_old(Path(sys.argv[3]))
        t_old, t_new = [], []
        for _ in range(3):  # alternate so both see the same machine load
            t_old.append(_time(items, old, reps=2))
            t_new.append(_time(items, reps=2))
        print(
            f"old {min(t_old):.3f} ms/image, new {min(t_new):.3f} ms/image "
            f"({min(t_old) / min(t_new):.2f}x faster; best of 6 passes each)"
        )
    else:
        print(f"{_time(items):.3f} ms/image (best of 5)")


if __name__ == "__main__":
    main()
