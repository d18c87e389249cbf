"""Generate the labelled image-pair set that calibrates and evaluates the similarity score.

Positives ("derived from that photo"): each real photo transformed by resizing, JPEG
recompression, a small crop, padding onto white, mirroring, a mild colour change, and random
combinations of these; plus the byte-identical pairs of the real set.
Negatives: every pair of different real photos (unrelated packshots on white among them), real
colour variants and other angles of one product (listed below by a person looking at the
photos), and synthetic colour variants (the product's hue rotated by 60-180 degrees, or the
product darkened or lightened as a black/white variant would be).

The real photos stay where they are (never copied into the repository); derived images are
written to --out (default /tmp/preflight-simpairs). Each original is assigned to the
"calibration" or the "holdout" split by a hash of its name, and so are all pairs it is part of.

    python benchmarks/make_similarity_pairs.py [--realdata /work/shared/realdata] [--out DIR]
    python benchmarks/make_similarity_pairs.py --fill-only   # issue 12 set: pairs_fill.csv

The fill set (issue 12): every photo's product re-framed at 35/50/75/100 % of a 1000 px square;
copies resized to 900 px at q75, mirrored, rotated 2-5 degrees, re-framed at another fill;
negatives: every pair of different photos at the same fill.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

# Real hard negatives found by looking at the photos (file-name fragments, both orders count).
COLOUR_VARIANTS = [
    ("saleor-blue-hoodie", "saleor-grey-hoodie"),
    ("saleor-blue-plimsolls-2", "saleor-white-plimsolls-2"),
    ("saleor-blue-plimsolls-4", "saleor-white-plimsolls-4"),
    ("saleor-blue-polygon-tee", "saleor-dark-polygon-tee"),
    ("saleor-battle-tested-book", "saleor-enterprise-cloud-book"),
    ("saleor-battle-tested-book", "saleor-own-your-stack"),
    ("saleor-enterprise-cloud-book", "saleor-own-your-stack"),
    ("saleor-ascii-shirt", "saleor-team-tee"),
    ("shirt_600x600", "shirt_blue_600x600"),
    ("shirt_600x600", "shirt_red_600x600"),
    ("shirt_blue_600x600", "shirt_red_600x600"),
    ("shirt_600x600", "hemd_600x600"),
]
# The same T-shirt mock-up with different prints and colours (a design sold in variants).
_TEES = ["saleor-blue-polygon-tee", "saleor-dark-polygon-tee", "saleor-team-tee", "saleor-dash-tee",
         "saleor-white-cubes-tee", "saleor-ascii-shirt", "saleor-monospace-white-tee"]
DESIGN_VARIANTS = [(a, b) for i, a in enumerate(_TEES) for b in _TEES[i + 1:]]
OTHER_ANGLES = [
    ("saleor-blue-plimsolls-2", "saleor-blue-plimsolls-4"),
    ("saleor-white-plimsolls-2", "saleor-white-plimsolls-4"),
    ("saleor-blue-plimsolls-2", "saleor-white-plimsolls-4"),
    ("saleor-blue-plimsolls-4", "saleor-white-plimsolls-2"),
]
# A synthetic colour variant must look different: mean CIELAB difference over the product
# pixels at least this (about the difference between a navy and a royal-blue item).
MIN_VARIANT_CHANGE = 20.0
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def load(path: Path) -> Image.Image:
    """Full decode, EXIF-transposed, alpha composited on white (the photo as a thief sees it)."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            canvas.alpha_composite(rgba)
            return canvas.convert("RGB")
        return image.convert("RGB")


def jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def resize(img: Image.Image, rng: random.Random) -> Image.Image:
    scale = rng.choice([rng.uniform(0.3, 0.8), rng.uniform(1.2, 1.6)])
    return img.resize((max(16, round(img.width * scale)), max(16, round(img.height * scale))),
                      Image.Resampling.LANCZOS)


def recompress(img: Image.Image, rng: random.Random) -> Image.Image:
    return Image.open(io.BytesIO(jpeg(img, rng.randint(20, 60)))).convert("RGB")


def small_crop(img: Image.Image, rng: random.Random) -> Image.Image:
    w, h = img.size
    left, right = (round(w * rng.uniform(0.0, 0.08)) for _ in range(2))
    top, bottom = (round(h * rng.uniform(0.0, 0.08)) for _ in range(2))
    return img.crop((left, top, w - right, h - bottom))


def pad_white(img: Image.Image, rng: random.Random) -> Image.Image:
    w, h = img.size
    side = max(w, h)
    if rng.random() < 0.5:   # pad to a square canvas, product centred (a 1:1 "fix")
        margin = round(side * rng.uniform(0.05, 0.25))
        canvas = Image.new("RGB", (side + 2 * margin, side + 2 * margin), "white")
        canvas.paste(img, ((canvas.width - w) // 2, (canvas.height - h) // 2))
        return canvas
    pads = [round(side * rng.uniform(0.03, 0.3)) for _ in range(4)]
    canvas = Image.new("RGB", (w + pads[0] + pads[2], h + pads[1] + pads[3]), "white")
    canvas.paste(img, (pads[0], pads[1]))
    return canvas


def mirror(img: Image.Image, rng: random.Random) -> Image.Image:
    return img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)


def shift_hue(img: Image.Image, degrees: float) -> Image.Image:
    hsv = np.asarray(img.convert("HSV")).copy()
    hsv[..., 0] = (hsv[..., 0].astype(np.int32) + round(degrees / 360 * 256)) % 256
    return Image.fromarray(hsv, "HSV").convert("RGB")


def mild_colour(img: Image.Image, rng: random.Random) -> Image.Image:
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.88, 1.12))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.85, 1.15))
    img = ImageEnhance.Color(img).enhance(rng.uniform(0.75, 1.3))
    return shift_hue(img, rng.uniform(-10, 10))


TRANSFORMS = {"resize": resize, "recompress": recompress, "crop": small_crop, "pad": pad_white,
              "mirror": mirror, "colour": mild_colour}


def colour_variant(img: Image.Image, rng: random.Random) -> tuple[str, Image.Image]:
    """A synthetic colour variant of the same design: hue rotated, or product darkened/lightened."""
    arr = np.asarray(img).astype(np.float32)
    product = arr.min(axis=2, keepdims=True) < 240
    choice = rng.random()
    if choice < 0.5:
        return "hue", shift_hue(img, rng.choice([-1, 1]) * rng.uniform(60, 180))
    if choice < 0.75:   # a black / dark version of the item
        out = np.where(product, arr * rng.uniform(0.25, 0.45), arr)
        return "dark", Image.fromarray(out.clip(0, 255).astype(np.uint8))
    out = np.where(product, 255 - (255 - arr) * rng.uniform(0.3, 0.5), arr)   # a light version
    return "light", Image.fromarray(out.clip(0, 255).astype(np.uint8))


def visible_change(a: Image.Image, b: Image.Image) -> float:
    """Mean CIELAB difference over the product pixels: how different a colour variant looks."""
    import cv2

    la = cv2.cvtColor(np.asarray(a), cv2.COLOR_RGB2LAB).astype(np.float32) * [100 / 255, 1, 1]
    lb = cv2.cvtColor(np.asarray(b), cv2.COLOR_RGB2LAB).astype(np.float32) * [100 / 255, 1, 1]
    product = np.asarray(a).min(axis=2) < 240
    if product.sum() < 0.02 * product.size:
        return 0.0
    return float(np.linalg.norm(la - lb, axis=2)[product].mean())


# Issue 12: copies of real photos whose product fills 35-100 % of the frame (a small product is
# where box hashes from a coarse decode failed), each resized + recompressed (900 px, q75),
# mirrored, rotated by up to 5 degrees and re-framed at another fill.
FILLS = (0.35, 0.5, 0.75, 1.0)


def product_bbox(img: Image.Image) -> tuple[int, int, int, int]:
    """Box of the non-white pixels (the whole frame when there is no white background)."""
    arr = np.asarray(img)
    ink = arr.min(axis=2) < 240
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0 or ink.mean() > 0.9:
        return (0, 0, img.width, img.height)
    return (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)


def at_fill(img: Image.Image, fill: float, side: int = 1000) -> Image.Image:
    """The product re-framed on a white square canvas so that it spans `fill` of the side."""
    product = img.crop(product_bbox(img))
    scale = fill * side / max(product.size)
    product = product.resize(
        (max(8, round(product.width * scale)), max(8, round(product.height * scale))),
        Image.Resampling.LANCZOS,
    )
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(product, ((side - product.width) // 2, (side - product.height) // 2))
    return canvas


def add_fill_set(originals, out_images, listed, *, rng, add) -> None:
    """Positives and negatives at fixed fills (see FILLS); pairs appended through `add`."""
    bases: dict[float, list[tuple[str, str]]] = {f: [] for f in FILLS}
    for index, path in enumerate(originals):
        img = load(path)
        img.thumbnail((1600, 1600), Image.Resampling.LANCZOS)  # the copies are 900-1000 px
        split = split_of(path.name)
        for fill in FILLS:
            base = at_fill(img, fill)
            tag = f"{index:03d}-fill{round(fill * 100)}"
            base_path = out_images / f"{tag}-base.jpg"
            base_path.write_bytes(jpeg(base, 90))
            bases[fill].append((str(path), str(base_path)))
            angle = rng.choice([-1, 1]) * rng.uniform(2.0, 5.0)
            other = rng.choice([f for f in FILLS if f != fill])
            copies = {
                "fill-resize900-q75": (base.resize((900, 900), Image.Resampling.LANCZOS), 75),
                "fill-mirror": (base.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 85),
                f"fill-rotate{round(abs(angle))}": (
                    base.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white"),
                    85,
                ),
                "fill-reframe": (at_fill(img, other, 900), 80),
            }
            for kind, (copy, quality) in copies.items():
                target = out_images / f"{tag}-{kind}.jpg"
                target.write_bytes(jpeg(copy, quality))
                add(str(base_path), str(target), 1, f"{kind}@{round(fill * 100)}", split)
    digest = {str(p): hashlib.sha1(p.read_bytes()).hexdigest() for p in originals}
    for fill, items in bases.items():
        for i, (oa, pa) in enumerate(items):
            for ob, pb in items[i + 1 :]:
                kind = listed.get(frozenset((oa, ob)), "unrelated")
                if digest[oa] == digest[ob]:
                    continue
                split = (
                    "holdout"
                    if split_of(Path(oa).name) == split_of(Path(ob).name) == "holdout"
                    else "calibration"
                )
                add(pa, pb, 0, f"{kind}@fill{round(fill * 100)}", split)


def write_pairs(path: Path, pairs: list[dict[str, str]]) -> None:
    """The labelled pairs as CSV."""
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["a", "b", "label", "kind", "split"])
        writer.writeheader()
        writer.writerows(pairs)
    print(f"{len(pairs)} pairs ({sum(p['label'] == '1' for p in pairs)} derived) in {path}")


def split_of(name: str) -> str:
    return "calibration" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "holdout"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=Path("/work/shared/realdata"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/preflight-simpairs"))
    parser.add_argument("--per-image", type=int, default=10, help="derived copies per photo")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--fill-only", action="store_true",
                        help="only the issue-12 fill/rotation set, written to pairs_fill.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    originals = sorted(p for p in args.realdata.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    out_images = args.out / "images"
    out_images.mkdir(parents=True, exist_ok=True)
    pairs: list[dict[str, str]] = []

    def add(a: str, b: str, label: int, kind: str, split: str) -> None:
        pairs.append({"a": a, "b": b, "label": str(label), "kind": kind, "split": split})

    if args.fill_only:
        out_images.mkdir(parents=True, exist_ok=True)
        add_fill_set(originals, out_images, {}, rng=random.Random(args.seed + 1), add=add)
        write_pairs(args.out / "pairs_fill.csv", pairs)
        return
    digests: dict[str, list[str]] = {}
    for path in originals:
        digests.setdefault(hashlib.sha1(path.read_bytes()).hexdigest(), []).append(str(path))
    for same in digests.values():
        for i in range(1, len(same)):
            add(same[0], same[i], 1, "byte-identical", split_of(Path(same[0]).name))

    kinds = list(TRANSFORMS)
    for index, path in enumerate(originals):
        img = load(path)
        split = split_of(path.name)
        for k in range(args.per_image):
            # one of each single transformation, then random combinations of two or three
            chain = [kinds[k]] if k < len(kinds) else rng.sample(kinds, rng.choice([2, 3]))
            derived = img
            for name in chain:
                derived = TRANSFORMS[name](derived, rng)
            target = out_images / f"{index:03d}-{k}-{'+'.join(chain)}.jpg"
            target.write_bytes(jpeg(derived, rng.randint(70, 95)))
            add(str(path), str(target), 1, "+".join(chain), split)
        made = 0
        for _attempt in range(6):
            if made == 2:
                break
            kind, variant = colour_variant(img, rng)
            # a hue rotation of a grey product changes nothing: not a colour variant
            if visible_change(img, variant) < MIN_VARIANT_CHANGE:
                continue
            k = made
            made += 1
            target = out_images / f"{index:03d}-cv{k}-{kind}.jpg"
            target.write_bytes(jpeg(variant, 90))
            add(str(path), str(target), 0, f"colour-variant-synthetic-{kind}", split)

    names = {str(p): p.name for p in originals}
    listed = {}
    for kind, table in (("colour-variant-real", COLOUR_VARIANTS), ("other-angle-real", OTHER_ANGLES),
                        ("design-variant-real", DESIGN_VARIANTS)):
        for x, y in table:
            a = [p for p, n in names.items() if x in n]
            b = [p for p, n in names.items() if y in n]
            for pa in a:
                for pb in b:
                    if pa != pb:
                        listed[frozenset((pa, pb))] = kind
    identical = {frozenset((s[0], t)) for s in digests.values() for t in s[1:]}
    paths = [str(p) for p in originals]
    for i, pa in enumerate(paths):
        for pb in paths[i + 1:]:
            key = frozenset((pa, pb))
            if key in identical:
                continue
            kind = listed.get(key, "unrelated")
            # a pair across splits belongs to the holdout only when both photos are held out
            split = "holdout" if split_of(names[pa]) == split_of(names[pb]) == "holdout" else "calibration"
            add(pa, pb, 0, kind, split)

    write_pairs(args.out / "pairs.csv", pairs)  # the fill set is separate: --fill-only
    positives = sum(p["label"] == "1" for p in pairs)
    print(f"{len(originals)} photos -> {len(pairs)} pairs ({positives} derived, "
          f"{len(pairs) - positives} unrelated) in {args.out}")


if __name__ == "__main__":
    main()
