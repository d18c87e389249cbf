"""Compare exported watermark networks (ONNX) at equal false alarms, alone, mirrored and averaged.

On the held-out real photos of a train_watermark.py sample file (never seen in training), each
network's image score, the mean with its mirrored input, and the mean map of every pair of
networks are scored two ways: recall where 5 % of the held-out clean variants are flagged (the
comparison at equal cost in false alarms) and recall / FP at the threshold that would be
shipped (chosen on the validation photos, at most 3 % of their clean variants flagged). It
also times each network in ONNX Runtime on one thread. Needs onnxruntime; no torch.

    python benchmarks/compare_watermark_nets.py shipped=src/listing_preflight/images/watermark_net.onnx \\
        wide=/tmp/wide/watermark_net.onnx
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import train_watermark

from listing_preflight.images.watermark_net import GRID, blob


def session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session of one network on `threads` threads."""
    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def cell_maps(sess: onnxruntime.InferenceSession, x: np.ndarray, mirror: bool) -> np.ndarray:
    """(n, GRID, GRID) probabilities of uint8 inputs; with `mirror`, of the mirrored inputs,
    mirrored back so that cells line up with the unmirrored map."""
    name = sess.get_inputs()[0].name
    xs = x[:, :, ::-1] if mirror else x
    out = np.concatenate([sess.run(None, {name: blob(xs[i : i + 1])})[0] for i in range(len(xs))])
    probs = 1 / (1 + np.exp(-out.reshape(len(x), GRID, GRID)))
    return probs[:, :, ::-1] if mirror else probs


def ms_per_image(sess: onnxruntime.InferenceSession, x: np.ndarray, runs: int = 300) -> float:
    """Milliseconds per single-image run, after a warm-up."""
    name = sess.get_inputs()[0].name
    one = blob(x[:1])
    for _ in range(20):
        sess.run(None, {name: one})
    start = time.perf_counter()
    for _ in range(runs):
        sess.run(None, {name: one})
    return (time.perf_counter() - start) / runs * 1000


def main() -> None:
    """Score every network, its mirrored mean and every pair, and print one line each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("nets", nargs="+", help="NAME=PATH of exported networks")
    ap.add_argument("--data", type=Path, default=HERE / "data" / "watermark_samples_v5.npz")
    ap.add_argument("--target-fp", type=float, default=0.03)
    args = ap.parse_args()
    d = dict(np.load(args.data))
    _, val_rows, test_rows, real, _ = train_watermark.split_rows(d)
    y, kind = d["y"].astype(np.int8), d["kind"]
    test, val = test_rows & real, val_rows & real
    xt, xv, yt, yv, kt = d["X"][test], d["X"][val], y[test], y[val], kind[test]
    print(f"held-out real rows: {int((yt == 1).sum())} marked, {int((yt == 0).sum())} clean")

    def line(label: str, test_maps: np.ndarray, val_maps: np.ndarray) -> None:
        st = test_maps.reshape(len(xt), -1).max(axis=1)
        sv = val_maps.reshape(len(xv), -1).max(axis=1)
        at5, _ = train_watermark.recall_at_heldout_fp(st, yt)
        t = train_watermark.validation_threshold(sv, yv == 0, args.target_fp)
        flag = st >= t
        centre = flag[(yt == 1) & (kt == "center_text")].mean()
        print(
            f"  {label:<34} at held-out 5 % FP {at5:6.1%} | validation threshold {t:.3f}: "
            f"recall {flag[yt == 1].mean():6.1%}, FP {flag[yt == 0].mean():5.1%}, "
            f"centre text {centre:6.1%}"
        )

    maps: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for spec in args.nets:
        name, path = spec.split("=", 1)
        sess = session(Path(path), threads=2)
        plain = (cell_maps(sess, xt, False), cell_maps(sess, xv, False))
        mirrored = (cell_maps(sess, xt, True), cell_maps(sess, xv, True))
        maps[name] = plain
        print(f"{name}: {ms_per_image(session(Path(path), threads=1), xt):.2f} ms per image")
        line(name, *plain)
        line(
            f"{name} + mirrored (mean map)",
            (plain[0] + mirrored[0]) / 2,
            (plain[1] + mirrored[1]) / 2,
        )
    for a, b in itertools.combinations(maps, 2):
        line(f"{a} + {b} (mean map)", (maps[a][0] + maps[b][0]) / 2, (maps[a][1] + maps[b][1]) / 2)


if __name__ == "__main__":
    main()
