"""Share of copies still matched (SIM001, reference mode) under stronger or unlisted transformations.

    python benchmarks/eval_similarity_stress.py [--realdata /work/shared/realdata]

eval_similarity.py measures the transformations the score was calibrated for; this script
probes the edges, on the real photos (read in place), each copy JPEG-encoded at q85: larger
crops, a light-grey canvas instead of white, a frame drawn round the photo, a 150 px thumbnail,
q10, gamma, sharpening, and
transformations the score is NOT meant to survive or that belong to other rules (a 3 degree
rotation, a vertical flip, a promo text stamped on the photo - IMG007's job). Printed: the share
of photos whose copy scores >= 0.70 against the original.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import backdrop_images as bd  # the tests' drawings (a frame drawn round a photo)
from eval_similarity import arrays, reference_scores
from make_similarity_pairs import IMAGE_SUFFIXES, jpeg, load
from PIL import Image, ImageDraw, ImageFilter

from listing_preflight.images.decode import decode
from listing_preflight.images.extract import hash_sources
from listing_preflight.images.hashing import compute_hashes, crop_variants


def _crop(left: float, top: float, right: float, bottom: float) -> Callable[[Image.Image], Image.Image]:
    def run(im: Image.Image) -> Image.Image:
        w, h = im.size
        return im.crop((int(w * left), int(h * top), w - int(w * right), h - int(h * bottom)))
    return run


def _grey_canvas(im: Image.Image) -> Image.Image:
    canvas = Image.new("RGB", (int(im.width * 1.4), int(im.height * 1.4)), (235, 235, 235))
    canvas.paste(im, (im.width // 5, im.height // 5))
    return canvas


def _stamp(im: Image.Image) -> Image.Image:
    out = im.copy()
    ImageDraw.Draw(out).text((10, 10), "SALE 50% OFF", fill="red", font_size=max(12, im.width // 12))
    return out


def drawn_frame(colour: tuple[int, int, int], share: float) -> Callable[[Image.Image], Image.Image]:
    """A transformation drawing a frame of `colour`, `share` of the long side wide, round a photo."""
    return lambda im: bd.outlined(im, colour, max(1, round(share * max(im.size))))


STRESS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "frame drawn round: red band 2 %": drawn_frame((200, 30, 30), 0.02),
    "frame drawn round: black line 0.3 %": drawn_frame((0, 0, 0), 0.003),
    "crop 5 % every side": _crop(0.05, 0.05, 0.05, 0.05),
    "crop 10 % one side": _crop(0.10, 0, 0, 0),
    "crop 12 % every side": _crop(0.12, 0.12, 0.12, 0.12),
    "crop 15 % one side": _crop(0, 0.15, 0, 0),
    "light-grey canvas": _grey_canvas,
    "thumbnail 150 px": lambda im: im.resize((150, max(1, round(150 * im.height / im.width)))),
    "JPEG q10": lambda im: Image.open(io.BytesIO(jpeg(im, 10))).convert("RGB"),
    "gamma 0.8": lambda im: im.point(lambda v: int(255 * (v / 255) ** 0.8)),
    "sharpen": lambda im: im.filter(ImageFilter.SHARPEN),
    "rotate 3 degrees": lambda im: im.rotate(3, resample=Image.Resampling.BICUBIC, fillcolor="white"),
    "(not targeted) vertical flip": lambda im: im.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    "(not targeted) promo text stamped": _stamp,
}


def hashes(data: bytes) -> tuple[dict[str, int], list[tuple[int, int]]]:
    work = decode(data, max_pixels=100_000_000).rgb
    rgb, fine = hash_sources(work)  # as extract.py does
    return compute_hashes(rgb, fine), crop_variants(rgb, fine)


def one(path: Path) -> dict[str, tuple[dict[str, int], list[tuple[int, int]]]]:
    image = load(path)
    out = {"original": hashes(jpeg(image, 95))}
    for name, transform in STRESS.items():
        out[name] = hashes(jpeg(transform(image).convert("RGB"), 85))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=Path("/work/shared/realdata"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = sorted(p for p in args.realdata.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one, files, chunksize=4))
    originals = arrays([r["original"][0] for r in results])
    variants = [r["original"][1] for r in results]
    print(f"{len(files)} photos; share of copies scoring >= 0.70 against their original (SIM001 mode)")
    for name in STRESS:
        scores = reference_scores(arrays([r[name][0] for r in results]), variants, originals.color)
        print(f"  {name:36s} {100 * (scores >= 0.70).mean():5.1f} %")


if __name__ == "__main__":
    main()
