"""Per-rule precision, recall, false-alarm rate and balanced accuracy on the labelled real photos.

Corpus: benchmarks/realphotos/labels.csv (218 photos of ../shared/realdata, labelled by eye, with a
fixed tune/holdout split). Every photo goes through the same extraction as `preflight check`
(listing_preflight.images.extract_features, no cache), then each rule's default decision is applied
to the features. Figures are printed per source for the tune half (thresholds were chosen on it)
and the holdout half (never tuned on) separately.

    python benchmarks/eval_real_photos.py [--jobs 2] [--realdata ../shared/realdata] [--dump f.csv]
    python benchmarks/eval_real_photos.py --split tune       # the tune half only (while tuning)
    python benchmarks/eval_real_photos.py --padded           # non-square photos padded to 1:1
    python benchmarks/eval_real_photos.py --frame-line       # a black line drawn round each
    python benchmarks/eval_real_photos.py --white-frame      # each pasted in a white frame

--padded: every photo that is not square (long side >= PAD_ASPECT x short side) is padded to a
square with white bars (above and below, or left and right) and saved as a 1000 px JPEG (q90),
as a seller does to meet the 1:1 rule; each keeps its background label (a scene padded with
white is still a scene); square photos and those under PAD_MIN_SIDE px are left out.

--frame-line: every photo of at least PAD_MIN_SIDE px, at 1000 px, gets a black line 3 px wide
drawn round it (JPEG q90). Joom rejects frames, so every one is a positive, whatever its own
background.

--white-frame: every photo of at least PAD_MIN_SIDE px is pasted in a white frame whose margin
is 3-12 % of its long side on all four sides (the margin set by the photo's size), saved with a
long side of 1000 px (q90). Each keeps its background label: a white photo in more white is
still white; a scene, grey or coloured photo inside a white frame is rejected.

Adding a rule: append a Judge to JUDGES (truth from the labels, prediction from the features;
null truth = the photo does not count for that rule). IMG007/IMG014 plug in the same way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from PIL import Image

from listing_preflight.images import ImageSettings, extract_features
from listing_preflight.rules.image.background import BackgroundOptions, _kind

HERE = Path(__file__).resolve().parent
LABELS = HERE / "realphotos" / "labels.csv"
REALDATA = HERE.parent.parent / "shared" / "realdata"
SPLITS = ("tune", "holdout")


@dataclass(frozen=True)
class Judge:
    """One rule's yes/no decision and the label it is checked against."""

    code: str
    what: str  # what a positive is
    truth: pl.Expr  # bool from label columns; null = not counted
    predict: Callable[[pl.DataFrame], pl.Series]  # bool per row of the joined frame


def _img006(df: pl.DataFrame) -> pl.Series:
    """IMG006 fires (warning or error) with the default options."""
    kind = df.select(_kind(BackgroundOptions()).alias("k"))["k"]
    return kind.is_not_null() & df["img_error"].is_null()


NOT_WHITE = ("near_white", "grey_or_gradient", "coloured", "scene", "framed")
JUDGES: list[Judge] = [
    Judge(
        "IMG006",
        "background not pure white (close-ups that fill the frame not counted)",
        pl.when(pl.col("background") == "product_fills")
        .then(None)
        .otherwise(pl.col("background").is_in(NOT_WHITE)),
        _img006,
    ),
]


def scores(truth: list[bool], pred: list[bool]) -> dict[str, float | int]:
    """Counts and rates of one confusion table."""
    tp = sum(t and p for t, p in zip(truth, pred))
    fp = sum(p and not t for t, p in zip(truth, pred))
    fn = sum(t and not p for t, p in zip(truth, pred))
    tn = sum(not t and not p for t, p in zip(truth, pred))
    nan = float("nan")
    rec = tp / (tp + fn) if tp + fn else nan
    far = fp / (fp + tn) if fp + tn else nan
    spec = 1 - far if fp + tn else nan
    parts = [v for v in (rec, spec) if v == v]
    return {
        "n": len(truth),
        "pos": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else nan,
        "recall": rec,
        "false_alarm": far,
        "balanced_acc": sum(parts) / len(parts) if parts else nan,
    }


def _line(name: str, s: dict[str, float | int]) -> str:
    f = lambda v: "  -  " if v != v else f"{v:.3f}"  # noqa: E731
    return (
        f"  {name:<22} n={s['n']:<4} pos={s['pos']:<4} tp={s['tp']:<3} fp={s['fp']:<3} "
        f"fn={s['fn']:<3} precision={f(s['precision'])} recall={f(s['recall'])} "
        f"false_alarm={f(s['false_alarm'])} balanced_acc={f(s['balanced_acc'])}"
    )


def evaluate(df: pl.DataFrame, judges: list[Judge], splits: tuple[str, ...] = SPLITS) -> None:
    """Print every judge's figures per split and source."""
    for judge in judges:
        rows = df.with_columns(judge.truth.alias("_truth"), judge.predict(df).alias("_pred"))
        rows = rows.filter(pl.col("_truth").is_not_null())
        print(f"{judge.code}: positive = {judge.what}")
        for split in splits:
            part = rows.filter(pl.col("split") == split)
            tag = "TUNED ON" if split == "tune" else "HELD OUT"
            whole = scores(part["_truth"].to_list(), part["_pred"].to_list())
            print(_line(f"{split} ({tag})", whole))
            for source in sorted(part["source"].unique().to_list()):
                sub = part.filter(pl.col("source") == source)
                print(_line(f"  {source}", scores(sub["_truth"].to_list(), sub["_pred"].to_list())))
            flagged = part.group_by("background").agg(pl.len(), pl.col("_pred").sum())
            print("    flagged by background label: " + ", ".join(
                f"{r['background']} {r['_pred']}/{r['len']}"
                for r in flagged.sort("background").to_dicts()))
        wrong = rows.filter((pl.col("_truth") != pl.col("_pred")) & pl.col("split").is_in(splits))
        for r in wrong.select("split", "file", "background", "img_bg_hex", "img_bg_level",
                              "img_bg_dark", "img_bg_border", "_pred").to_dicts():
            print(f"    miss/false alarm: {r}")


PAD_ASPECT = 1.1  # photos at least this far from square are padded by --padded
PAD_SIDE = 1000
PAD_MIN_SIDE = 200  # smaller photos (the corpus's 10 x 15 thumbnails) are not padded


def _padded(im: Image.Image) -> Image.Image | None:
    """A non-square photo padded to a white square (None: square, or too small)."""
    w, h = im.size
    if max(w, h) < PAD_ASPECT * min(w, h) or min(w, h) < PAD_MIN_SIDE:
        return None
    side = max(w, h)
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    canvas.paste(im, ((side - w) // 2, (side - h) // 2))
    return canvas.resize((PAD_SIDE, PAD_SIDE), Image.Resampling.LANCZOS)


def _frame_line(im: Image.Image) -> Image.Image | None:
    """The photo with a black line 3 px wide (at 1000 px) drawn round it (None: too small)."""
    from eval_similarity_stress import drawn_frame

    return None if min(im.size) < PAD_MIN_SIDE else drawn_frame((0, 0, 0), 3 / PAD_SIDE)(im)


def _white_frame(im: Image.Image) -> Image.Image | None:
    """The photo pasted in a white frame of 3-12 % of its long side (None: too small)."""
    w, h = im.size
    if min(w, h) < PAD_MIN_SIDE:
        return None
    k = round(max(w, h) * (0.03 + 0.01 * ((7 * w + 13 * h) % 10)))
    canvas = Image.new("RGB", (w + 2 * k, h + 2 * k), (255, 255, 255))
    canvas.paste(im, (k, k))
    f = PAD_SIDE / max(canvas.size)
    return canvas.resize((round(canvas.width * f), round(canvas.height * f)),
                         Image.Resampling.LANCZOS)


Alteration = Callable[[Image.Image], Image.Image | None]


def altered_photos(
    labels: pl.DataFrame, realdata: Path, out: Path, alter: Alteration
) -> pl.DataFrame:
    """Each photo as `alter` makes it (skipped where it returns None), saved under `out` as a
    JPEG (q90); (image, file) pairs."""
    from make_image_evalset import load_rgb

    images, files = [], []
    for rel in labels["file"]:
        path = realdata / rel
        if not path.is_file():
            continue
        im = alter(load_rgb(path, max_side=PAD_SIDE))
        if im is None:
            continue
        name = rel + ".altered.jpg"
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        im.save(out / name, "JPEG", quality=90)
        images.append(name)
        files.append(rel)
    return pl.DataFrame({"image": images, "file": files})


def main() -> int:
    """Run the extraction on the corpus and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--realdata", type=Path, default=REALDATA)
    ap.add_argument("--dump", type=Path, help="write the joined labels + features as CSV")
    ap.add_argument("--split", choices=SPLITS, help="print one half only (tune while tuning)")
    ap.add_argument("--padded", action="store_true", help="non-square photos padded to 1:1")
    ap.add_argument("--frame-line", action="store_true", help="a black line drawn round each")
    ap.add_argument("--white-frame", action="store_true", help="each pasted in a white frame")
    args = ap.parse_args()
    if not args.realdata.is_dir():
        print(f"no real photos at {args.realdata}", file=sys.stderr)
        return 2
    labels = pl.read_csv(LABELS, infer_schema=False)
    with tempfile.TemporaryDirectory(prefix="preflight-padded-") as tmp:
        alters = {"padded": _padded, "frame_line": _frame_line, "white_frame": _white_frame}
        alter = next((f for k, f in alters.items() if getattr(args, k)), None)
        if alter is not None:
            names, root = altered_photos(labels, args.realdata, Path(tmp), alter), tmp
        else:
            names, root = pl.DataFrame({"image": labels["file"], "file": labels["file"]}), None
        refs = names.select("image", image_root=pl.lit(str(root or args.realdata)))
        feats = extract_features(refs, ImageSettings(jobs=args.jobs, cache_dir=None))
    feats = feats.drop("image_root").join(names, on="image").drop("image")
    df = labels.join(feats, on="file", how="left" if alter is None else "inner")
    if args.frame_line:
        df = df.with_columns(background=pl.lit("framed"))  # a frame is rejected on any photo
    what = {"padded": " padded to 1:1", "frame_line": " with a line round them",
            "white_frame": " in a white frame"}
    what = next((v for k, v in what.items() if getattr(args, k)), "")
    print(f"{df.height} photos{what}, {df['img_error'].is_not_null().sum()} unreadable")
    evaluate(df, JUDGES, (args.split,) if args.split else SPLITS)
    if args.dump:
        df.select(pl.exclude(pl.List(pl.Null))).select(
            [c for c, t in df.schema.items() if not isinstance(t, pl.List)]
        ).write_csv(args.dump)
    return 0


if __name__ == "__main__":
    sys.exit(main())
