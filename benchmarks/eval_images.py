"""Precision/recall of the image heuristics on labelled photos (IMG006, IMG007, IMG008).

Sets:
- ../shared/realdata (137 real product photos, labelled by a person; see its README);
- benchmarks/data/image_evalset (the same photos, clean + one synthetic watermark / logo / overlay
  text / tiled mark / banner each; built by benchmarks/make_image_evalset.py, run it first);
- synthetic blur of the realdata photos for IMG008 (Gaussian sigma 2 and 4 px at 1000 px).

Each image goes through the same extraction as `preflight check` (listing_preflight.images), then
the rules' default thresholds are applied to the features.

    python benchmarks/make_image_evalset.py && python benchmarks/eval_images.py [--dump FILE]

IMG007's catalog evidence is measured on simulated sellers of 12 products: each of the five
marks stamped alike on every photo, clean sellers, and controls whose products repeat a print
(real product-print photos, one mock-up template with a different design on each product).

`--other-photos DIR` adds IMG008 and IMG007 on photos unlike any the network was fitted on
(clean, and with each evaluation mark twice; and unmarked, as 5 sellers of 12 for the catalog
evidence). The stop-9 figures in benchmarks/README.md used the 13 photographs bundled in the
scikit-image wheel; stop 10 added the 47 Debian photos of benchmarks/data/extra_photos (the
opencv-doc samples and mate-backgrounds, see commit c18f736), with both in one folder:

    pip download --no-deps scikit-image==0.26.0 -d /tmp/sk && mkdir -p benchmarks/data/other_photos
    unzip -j /tmp/sk/scikit_image-*.whl $(printf 'skimage/data/%s ' astronaut.png coffee.png \
        chelsea.png rocket.jpg motorcycle_left.png motorcycle_right.png camera.png coins.png \
        brick.png grass.png gravel.png retina.jpg hubble_deep_field.jpg) -d benchmarks/data/other_photos
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
from pathlib import Path

import polars as pl
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_image_evalset import KINDS, font, load_rgb, mark
from watermark_data import split_of

from listing_preflight.images import ImageSettings, extract_features
from listing_preflight.images.background import RING_LEVELS
from listing_preflight.rules.image import (
    BackgroundOptions,
    BlurOptions,
    WatermarkOptions,
)

REALDATA = HERE.parent.parent / "shared" / "realdata"
EVALSET = HERE / "data" / "image_evalset"
# img_watermark_prob at which the shipped network makes IMG007 fire (WatermarkOptions default).
MODEL_THRESHOLD = WatermarkOptions().min_model_score


def img007(df: pl.DataFrame, threshold: float = MODEL_THRESHOLD) -> list[bool]:
    """IMG007 single-image decision of the shipped network (default threshold)."""
    return (df["img_watermark_prob"].fill_null(0) >= threshold).to_list()


def img008(df: pl.DataFrame) -> list[bool]:
    """IMG008's decision with its default options (photos below min_side are left to IMG005)."""
    opts = BlurOptions()
    blurry = (pl.col("img_sharpness").fill_null(1) < opts.min_sharpness) & (
        pl.max_horizontal("img_width", "img_height") >= opts.min_side
    )
    return df.select(blurry)[:, 0].to_list()


def features(folder: Path, files: list[str], jobs: int) -> pl.DataFrame:
    """Features of files in `folder`, without cache (every image decoded)."""
    refs = pl.DataFrame({"image": files, "image_root": [str(folder)] * len(files)})
    return extract_features(refs, ImageSettings(jobs=jobs, cache_dir=None))


def report(name: str, truth: list[bool], pred: list[bool]) -> None:
    """Print accuracy, precision, recall and FP rate."""
    tp = sum(t and p for t, p in zip(truth, pred))
    fp = sum(p and not t for t, p in zip(truth, pred))
    fn = sum(t and not p for t, p in zip(truth, pred))
    tn = sum(not t and not p for t, p in zip(truth, pred))
    n = len(truth)
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    fpr = fp / (fp + tn) if fp + tn else float("nan")
    print(
        f"  {name:<44} n={n:<4} acc={(tp + tn) / n:6.1%}  precision={prec:6.1%}  recall={rec:6.1%}  "
        f"FP rate={fpr:6.1%}  (tp={tp} fp={fp} fn={fn} tn={tn})"
    )


def prints_only(df: pl.DataFrame) -> pl.DataFrame:
    """The realdata photos whose text is printed on the product."""
    return df.filter(pl.col("text_or_watermark") == "product_print")


def white_predictions(df: pl.DataFrame) -> list[bool]:
    """IMG006 'background is white' per image (default options)."""
    from listing_preflight.rules.image.background import _kind

    kinds = df.select(_kind(BackgroundOptions()).alias("k"))["k"]
    return (kinds.is_null() & df["img_error"].is_null()).to_list()


BACKDROPS = {  # name -> colour of the backdrop, or None for a studio sweep gradient 255 -> 225
    "grey 238": (238, 238, 238),
    "grey 246": (246, 246, 246),
    "cream": (252, 246, 232),
    "light blue": (235, 242, 250),
    "sweep": None,
}


def backdrops(real: pl.DataFrame, jobs: int) -> None:
    """IMG006 on the white realdata photos re-shot (synthetically) on non-white backdrops."""
    import numpy as np

    white = real.filter(pl.col("white_bg").is_in(["yes", "transparent"]))["file"].to_list()
    with tempfile.TemporaryDirectory() as tmp:
        files, truth = [], []
        for i, name in enumerate(white):
            im = Image.open(REALDATA / name)
            if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
                rgba = im.convert("RGBA")
                base = Image.new("RGB", rgba.size, (255, 255, 255))
                base.paste(rgba, mask=rgba.getchannel("A"))
                im = base
            arr = np.asarray(im.convert("RGB")).copy()
            bg = arr.min(axis=2) >= 250  # the white backdrop (and white product parts: harmless)
            for label, colour in BACKDROPS.items():
                out = arr.copy()
                if colour is None:
                    ramp = np.linspace(255, 225, arr.shape[0])[:, None].repeat(arr.shape[1], 1)
                    out[bg] = np.repeat(ramp[bg][:, None], 3, axis=1).astype(np.uint8)
                else:
                    out[bg] = colour
                fname = f"{i:03d}_{label.replace(' ', '_')}.jpg"
                Image.fromarray(out).save(Path(tmp) / fname, quality=90)
                files.append(fname)
                truth.append(False)
        df = features(Path(tmp), files, jobs)
        report(
            f"white photos on 5 synthetic backdrops (n={len(white)} x 5)",
            truth,
            white_predictions(df),
        )
        for label in BACKDROPS:
            key = label.replace(" ", "_")
            sub = df.filter(pl.col("image").str.contains(key))
            flagged = sum(not p for p in white_predictions(sub))
            print(f"    {label:<12} flagged {flagged} of {sub.height}")


def _checked_sellers(
    sellers: dict[str, list[Image.Image]], jobs: int
) -> dict[str, tuple[int, int]]:
    """IMG007 over one catalog of several sellers (a store each): per seller, the images flagged
    in all and those flagged by catalog evidence alone."""
    from listing_preflight.api import check_rows

    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for store, images in sellers.items():
            for p_i, im in enumerate(images):
                fname = f"{store}_{p_i:02d}.jpg"
                im.save(Path(tmp) / fname, quality=90)
                rows.append(
                    {
                        "product_sku": f"{store}-{p_i}",
                        "title": "Product",
                        "main_image": fname,
                        "store": store,
                    }
                )
        result = check_rows(
            rows, select=["IMG007"], config={"images": tmp, "no-cache": True, "jobs": jobs}
        )
    counts = result.findings.group_by(
        pl.col("product_sku").str.replace(r"-\d+$", "").alias("store")
    ).agg(pl.len(), pl.col("value").is_null().sum().alias("catalog"))
    per_store = {store: (n, c) for store, n, c in counts.iter_rows()}
    return {store: per_store.get(store, (0, 0)) for store in sellers}


def _square(im: Image.Image) -> Image.Image:
    """The photo padded to 1:1 on white, as a marketplace main image is."""
    side = max(im.size)
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    canvas.paste(im, ((side - im.width) // 2, (side - im.height) // 2))
    return canvas


def _printed(im: Image.Image, word: str, rng: random.Random) -> Image.Image:
    """The photo with an opaque word at its centre, as a print-on-demand mock-up carries one."""
    out = im.copy()
    w, h = out.size
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    ImageDraw.Draw(out).text(
        (w // 2, h // 2), word, font=font(int(h * rng.uniform(0.06, 0.1))), fill=colour, anchor="mm"
    )
    return out


DESIGNS = [
    "SUMMER VIBES",
    "Best Dad",
    "I love NY",
    "GAME ON",
    "Cat Mom",
    "Coffee First",
    "Rock 1979",
    "No Drama",
    "Go Team",
    "Wild & Free",
    "Good Day",
    "Be Kind",
]


def catalog_evidence(real: pl.DataFrame, jobs: int, per_seller: int = 12) -> None:
    """IMG007 with catalog evidence: one seller stamps the same mark on all its photos."""
    # Photos a mark can be drawn on (not realdata's 10 px strips).
    usable = real.filter(pl.min_horizontal("img_width", "img_height") >= 64)
    photos = usable.filter(pl.col("text_or_watermark") == "none")["file"].to_list()
    prints = usable.filter(pl.col("text_or_watermark") == "product_print")["file"].to_list()
    print(
        f"IMG007 catalog evidence (sellers of {per_seller} products, same mark on every photo; "
        "a clean seller as control):"
    )
    kinds = ["corner_text", "logo", "tiled", "center_text", "banner"]  # seeds by position
    sellers: dict[str, list[Image.Image]] = {}
    for s_i, kind in enumerate(kinds + ["clean", "clean2"]):
        chosen = random.Random(100 + s_i).sample(photos, per_seller)
        images = [load_rgb(REALDATA / name) for name in chosen]
        if not kind.startswith("clean"):  # the same seed: the same mark on every photo
            images = [mark(im, kind, random.Random(1000 + s_i))[0] for im in images]
        sellers[kind] = images
    flagged = {k: n for k, (n, _) in _checked_sellers(sellers, jobs).items()}
    for kind, n in flagged.items():
        print(f"  seller {kind:<12} flagged {n:2d} of {per_seller}")
    truth = [not k.startswith("clean") for k in sellers for _ in range(per_seller)]
    pred = [i < flagged[k] for k in sellers for i in range(per_seller)]
    report("catalog + single-image, all sellers", truth, pred)

    # Photos the network never saw in any form (its held-out split), so that the single-image
    # part of these figures is not flattered by fitted photos.
    held_out = [n for n in photos if split_of(n) == "test"]
    print(
        f"IMG007 on more sellers ({len(held_out)} held-out clean photos padded to 1:1, 12 drawn "
        "for each seller), and sellers whose products repeat a print (flagged images per "
        "seller of 12):"
    )
    groups: dict[str, dict[str, list[Image.Image]]] = {
        **{kind: {} for kind in KINDS},
        "clean": {},
        "product print": {},
        "mock-up": {},
        "same print": {},
    }
    for k in range(12):
        chosen = [
            _square(load_rgb(REALDATA / n)) for n in random.Random(500 + k).sample(held_out, 12)
        ]
        groups["clean"][f"clean{k}"] = chosen
        # 12 sellers stamp centre text, 6 each of the other kinds (one mark per seller)
        for kind in KINDS if k < 6 else ["center_text"]:
            groups[kind][f"{kind}{k}"] = [
                mark(im, kind, random.Random(2000 + k))[0] for im in chosen
            ]
    for k in range(2):
        groups["product print"][f"print{k}"] = [
            _square(load_rgb(REALDATA / n)) for n in prints[k : k + 12]
        ]
    for k in range(4):  # one template photo, a different design on each product
        rng = random.Random(900 + k)
        template = _square(load_rgb(REALDATA / rng.choice(photos)))
        groups["mock-up"][f"mockup{k}"] = [_printed(template, d, rng) for d in DESIGNS]
    for k in range(2):  # different products, one design at one place: cannot be told from a mark
        rng = random.Random(950 + k)
        chosen = [_square(load_rgb(REALDATA / n)) for n in rng.sample(photos, 12)]
        word = rng.choice(DESIGNS)
        groups["same print"][f"same{k}"] = [_printed(im, word, random.Random(k)) for im in chosen]
    counts = _checked_sellers({s: ims for g in groups.values() for s, ims in g.items()}, jobs)
    for name, members in groups.items():
        found = [counts[s][0] for s in members]
        by_catalog = [counts[s][1] for s in members]
        print(
            f"  {name:<14} sellers with a flag {sum(1 for n in found if n):2d} of {len(found):2d}; "
            f"images per seller {found}, of them by catalog evidence alone {by_catalog}"
        )
    scored = [(kind != "clean", counts[s][0]) for kind in [*KINDS, "clean"] for s in groups[kind]]
    report(
        "marked sellers vs the same photos clean",
        [marked for marked, _ in scored for _ in range(per_seller)],
        [i < n for _, n in scored for i in range(per_seller)],
    )


def other_photos(folder: Path, jobs: int) -> None:
    """IMG007 on other photos: each clean, and with each make_image_evalset mark twice."""
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    rng = random.Random(5)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(photos):
            im = Image.open(path).convert("RGB")
            variants = [("none", im)] + [(k, mark(im, k, rng)[0]) for k in KINDS for _ in (0, 1)]
            for j, (kind, variant) in enumerate(variants):
                name = f"{i:03d}_{j:02d}.jpg"
                variant.save(Path(tmp) / name, quality=90)
                rows.append({"image": name, "kind": kind})
        labelled = pl.DataFrame(rows)
        df = labelled.join(features(Path(tmp), labelled["image"].to_list(), jobs), on="image")
    clean = df.filter(pl.col("kind") == "none").sort("image")
    blurry = [p.name for p, flag in zip(photos, img008(clean)) if flag]
    print(
        f"IMG008 on the {len(photos)} other photos as they are (not blurred on purpose): "
        f"{len(blurry)} flagged {blurry}; "
        f"{sum(max(w, h) >= BlurOptions().min_side for w, h in clean.select('img_width', 'img_height').rows())} "
        f"are >= {BlurOptions().min_side} px"
    )
    print(f"IMG007 on other photos ({folder}; never seen in training, in any form):")
    report(f"{len(photos)} photos, clean + marked", (df["kind"] != "none").to_list(), img007(df))
    for kind in KINDS:
        sub = df.filter(pl.col("kind").is_in([kind, "none"]))
        report(f"  {kind} (+ clean)", (sub["kind"] != "none").to_list(), img007(sub))
    # The same photos, unmarked, as sellers of 12 (shuffled, with repeats across sellers):
    # does catalog evidence find a "mark" in what several unrelated clean photos share?
    rng = random.Random(9)
    sellers = {
        f"other{k}": [
            Image.open(p).convert("RGB") for p in rng.sample(photos, min(12, len(photos)))
        ]
        for k in range(5)
    }
    counts = _checked_sellers(sellers, jobs)
    print(
        "IMG007 on 5 sellers of 12 of these photos, unmarked: images flagged "
        f"{[n for n, _ in counts.values()]}, by catalog evidence alone {[c for _, c in counts.values()]}"
    )


def main() -> None:
    """Run all evaluations and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dump", type=Path, help="write the per-image features + labels as CSV")
    ap.add_argument("--other-photos", type=Path, help="a folder of other real photos (IMG007)")
    args = ap.parse_args()
    if args.other_photos:
        other_photos(args.other_photos, args.jobs)

    labels = pl.read_csv(REALDATA / "labels.csv", infer_schema=False)
    real = features(REALDATA, labels["file"].to_list(), args.jobs).rename({"image": "file"})
    real = labels.join(real.drop("image_root"), on="file", how="left")
    errors = real.filter(pl.col("img_error").is_not_null())
    print(f"realdata: {real.height} images, {errors.height} unreadable")

    print("IMG006 white background (positive = white; label yes/transparent vs no/near/partial):")
    truth = [v in ("yes", "transparent") for v in real["white_bg"].to_list()]
    report("realdata, all", truth, white_predictions(real))
    packshots = real.filter(
        pl.col("shot_type").is_in(["packshot", "closeup", "on_model", "lifestyle"])
    )
    report(
        "realdata, product photos only",
        [v in ("yes", "transparent") for v in packshots["white_bg"].to_list()],
        white_predictions(packshots),
    )

    backdrops(real, args.jobs)

    print("IMG007 watermark / logo / overlay text (positive = mark laid over the photo):")
    truth = [
        v in ("overlay_text", "logo_overlay", "watermark")
        for v in real["text_or_watermark"].to_list()
    ]
    report("realdata (3 positives; INCLUDES training photos)", truth, img007(real))
    print(
        f"  product_print images flagged: {sum(img007(prints_only(real)))} of "
        f"{prints_only(real).height} (training photos included)"
    )
    if (EVALSET / "labels.csv").exists():
        ev_labels = pl.read_csv(EVALSET / "labels.csv", infer_schema=False)
        ev = features(EVALSET, ev_labels["file"].to_list(), args.jobs).rename({"image": "file"})
        ev = ev_labels.join(ev.drop("image_root"), on="file", how="left")
        # The shipped network (benchmarks/train_watermark.py) was trained on realdata photos of
        # the "train" split: only the held-out photos give honest figures for it.
        test = [split_of(s) == "test" for s in ev["source"].to_list()]
        held = ev.filter(pl.Series(test))
        print(
            f"IMG007 (img_watermark_prob >= {MODEL_THRESHOLD}), HELD-OUT photos only "
            f"({held.filter(pl.col('watermark') == '0').height} clean, "
            f"{held.filter(pl.col('watermark') == '1').height} marked):"
        )
        truth_held = (held["watermark"] == "1").to_list()
        report("synthetic marks, held-out photos (all)", truth_held, img007(held))
        for kind in KINDS:
            sub = held.filter((pl.col("kind") == kind) | (pl.col("kind") == "none"))
            report(f"  {kind} (+ held-out clean)", (sub["watermark"] == "1").to_list(), img007(sub))
        white = held.filter(pl.col("img_ring_dark").list.get(RING_LEVELS.index(245)) <= 0.1)
        report("  white-background photos", (white["watermark"] == "1").to_list(), img007(white))
        prints = held.filter(pl.col("orig_text") == "product_print")
        report("  product-print photos", (prints["watermark"] == "1").to_list(), img007(prints))
        print("  threshold sweep on the held-out photos:")
        for t in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95):
            report(f"    network >= {t}", truth_held, img007(held, t))
        report(
            "all photos (INCLUDES the network's training photos)",
            (ev["watermark"] == "1").to_list(),
            img007(ev),
        )
        if args.dump:
            ev.with_columns(pl.col(pl.List).cast(pl.List(pl.String)).list.join(",")).write_csv(
                args.dump
            )
    else:
        print(f"  (no synthetic set at {EVALSET}; run benchmarks/make_image_evalset.py)")

    catalog_evidence(real, args.jobs)

    print("IMG008 blur (positive = blurred copy; Gaussian blur of the realdata photos):")
    with tempfile.TemporaryDirectory() as tmp:
        files, truth = [], []
        photos = real.filter(
            pl.col("img_error").is_null()
            & pl.col("shot_type").is_in(["packshot", "on_model", "lifestyle", "closeup"])
        )
        for i, name in enumerate(photos["file"].to_list()):
            im = Image.open(REALDATA / name).convert("RGB")
            im.thumbnail((1000, 1000))
            for sigma in (0, 2, 4):
                out = im if sigma == 0 else im.filter(ImageFilter.GaussianBlur(sigma))
                buf = io.BytesIO()
                out.save(buf, "JPEG", quality=90)
                fname = f"{i:03d}_s{sigma}.jpg"
                (Path(tmp) / fname).write_bytes(buf.getvalue())
                files.append(fname)
                truth.append(sigma > 0)
        blur = features(Path(tmp), files, args.jobs)
        flags = img008(blur)
        big = [
            max(w, h) >= BlurOptions().min_side
            for w, h in blur.select("img_width", "img_height").rows()
        ]
        print(
            f"  ({sum(big) // 3} of {len(big) // 3} photos are >= {BlurOptions().min_side} px after the 1000 px thumbnail; smaller ones are left to IMG005)"
        )
        report("sigma 2 and 4 vs sharp", truth, flags)
        s4 = [(t, f) for name, t, f in zip(files, truth, flags) if not name.endswith("_s2.jpg")]
        report("sigma 4 vs sharp", [a for a, _ in s4], [b for _, b in s4])
        sized = [(t, f) for t, f, b in zip(truth, flags, big) if b]
        report(
            f"sigma 2 and 4 vs sharp, photos >= {BlurOptions().min_side} px",
            [a for a, _ in sized],
            [b for _, b in sized],
        )


if __name__ == "__main__":
    main()
