"""IMG007 false alarms on generated products whose print is part of the product (issue 12).

Each product of `watermark_overlay_data.print_product` (a paint jar label, a jewellery card,
calligraphy on a plate, a brand on a USB hub, an LED array, a leaf print, glassware; on white, a
gradient, a coloured backdrop or a blurred scene) is saved as a 1000 px JPEG (q90) and run
through the real feature extraction. Every flag is a false alarm: by the network (its threshold)
or by an overlay text line alone (detector score >= LINE_SCORE), per print kind.

The default seeds (780000-781999) are not among those the network's training data was drawn from
(`watermark_overlay_data.build`: seed x 100003 + 80000 + k, default seed 21); the network was
fitted on products of the same generator, so its own figure is in-distribution.

    python benchmarks/watermark_print_fa.py [--start 780000] [--count 2000] [--processes 2]
    python benchmarks/watermark_print_fa.py --model OTHER.onnx   # another network
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import watermark_overlay_data as wod
from watermark_eval_real import decide, init_worker_with

from listing_preflight.images import extract, overlay_text
from listing_preflight.images.watermark_net import default_threshold


class _KindRecorder(random.Random):
    """A Random that remembers which print kind print_product drew."""

    kind = "?"

    def choice(self, seq):  # type: ignore[override]
        value = super().choice(seq)
        if seq is wod.PRINTS:
            self.kind = value
        return value


def judge(seed: int) -> tuple[int, str, bool, bool]:
    """(seed, print kind, flagged by the network, flagged by IMG007 at all), as the corpus
    evaluation decides (watermark_eval_real.decide)."""
    rng = _KindRecorder(seed)
    buf = io.BytesIO()
    wod.print_product(rng).convert("RGB").save(buf, "JPEG", quality=90)
    _, values = extract.features_from_bytes(buf.getvalue(), 200_000_000)
    row = dict(zip(extract.FEATURE_NAMES, values, strict=True))
    thresholds = default_threshold(), overlay_text.LINE_SCORE
    return seed, rng.kind, decide(row, *thresholds, use_lines=False), decide(row, *thresholds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=int, default=780_000)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--model", type=Path, default=None,
                    help="another watermark_net.onnx to run (thresholds in the .json beside it)")
    args = ap.parse_args()
    seeds = range(args.start, args.start + args.count)
    with Pool(args.processes, initializer=init_worker_with, initargs=(args.model,)) as pool:
        results = pool.map(judge, seeds, chunksize=8)
    total, net, lines = Counter(), Counter(), Counter()
    for _, kind, by_net, flagged in results:
        total[kind] += 1
        net[kind] += by_net
        lines[kind] += flagged and not by_net
    flagged = sum(net.values()) + sum(lines.values())
    print(f"{len(results)} print products (seeds {seeds.start}-{seeds.stop - 1}): {flagged} flagged "
          f"({flagged / len(results):.2%}): network {sum(net.values())}, "
          f"text lines only {sum(lines.values())}")
    for kind in sorted(total):
        print(f"  {kind:15s} {total[kind]:5d}   network {net[kind]:3d}   lines only {lines[kind]:3d}")


if __name__ == "__main__":
    main()
