"""Per-image cost of the feature extraction on real photos, against the 1/8-decode floor.

The real photos of ../shared/realdata (read in place), each re-encoded once as a 1000 px JPEG
(q90, in memory), then, interleaved per image in one process: the floor (Pillow draft 1/8
decode) and extract.features_from_bytes (everything a worker does per image, the overlay-text
cascade included). Prints the total of each and the ratio floor / ours (the throughput ratio
of one process; bench_images.py measures the pooled pass on generated images). Run it against
another source tree with PYTHONPATH=that/src to compare versions on the same photos.

    python benchmarks/watermark_speed_real.py [--rounds 3] [--part]

--part: instead, the CPU time (time.process_time, less sensitive than wall time to other jobs
on a shared machine) of the watermark network plus the overlay-text cascade (stage 1, the
re-decode, the detector and the reads; since stop 25 also the network's second look) per
photo, the part issue 12's cost budget is about;
the best of the rounds for each photo, summed.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_image_evalset import load_rgb

from listing_preflight.images import extract

REALDATA = HERE.parent.parent / "shared" / "realdata"


def floor(data: bytes) -> None:
    """The 1/8 DCT-scaled decode."""
    im = Image.open(io.BytesIO(data))
    im.draft("RGB", (im.width // 8, im.height // 8))
    im.load()


def part_cost(blobs: list[bytes], rounds: int) -> None:
    """CPU ms per photo of the network and of the cascade (best round per photo)."""
    from listing_preflight.images import watermark_net
    from listing_preflight.images.decode import decode

    decoded = [decode(data, max_pixels=10**9).rgb for data in blobs]
    best_net = [float("inf")] * len(blobs)
    best_text = [float("inf")] * len(blobs)
    candidates = looked = 0
    for _ in range(rounds):
        candidates = looked = 0
        for i, (data, rgb) in enumerate(zip(blobs, decoded, strict=True)):
            t = time.process_time()
            x = watermark_net.input_of(rgb)
            cells = None if x is None else watermark_net.probabilities(x)
            t_net = time.process_time() - t
            listed = None if cells is None else (cells.ravel() * 255).round().astype("uint8").tolist()
            t = time.process_time()
            out = extract.text_features(data, rgb, listed)
            t_text = time.process_time() - t
            candidates += out.get("img_text_boxes") is not None
            looked += out.get("img_watermark_zoom") is not None  # the second look (stop 25)
            best_net[i] = min(best_net[i], t_net)
            best_text[i] = min(best_text[i], t_text)
    n = len(blobs)
    print(f"{n} photos: network {sum(best_net) / n * 1000:.2f} ms, cascade {sum(best_text) / n * 1000:.2f}"
          f" ms, together {(sum(best_net) + sum(best_text)) / n * 1000:.2f} ms CPU per photo; "
          f"cascade candidates {candidates}, second looks {looked} ({extract.__file__})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--part", action="store_true", help="CPU time of network + cascade only")
    args = ap.parse_args()
    files = sorted(p for p in REALDATA.rglob("*") if p.suffix.lower() in
                   (".jpg", ".jpeg", ".png", ".webp"))
    blobs = []
    for p in files:
        buf = io.BytesIO()
        load_rgb(p, max_side=1000).save(buf, "JPEG", quality=90)
        blobs.append(buf.getvalue())
    extract.init_worker()
    extract.features_from_bytes(blobs[0], 10**9)  # load the networks once
    if args.part:
        part_cost(blobs, args.rounds)
        return
    best = []
    for _ in range(args.rounds):
        t_floor = t_ours = 0.0
        for data in blobs:
            t = time.perf_counter()
            floor(data)
            t_floor += time.perf_counter() - t
            t = time.perf_counter()
            extract.features_from_bytes(data, 10**9)
            t_ours += time.perf_counter() - t
        best.append(t_floor / t_ours)
        print(f"{len(blobs)} photos: floor {t_floor / len(blobs) * 1000:.2f} ms, ours "
              f"{t_ours / len(blobs) * 1000:.2f} ms per image; floor/ours {t_floor / t_ours:.2f}x")
    print(f"median floor/ours over {args.rounds} rounds: {sorted(best)[len(best) // 2]:.2f}x "
          f"({extract.__file__})")


if __name__ == "__main__":
    main()
