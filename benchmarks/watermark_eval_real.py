"""IMG007 / IMG014 on real photos: each clean real photo clean and with each overlay kind.

Photos: ../shared/realdata (read in place, never copied), labelled and split by the corpus's
benchmarks/realphotos/labels.csv (its fixed tune/holdout split), or --labels with another
labels file (file, text_or_watermark or overlay; optional split). realdata's own labels.csv
has no split column: the hash split below puts 41 of the corpus's holdout photos in "tune",
so it is no default (stop 21 ran it by mistake). Photos labelled with
an overlay or watermark are real positives; the others (none, product_print) are the clean set
and get one marked variant per kind of watermark_overlays.KINDS. Every image is a 1000 px JPEG
(q90) run through the real feature extraction (extract.features_from_bytes). Split: the labels'
`split` column where present, else 40 % of photos held out by file-name hash; the cascade
thresholds were tuned on the `tune` half only.

    python benchmarks/watermark_eval_real.py            # computes, caches, prints
    python benchmarks/watermark_eval_real.py --sweep    # line-score thresholds too
    python benchmarks/watermark_eval_real.py --model OLD.onnx   # another network (OLD.json beside it)
    python benchmarks/watermark_eval_real.py --sizes 800,1000,1600 --split tune   # by file size
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import sys
from multiprocessing import Pool
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import watermark_overlays
from make_image_evalset import load_rgb
from watermark_data import is_validation

from listing_preflight.images import extract
from listing_preflight.images.watermark_net import default_threshold
from listing_preflight.images.watermark_zoom import ZOOM_MARK

REALDATA = HERE.parent.parent / "shared" / "realdata"
MARKED_LABELS = {"overlay_text", "watermark", "logo", "overlay", "text_overlay"}
SIDE = 1000
SPLITS = ("tune", "holdout")  # --split tune: print the tune half only (while choosing thresholds)


def use_model(path: Path | None) -> None:
    """Run another watermark network (its thresholds in the .json beside it) in this process."""
    if path is None:
        return
    from listing_preflight.images import watermark_net

    watermark_net.MODEL, watermark_net.META = path, path.with_suffix(".json")
    watermark_net._runner.cache_clear()
    watermark_net.metadata.cache_clear()


def init_worker_with(model: Path | None) -> None:
    """A pool worker's start: the extraction's models, and `model` for the shipped network."""
    extract.init_worker()
    use_model(model)


def split_of(name: str) -> str:
    """40 % of photos held out by a hash of their file name."""
    return "holdout" if hashlib.blake2b(name.encode()).digest()[0] % 10 < 4 else "tune"


# --upscale N: every variant (clean and marked) is resized to a long side of N px before it
# is saved, to evaluate the extraction on larger files (the cascade decodes them DCT-scaled).
UPSCALE: int | None = None


def _jpeg(im: Image.Image) -> bytes:
    if UPSCALE:
        f = UPSCALE / max(im.size)
        im = im.resize((round(im.width * f), round(im.height * f)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _features(data: bytes) -> dict:
    _, values = extract.features_from_bytes(data, 200_000_000)
    row = dict(zip(extract.FEATURE_NAMES, values, strict=True))
    return {k: row[k] for k in ("img_watermark_prob", "img_watermark_zoom", "img_text_boxes",
                               "img_text", "img_error")}


def run_photo(item: tuple[str, str, str, str]) -> list[dict]:
    """Rows (one per variant) of one photo."""
    rel, label, split, source = item
    base = load_rgb(REALDATA / rel, max_side=SIDE)
    rng = random.Random(rel)
    marked = label in MARKED_LABELS
    variants = [("real_marked" if marked else "clean", base, marked)]
    if not marked:
        variants += [(k, watermark_overlays.mark(base, k, rng), True)
                     for k in watermark_overlays.KINDS]
    rows = []
    for kind, im, positive in variants:
        rows.append({"file": rel, "source": source, "split": split, "kind": kind,
                     "positive": positive, "label": label, **_features(_jpeg(im))})
    return rows


def load_items(labels: Path) -> list[tuple[str, str, str, str]]:
    """(file, overlay label, split, source) of every labelled photo."""
    items = []
    with labels.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rel = r["file"]
            if not (REALDATA / rel).is_file():
                continue
            label = r.get("text_or_watermark") or r.get("overlay") or "none"
            split = r.get("split") or split_of(rel)
            items.append((rel, label, split, rel.split("/")[0]))
    return items


def decide(row: dict, net_thr: float, line_thr: float, use_lines: bool = True) -> bool:
    """IMG007's single-image verdict as the rule computes it (use_lines=False: the network
    alone, its second look included, as before the text cascade)."""
    if (row["img_watermark_prob"] or 0) >= net_thr:
        return True
    zoom = row.get("img_watermark_zoom")
    if zoom and zoom[4] >= ZOOM_MARK:
        return True
    if not use_lines:
        return False
    return any(b[5] >= 0.5 and b[4] >= line_thr for b in (row["img_text_boxes"] or []))


def promo_report(rows: list[dict], line_thr: float) -> None:
    """IMG014: variants whose read overlay text matches its promo/contact patterns, by kind.

    The poster kind always carries a promo phrase, three of the four copyright-line texts a
    link ("www.x.com", "x.com") and one Chinese caption is 新款上市 ("new arrival"); the other
    kinds and the clean photos carry none (a match there is a misreading).
    """
    import polars as pl

    from listing_preflight.rules.image.promo_text import promo_regex

    rx = promo_regex()
    for split in ("tune", "holdout"):
        counts: dict[str, list[int]] = {}
        for r in rows:
            if r["split"] != split:
                continue
            texts = [t for t, b in zip(r["img_text"] or [], r["img_text_boxes"] or [], strict=False)
                     if t and b[4] >= line_thr]
            hit = bool(texts) and bool(pl.Series(texts).str.contains(rx).any())
            c = counts.setdefault(r["kind"], [0, 0])
            c[0] += 1
            c[1] += hit
        print(f"  {split}: " + ", ".join(f"{k} {h}/{n}" for k, (n, h) in sorted(counts.items())))


def report(
    rows: list[dict], line_thr: float, use_lines: bool = True, background: dict | None = None
) -> None:
    """Recall per kind and false alarms per source, tune and holdout separately."""
    net_thr = default_threshold()
    for split in SPLITS + (("tune-validation",) if "tune" in SPLITS else ()):
        part = _part(rows, split)
        pos = [r for r in part if r["positive"] and r["kind"] != "real_marked"]
        neg = [r for r in part if not r["positive"]]
        real = [r for r in part if r["kind"] == "real_marked"]
        rec = sum(decide(r, net_thr, line_thr, use_lines) for r in pos) / max(1, len(pos))
        fa = sum(decide(r, net_thr, line_thr, use_lines) for r in neg) / max(1, len(neg))
        print(f"  {split}: synthetic-overlay recall {rec:.3f} ({len(pos)}), clean false alarms "
              f"{fa:.3f} ({sum(decide(r, net_thr, line_thr, use_lines) for r in neg)}/{len(neg)})"
              f", real marked {sum(decide(r, net_thr, line_thr, use_lines) for r in real)}"
              f"/{len(real)}")
        kinds = sorted({r["kind"] for r in pos})
        print("    by kind: " + ", ".join(
            f"{k} {sum(decide(r, net_thr, line_thr, use_lines) for r in pos if r['kind'] == k)}"
            f"/{sum(r['kind'] == k for r in pos)}" for k in kinds))
        srcs = sorted({r["source"] for r in neg})
        print("    clean false alarms by source: " + ", ".join(
            f"{s} {sum(decide(r, net_thr, line_thr, use_lines) for r in neg if r['source'] == s)}"
            f"/{sum(r['source'] == s for r in neg)}" for s in srcs))
        if background:
            groups = sorted({background.get(r["file"], "?") for r in part})
            print("    by background (recall; false alarms): " + "; ".join(
                f"{g} {_share(pos, g, background, net_thr, line_thr, use_lines)}, "
                f"{_share(neg, g, background, net_thr, line_thr, use_lines)}" for g in groups))


def _part(rows: list[dict], split: str) -> list[dict]:
    """The rows of a split; "tune-validation": the tune photos the network was not fitted on
    (watermark_data.is_validation, as watermark_overlay_data.py and train_watermark.py keep them
    aside for choosing the threshold)."""
    if split == "tune-validation":
        return [r for r in rows if r["split"] == "tune" and is_validation(r["file"])]
    return [r for r in rows if r["split"] == split]


def _share(rows: list[dict], group: str, background: dict, *thr) -> str:
    sel = [r for r in rows if background.get(r["file"], "?") == group]
    return f"{sum(decide(r, *thr) for r in sel)}/{len(sel)}"


def compute(args: argparse.Namespace, cache: Path) -> list[dict]:
    """Every variant's features: read from `cache`, or computed (and cached) in a pool."""
    if cache.is_file() and not args.recompute:
        return json.loads(cache.read_text())
    items = [i for i in load_items(args.labels) if i[2] in SPLITS]
    with Pool(args.processes, initializer=init_worker_with, initargs=(args.model,)) as pool:
        rows = [r for part in pool.imap_unordered(run_photo, items, chunksize=2) for r in part]
    cache.write_text(json.dumps(rows))
    return rows


def size_report(size: int, rows: list[dict], line_thr: float) -> None:
    """One line per split of the variants saved at `size` px: recall (network alone, and with
    the text lines) and clean false alarms."""
    net_thr = default_threshold()
    for split in SPLITS + (("tune-validation",) if "tune" in SPLITS else ()):
        part = _part(rows, split)
        pos = [r for r in part if r["positive"] and r["kind"] != "real_marked"]
        neg = [r for r in part if not r["positive"]]
        net = sum(decide(r, net_thr, line_thr, False) for r in pos) / max(1, len(pos))
        both = sum(decide(r, net_thr, line_thr) for r in pos) / max(1, len(pos))
        fa = sum(decide(r, net_thr, line_thr) for r in neg)
        print(f"{size:5d} px  {split:16s} network alone {net:.3f}  + text lines {both:.3f} "
              f"({len(pos)})  clean false alarms {fa}/{len(neg)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=HERE / "realphotos" / "labels.csv")
    ap.add_argument("--cache", type=Path, default=None,
                    help="features cache (default: /tmp, named after the labels file's content "
                         "and --split, so that a run never reads another run's rows)")
    ap.add_argument("--recompute", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--line-score", type=float, default=None)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--upscale", type=int, default=None,
                    help="resize every variant to this long side (px) before saving it")
    ap.add_argument("--sizes", type=str, default=None,
                    help="comma-separated long sides (px), e.g. 800,1000,1600: every variant "
                         "saved at each size in turn, one summary line per size and split")
    ap.add_argument("--model", type=Path, default=None,
                    help="another watermark_net.onnx to run (e.g. main's, to compare on one run)")
    ap.add_argument("--split", choices=["tune", "holdout"], default=None,
                    help="compute and print one half only (thresholds are chosen on tune alone)")
    ap.add_argument("--allow-missing-fonts", action="store_true",
                    help="run although a script's font is missing (figures not comparable)")
    args = ap.parse_args()
    if args.cache is None:
        key = hashlib.blake2b(args.labels.read_bytes(), digest_size=4).hexdigest()
        args.cache = Path(f"/tmp/preflight-wm-eval-{key}-{args.split or 'all'}.json")
    missing = watermark_overlays.missing_fonts()
    if missing and (args.recompute or not args.cache.is_file()):
        print(f"fonts missing for {', '.join(missing)}: its overlays would be drawn in Latin and "
              "the figures would not match benchmarks/README.md. Install them (Debian: "
              "apt-get install fonts-dejavu fonts-wqy-microhei fonts-hosny-amiri) or pass "
              "--allow-missing-fonts.", file=sys.stderr)
        if not args.allow_missing_fonts:
            sys.exit(2)
    global UPSCALE, SPLITS
    UPSCALE = args.upscale  # set before the pool forks, so the workers see it
    use_model(args.model)
    if args.split:
        SPLITS = (args.split,)
    from listing_preflight.images import overlay_text

    line_thr = args.line_score if args.line_score is not None else overlay_text.LINE_SCORE
    if args.sizes:
        for size in (int(s) for s in args.sizes.split(",")):
            UPSCALE = size  # read by the workers the next pool forks
            cache = args.cache.with_name(f"{args.cache.stem}-{size}px{args.cache.suffix}")
            size_report(size, compute(args, cache), line_thr)
        return
    rows = compute(args, args.cache)
    ran = sum(r["img_text_boxes"] is not None for r in rows)
    print(f"{len(rows)} images; text cascade ran on {ran} ({ran / len(rows):.1%}); "
          f"clean candidates {sum(r['img_text_boxes'] is not None for r in rows if not r['positive'])}"
          f"/{sum(not r['positive'] for r in rows)}")
    with args.labels.open(encoding="utf-8") as fh:
        background = {r["file"]: r.get("background") or r.get("white_bg") or "?"
                      for r in csv.DictReader(fh)}
    print("network alone (shipped threshold):")
    report(rows, line_thr, use_lines=False, background=background)
    print(f"network + overlay text lines (line score >= {line_thr}):")
    report(rows, line_thr, background=background)
    print("IMG014 promo/contact matches in the read overlay text:")
    promo_report(rows, line_thr)
    if args.sweep:
        for t in (0.5, 0.6, 0.8, 0.9):
            print(f"line score >= {t}:")
            report(rows, t)


if __name__ == "__main__":
    main()
