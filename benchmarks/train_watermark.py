"""Train the shipped watermark network (src/listing_preflight/images/watermark_net.onnx), reproducibly.

1. Samples come from benchmarks/watermark_data.py (built here if the .npz is missing): network
   inputs of real photos (../shared/realdata) and synthesised product photos, clean and with
   synthetic marks, each with the share of every output cell the mark visibly changed; split
   by source photo into train and held-out test.
2. A small fully convolutional network (five 3x3 conv + batch-norm + ReLU layers, four of them
   stride 2, then a 1x1 conv to one logit per cell of a 12 x 12 grid) is fitted with a per-cell
   loss (a cell is "mark" when the mark changed >= 3 % of its pixels, "no mark" when it changed
   none, and not scored in between) plus an image-level loss on the highest cell.
   PyTorch and onnx are needed here only (`pip install torch==2.13.0 onnx` on these machines,
   the CPU build); the package runs the exported ONNX file with ONNX Runtime (OpenCV's dnn
   module where it is missing).
3. The decision threshold is chosen on validation photos (a grouped share of the *training*
   photos, never used for fitting): the lowest threshold at which at most --target-fp of the
   clean real validation photos are flagged.
4. The held-out test photos (never seen in any variant, marked with make_image_evalset's marks
   and font only) give the headline figures, printed per mark kind; the network is written as
   ONNX and its thresholds as JSON.

The shipped network (stop 17, issue 12 §3) was trained on two sample files, neither of which
holds any variant of the corpus's holdout photos (benchmarks/realphotos/labels.csv), plus 2,000
generated clean packshots whose soft shadow reaches the bottom edge:

    python benchmarks/watermark_overlay_data.py --out /tmp/s14/overlay_big.npz   # 18 min, idle
        # 16,364 samples: the corpus's tune photos (16 clean + 56 marked variants each, the
        # overlay kinds of watermark_overlays.py drawn with more variety), 500 generated
        # product photos and 500 generated print products
    python benchmarks/watermark_data.py --out /tmp/s13/ws_v5.npz                   # 24 min
        # 20,264 samples of the earlier mark kinds; its holdout photos are its test rows,
        # which --more-data never adds
    python benchmarks/train_watermark.py --data /tmp/s14/overlay_big.npz \
        --more-data /tmp/s13/ws_v5.npz --epochs 30 --target-fp 0.02 \
        --channels 16,32,48,64,64 --shadow-packshots 2000                        # ~70 min, idle
        # 26,912 fitted samples + 2,000 packshots; threshold 0.990 (<= 2 % of the clean real
        # validation photos); validation real photos 68.4 % at 1.9 % (stop 15's narrower
        # network, 16,24,32,48,48 without the packshots: 66.1 % at 1.9 %, threshold 0.978)

Stop 16 tried the wider channels without the packshots: it scored a thin shadow line at the
bottom edge of a packshot as a mark (10 of 20 at 80 % fill). A fine-tune of it (`--init`,
`--shadow-packshots 2000`, `--lr 3e-4`, 3 epochs) cured that but still failed two IMG007 tests.
Trained from the start with the packshots, the network passes them all (benchmarks/README.md,
"Issue 12, stop 16" and "stop 17").

Before stop 14 the shipped network came from watermark_data.py's own hash split of realdata,
which put 52 of the corpus's 80 holdout photos in training (stop 13 found it), and had not seen
the overlay kinds: IMG007 tune recall 0.572 with it, 0.678 with this one (benchmarks/README.md,
"Issue 12, stop 14").
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import shadow_packshots
import watermark_data

from listing_preflight.images.watermark_net import NET_SIDE, blob

DATA = HERE / "data" / "watermark_samples.npz"
PKG = HERE.parent / "src" / "listing_preflight" / "images"
REALDATA = HERE.parent.parent / "shared" / "realdata"
MARK_CELL = 0.03  # a cell is a "mark" cell when the mark changed at least this share of it
CHANNELS = (16, 32, 48, 64, 64)
FLIP = 0.0  # share of each batch mirrored (--flip)
CLEAN_WEIGHT = 1.0  # image-level loss weight of clean photos (--clean-weight)


def build_net(batch_norm: bool = True, channels: tuple[int, ...] | None = None):
    """The network: stride-2 conv blocks down to 12 x 12, one more block, a logit per cell.

    Without batch norm (a network read back from its ONNX file, where the export folded each
    batch norm into its convolution) every convolution carries a bias instead."""
    from torch import nn

    layers: list = []
    c_in = 5  # RGB + x, y coordinate planes (watermark_net.blob)
    for i, c_out in enumerate(channels or CHANNELS):
        stride = 2 if i < 4 else 1
        layers.append(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=not batch_norm))
        if batch_norm:
            layers.append(nn.BatchNorm2d(c_out))
        layers.append(nn.ReLU())
        c_in = c_out
    layers.append(nn.Conv2d(c_in, 1, 1))
    return nn.Sequential(*layers)


def from_onnx(path: Path):
    """A batch-norm-free network with the weights of an exported ONNX file (for fine-tuning)."""
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    channels = tuple(int(weights[n.input[1]].shape[0]) for n in convs[:-1])
    net = build_net(batch_norm=False, channels=channels)
    modules = [m for m in net if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        for node, conv in zip(convs, modules, strict=True):
            # torch.tensor copies: from_numpy would share the read-only onnx arrays (and warn).
            conv.weight.copy_(torch.tensor(weights[node.input[1]]))
            conv.bias.copy_(torch.tensor(weights[node.input[2]]))
    return net


def train(x, cov, y, epochs: int, seed: int, log=print, net=None, lr: float = 3e-3):
    """Fit the network (a new one, or `net` further) on uint8 inputs x (n, S, S, 3) and cell
    coverages cov (n, G, G)."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = build_net() if net is None else net
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    batch = 64
    steps = epochs * ((len(x) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    cell_t = torch.from_numpy((cov >= MARK_CELL).astype(np.float32))
    cell_w = torch.from_numpy(((cov == 0) | (cov >= MARK_CELL)).astype(np.float32))
    img_t = torch.from_numpy(
        ((cov >= MARK_CELL).reshape(len(x), -1).any(axis=1)).astype(np.float32)
    )
    img_w = torch.from_numpy(((y == 0) | (img_t.numpy() > 0)).astype(np.float32))
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    for epoch in range(epochs):
        net.train()
        order = rng.permutation(len(x))
        total, start = 0.0, time.time()
        for s in range(0, len(x), batch):
            idx = order[s : s + batch]
            # Mirror a share of the batch (input and cell targets alike). Off by default: the
            # held-out figures were worse with it (marks are rarely mirrored text).
            flip = rng.random(len(idx)) < FLIP
            xs = x[idx].copy()
            xs[flip] = xs[flip][:, :, ::-1]
            xb = torch.from_numpy(blob(xs))
            ct, cw = cell_t[idx].clone(), cell_w[idx].clone()
            f = torch.from_numpy(flip)
            ct[f], cw[f] = ct[f].flip(-1), cw[f].flip(-1)
            logits = net(xb)[:, 0]
            loss_cell = (
                bce(logits, ct, reduction="none", pos_weight=torch.tensor(4.0)) * cw
            ).sum() / cw.sum().clamp(min=1)
            top = logits.flatten(1).amax(dim=1)
            # Clean photos may count more at image level (a false alarm costs the seller most).
            weight = img_w[idx] * (1 + (CLEAN_WEIGHT - 1) * (img_t[idx] == 0).float())
            loss_img = (bce(top, img_t[idx], reduction="none") * weight).mean()
            loss = loss_cell + loss_img
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        log(
            f"  epoch {epoch + 1}/{epochs}: loss {total / len(x):.4f} ({time.time() - start:.0f} s)"
        )
    return net.eval()


def scores(net, x: np.ndarray) -> np.ndarray:
    """Highest cell probability per input (through torch; the ONNX copy is checked to agree)."""
    import torch

    out = []
    with torch.no_grad():
        for s in range(0, len(x), 256):
            out.append(
                torch.sigmoid(net(torch.from_numpy(blob(x[s : s + 256]))))
                .flatten(1)
                .amax(1)
                .numpy()
            )
    return np.concatenate(out)


def load(first: Path, more: list[Path]) -> dict[str, np.ndarray]:
    """The samples of `first` plus the training rows of `more` (held-out rows come from `first`)."""
    d = dict(np.load(first))
    for path in more:
        extra = np.load(path)
        train_rows = extra["split"] == "train"
        d = {k: np.concatenate([v, extra[k][train_rows]]) for k, v in d.items()}
    return d


def split_rows(d: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Row masks (fit, validation, held-out test), whether each row is a real photo, and its
    realdata text label."""
    labels = {
        r["file"]: r for r in csv.DictReader((REALDATA / "labels.csv").open(encoding="utf-8"))
    }
    source, split, y = d["source"], d["split"], d["y"]
    tag = np.array([labels.get(s, {}).get("text_or_watermark", "") for s in source])
    # Real photos a person labelled as carrying overlay text are not clean: drop their
    # unmarked variants (their marked variants stay positives).
    keep = ~(np.isin(tag, ["overlay_text", "logo_overlay", "watermark"]) & (y == 0))
    real = np.array([not s.startswith(("synth:", "print:")) for s in source])
    val = np.array([watermark_data.is_validation(s) for s in source]) & (split == "train")
    return keep & (split == "train") & ~val, keep & val, keep & (split == "test"), real, tag


def validation_threshold(sv: np.ndarray, clean: np.ndarray, target_fp: float) -> float:
    """The lowest threshold at which at most target_fp of the clean validation rows are flagged."""
    # Finer steps above 0.99: networks trained longer score their clean photos that high (stop
    # 16's two stopped at the old grid's end, 0.99, with 2.1 and 2.6 % of them flagged).
    for t in np.concatenate([np.linspace(0.2, 0.99, 400), np.linspace(0.9901, 0.9999, 99)]):
        if (sv[clean] >= t).mean() <= target_fp:
            return round(float(t), 4)
    return 0.9999


def recall_at_heldout_fp(st: np.ndarray, y: np.ndarray, fp: float = 0.05) -> tuple[float, float]:
    """(recall, threshold) where `fp` of the clean rows are flagged: a diagnostic that compares
    networks at equal false alarms (never used to choose a shipped threshold)."""
    clean = np.sort(st[y == 0])
    t = float(clean[int(np.ceil((1 - fp) * len(clean))) - 1]) + 1e-6
    return float((st[y == 1] >= t).mean()), t


def rates(flag: np.ndarray, y: np.ndarray) -> tuple[float, float, int, int]:
    """(recall, FP rate, positives, negatives)."""
    pos, neg = y == 1, y == 0
    return (
        float(flag[pos].mean()) if pos.any() else 0.0,
        float(flag[neg].mean()) if neg.any() else 0.0,
        int(pos.sum()),
        int(neg.sum()),
    )


def report(name: str, flag: np.ndarray, y: np.ndarray) -> str:
    """One line of figures (printed and returned)."""
    rec, fpr, npos, nneg = rates(flag, y)
    line = f"  {name:<44} recall={rec:6.1%}  FP={fpr:5.1%}  (pos={npos} neg={nneg})"
    print(line)
    return line


def export(net, path: Path) -> None:
    """Write the network as ONNX (opset 13) for OpenCV's dnn module."""
    import torch

    dummy = torch.zeros(1, 5, NET_SIDE, NET_SIDE)
    torch.onnx.export(
        net,
        dummy,
        str(path),
        dynamo=False,
        opset_version=13,
        input_names=["x"],
        output_names=["cells"],
    )


def main() -> None:
    """Build or load the samples, fit, pick the threshold on validation photos, report, export."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--more-data",
        type=Path,
        nargs="*",
        default=[],
        help="further sample files (other seeds): their training rows are added",
    )
    ap.add_argument("--out", type=Path, default=PKG / "watermark_net.onnx")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--target-fp", type=float, default=0.03)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--flip", type=float, default=FLIP)
    ap.add_argument("--clean-weight", type=float, default=CLEAN_WEIGHT)
    ap.add_argument(
        "--channels",
        type=lambda v: tuple(int(c) for c in v.split(",")),
        default=CHANNELS,
        help="channels of the five conv layers, comma-separated (cost grows with them)",
    )
    ap.add_argument(
        "--init",
        type=Path,
        default=None,
        help="fine-tune this exported network (its ONNX file) instead of a new one",
    )
    ap.add_argument("--lr", type=float, default=3e-3, help="peak learning rate")
    ap.add_argument(
        "--shadow-packshots",
        type=int,
        default=0,
        help="add this many clean packshots with a shadow at the bottom edge "
        "(shadow_packshots.py) to the fitted samples",
    )
    args = ap.parse_args()
    globals().update(FLIP=args.flip, CLEAN_WEIGHT=args.clean_weight, CHANNELS=args.channels)
    import torch

    torch.set_num_threads(args.threads)
    if not args.data.exists():
        data = watermark_data.build(600, 11, 2)
        args.data.parent.mkdir(parents=True, exist_ok=True)
        np.savez(args.data, **data)
    d = load(args.data, args.more_data)
    source, kind = d["source"], d["kind"]
    y = d["y"].astype(np.int8)
    fit_rows, val_rows, test_rows, real, tag = split_rows(d)
    x, cov = d["X"], d["cov"].astype(np.float32)
    print(
        f"samples: fit {fit_rows.sum()} ({len(np.unique(source[fit_rows]))} photos), "
        f"validation {val_rows.sum()} ({len(np.unique(source[val_rows]))}), "
        f"held-out test {test_rows.sum()} ({len(np.unique(source[test_rows]))})"
    )
    fx, fcov, fy = x[fit_rows], cov[fit_rows], y[fit_rows]
    if args.shadow_packshots:
        extra = shadow_packshots.samples(args.shadow_packshots, args.seed)
        fx = np.concatenate([fx, extra])
        fcov = np.concatenate([fcov, np.zeros((len(extra), *cov.shape[1:]), cov.dtype)])
        fy = np.concatenate([fy, np.zeros(len(extra), fy.dtype)])
        print(f"+ {len(extra)} clean shadow packshots")
    start = None if args.init is None else from_onnx(args.init)
    net = train(fx, fcov, fy, args.epochs, args.seed, net=start, lr=args.lr)

    sv = scores(net, x[val_rows])
    threshold = validation_threshold(sv, (y[val_rows] == 0) & real[val_rows], args.target_fp)
    print(
        f"threshold {threshold:.3f} (<= {args.target_fp:.0%} of clean real validation photos flagged)"
    )
    report("validation photos (real + synthetic)", sv >= threshold, y[val_rows])
    report("validation real photos", (sv >= threshold)[real[val_rows]], y[val_rows][real[val_rows]])

    # Validation photos by mark kind (the overlay samples of watermark_overlay_data.py carry no
    # real held-out rows: the corpus's holdout photos are evaluated by watermark_eval_real.py).
    kv, rv = kind[val_rows], real[val_rows]
    for k in sorted(set(kv[rv]) - {"none"}):
        sel = rv & ((kv == k) | (kv == "none"))
        report(f"validation real photos: {k}", (sv >= threshold)[sel], y[val_rows][sel])
    for t in (0.3, 0.5, 0.7, 0.9):
        report(f"validation real photos at {t}", (sv >= t)[rv], y[val_rows][rv])

    st = scores(net, x[test_rows])
    flag, yt, kt, rt = st >= threshold, y[test_rows], kind[test_rows], real[test_rows]
    print("HELD-OUT (photos never seen in training, in any variant):")
    lines = [report("synthetic photos (with product print)", flag[~rt], yt[~rt])]
    if rt.any():
        lines.insert(0, report("real photos", flag[rt], yt[rt]))
        for k in sorted(set(kt[rt]) - {"none"}):
            sel = rt & ((kt == k) | (kt == "none"))
            lines.append(report(f"real photos: {k}", flag[sel], yt[sel]))
        prints = (tag[test_rows] == "product_print") & (yt == 0)
        print(
            f"  product-print real photos (clean) flagged: {int(flag[prints].sum())} of {int(prints.sum())}"
        )
        for t in (0.3, 0.5, 0.7, 0.9):
            report(f"real photos at threshold {t}", (st >= t)[rt], yt[rt])
        # Diagnostic only (the shipped threshold never looks at held-out photos): recall at the
        # held-out false-positive rate of 5 %, to compare networks at equal cost in false alarms.
        _, t5 = recall_at_heldout_fp(st[rt], yt[rt])
        report(f"[diagnostic] real photos at held-out 5 % FP ({t5:.3f})", (st >= t5)[rt], yt[rt])
    src = source[test_rows]
    for prefix, name in (
        ("synth:", "generated product photos"),
        ("print:", "generated print products"),
    ):
        sel = np.char.startswith(src.astype(str), prefix)
        if sel.any():
            lines.append(report(f"held-out {name}", flag[sel], yt[sel]))

    export(net, args.out)

    onnx_net = cv2.dnn.readNetFromONNX(str(args.out))
    n = min(64, int(test_rows.sum()))
    onnx_net.setInput(blob(x[test_rows][:n]))
    onnx_scores = 1 / (1 + np.exp(-np.asarray(onnx_net.forward()).reshape(n, -1).max(axis=1)))
    drift = float(np.abs(onnx_scores - st[:n]).max())
    print(f"ONNX (OpenCV dnn) vs torch on {n} test inputs: max difference {drift:.2e}")
    meta = {
        "threshold": threshold,
        "mark_cell": MARK_CELL,
        "trained_on": f"{int(fit_rows.sum())} samples of {len(np.unique(source[fit_rows]))} photos "
        f"(benchmarks/watermark_data.py, seed {args.seed}, epochs {args.epochs}) "
        f"+ {args.shadow_packshots} shadow packshots; channels {','.join(map(str, CHANNELS))}"
        + (f"; fine-tuned from {args.init.name}" if args.init else ""),
        "held_out": [ln.strip() for ln in lines],
    }
    meta_path = args.out.with_suffix(".json")
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) and {meta_path.name}")


if __name__ == "__main__":
    main()
