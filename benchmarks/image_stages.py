"""Per-image steps of the image pass, one process, in CPU time: the whole budget with owners.

Used by bench_images.py (issue 12: the coordinator sees every step of `features_from_bytes`,
whoever owns it, next to the 1/8-decode floor, and how many images the overlay-text cascade
took).
"""

from __future__ import annotations

import io
import time
from functools import partial
from pathlib import Path

from PIL import Image


def decode_floor(data: bytes) -> int:
    """Decode only, at 1/8 scale (libjpeg DCT scaling): the floor of bench_images.py."""
    im = Image.open(io.BytesIO(data))
    w, h = im.size
    im.draft("RGB", (w // 8, h // 8))
    im.load()
    return im.size[0]


# Per-image steps of features_from_bytes in the order it runs them, with the helper that owns
# each (issue 12: the whole budget in one table). The overlay-text cascade runs only on
# candidate images; its per-image figure is averaged over all images, like every other step.
STAGES: tuple[tuple[str, str], ...] = (
    ("floor (draft 1/8)", "-"),
    ("digest", "speed"),
    ("decode", "speed"),
    ("luma", "speed"),
    ("background", "speed"),
    ("network input", "wm"),
    ("watermark network", "wm"),
    ("cell edges", "speed"),
    ("sharpness", "speed"),
    ("backdrop (IMG006)", "speed"),
    ("hash input", "speed"),
    ("hashes", "sim"),
    ("cascade: candidates", "wm"),
    ("cascade: detail decode", "wm"),
    ("cascade: detector + reading", "wm"),
    ("second look (IMG007)", "wm"),
    ("thumbnail", "speed"),
    ("all: features_from_bytes", "-"),
)


def stage_costs(paths: list[str], rounds: int = 3) -> tuple[dict[str, float], float]:
    """CPU ms per image of each step of our pass in one process (best of `rounds`), and the
    share of images that went through the overlay-text cascade (detail decode + detector);
    the cascade's steps are averaged over all images, like every other step.

    Process CPU time, not wall time: on the shared machine the other jobs' load stretches wall
    time by 2-3x and unevenly; the CPU time a step spends is far steadier (it still grows a
    little under load: caches and the core's other hyper-thread are shared)."""
    import cv2

    from listing_preflight.images import (
        backdrop,
        background,
        cell_edges,
        extract,
        overlay_candidates,
        overlay_text,
        text_detect,
        watermark_net,
    )
    from listing_preflight.images.decode import decode
    from listing_preflight.images.hashing import compute_hashes

    try:  # the network's second look (stop 25); older trees have none
        from listing_preflight.images.watermark_zoom import edge_look
    except ImportError:
        def edge_look(detail, cells):
            return None

    extract.init_worker()  # as in a worker process
    datas = [Path(p).read_bytes() for p in paths]
    best: dict[str, float] = {}
    cascaded = 0
    for _ in range(rounds):
        spent: dict[str, float] = {}
        cascaded = 0

        def timed(name, fn, *a, spent=spent):
            start = time.process_time()
            out = fn(*a)
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
            return out

        for data in datas:
            timed("floor (draft 1/8)", decode_floor, data)
            timed("digest", extract.digest, data)
            dec = timed("decode", lambda d: decode(d, max_pixels=100_000_000), data)
            rgb = dec.rgb
            luma = timed("luma", cv2.cvtColor, rgb, cv2.COLOR_RGB2GRAY)
            bg = timed("background", background.analyse, rgb, luma)
            x = timed("network input", watermark_net.input_of, rgb)
            cells = timed("watermark network", watermark_net.probabilities, x)
            timed("cell edges", cell_edges.cell_codes, x)
            timed("sharpness", extract.sharpness, luma, bg)
            timed("backdrop (IMG006)", backdrop.backdrop_features, rgb)
            small = timed("hash input", extract.hash_input, rgb)
            timed("hashes", compute_hashes, small, luma)
            # One image's finer decodes, shared by the cascade and the second look as in
            # extract.text_features (older trees have no Detail: each decodes its own).
            detail = overlay_text.Detail(data) if hasattr(overlay_text, "Detail") else None
            start = time.process_time()
            regions = overlay_candidates.candidate_regions(rgb, cells)
            found_in = time.process_time() - start
            spent["cascade: candidates"] = spent.get("cascade: candidates", 0.0) + found_in
            if regions and text_detect.available():
                cascaded += 1
                # the re-decode as search() does it: at the side its regions need, or none
                # when the working image is fine enough (DETAIL_SLACK; older trees lack it)
                side = overlay_text.detail_side(overlay_candidates.stage_one(rgb, cells).regions, rgb)
                slack = getattr(overlay_text, "DETAIL_SLACK", None)
                start = time.process_time()
                if slack is None or max(rgb.shape[:2]) < side * slack:
                    (detail.at if detail else partial(overlay_text.decode_detail, data))(side)
                decoded_in = time.process_time() - start
                # search() finds the candidates again (counted once, under its own step) and,
                # without a shared Detail, decodes the detail again
                start = time.process_time()
                if detail:
                    overlay_text.search(data, rgb, cells, detail)
                    rest = time.process_time() - start - found_in
                else:
                    overlay_text.search(data, rgb, cells)
                    rest = time.process_time() - start - found_in - decoded_in
                for key, value in (
                    ("cascade: detail decode", decoded_in),
                    ("cascade: detector + reading", rest),
                ):
                    spent[key] = spent.get(key, 0.0) + value
            timed("second look (IMG007)", edge_look, detail, cells)
            timed("thumbnail", extract.thumbnail, rgb)
            timed("all: features_from_bytes", extract.features_from_bytes, data, 100_000_000)
        for k, v in spent.items():
            best[k] = min(best.get(k, float("inf")), v / len(datas) * 1000)
    best.setdefault("cascade: detail decode", 0.0)
    best.setdefault("cascade: detector + reading", 0.0)
    best.setdefault("second look (IMG007)", 0.0)
    return best, cascaded / len(datas)


def print_stage_table(paths: list[str]) -> None:
    """The per-stage table: ms per image, share of the floor, owner; cascade share."""
    costs, share = stage_costs(paths)
    floor_ms = costs["floor (draft 1/8)"]
    print(
        f"per-image steps, one process, {len(paths)} images (CPU ms, best of 3 rounds; "
        "x = share of the 1/8-decode floor; owner of the code):"
    )
    steps = 0.0
    for name, owner in STAGES:
        v = costs[name]
        if owner != "-":
            steps += v
        print(f"  {name:34s} {v:6.2f} ms  {v / floor_ms:5.2f}x  {owner}")
    whole = costs["all: features_from_bytes"]
    print(f"  {'sum of the steps':34s} {steps:6.2f} ms  {steps / floor_ms:5.2f}x")
    print(f"  {'rest (glue, tuples, error guards)':34s} {whole - steps:6.2f} ms")
    print(f"  images through the overlay-text cascade (stage 2): {share:.1%}")
    # Steadier than the pooled ratios on a loaded machine. The pooled floor also pays its pool's
    # start-up, which weighs on short runs: in stop 26 the pooled cold/floor was 1.3-1.5x this
    # ratio on the 300-file default, and about equal to it on the 3,000 files.
    ratio = floor_ms / whole
    print(
        f"  CPU ratio floor / all = {ratio:.2f}x (one process; on 3,000 files the pooled "
        f"cold/floor is about this: 0.40x needs all <= {floor_ms / 0.40:.2f} ms)"
    )
