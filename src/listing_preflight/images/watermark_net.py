"""Learned watermark detector: a small convolutional network over the working image.

The network (trained by benchmarks/train_watermark.py on the project's own images: real photos
of ../shared/realdata and synthesised product photos, clean and with synthetic watermarks,
logo stamps, overlay text, tiled marks and banners, and the tune photos of the real-photo corpus
with the overlay kinds of benchmarks/watermark_overlay_data.py; never the corpus's holdout
photos) reads the working image resized to
NET_SIDE x NET_SIDE plus two coordinate planes (so that it knows a corner from the centre) and
returns a GRID x GRID map: the probability that each cell of the frame is covered by a mark
laid over the photo. It was trained on where the synthetic marks really were, cell by cell, so
text printed on the product (in the synthetic photos and the real product-print photos) is
taught as "no mark". The image's score is its highest cell, which also says where the mark is;
IMG007 compares the maps of one seller's photos to find a faint mark repeated at one place.

Inference runs the shipped ONNX file (watermark_net.onnx, in the wheel; nothing is downloaded)
with ONNX Runtime, or with OpenCV's dnn module where ONNX Runtime is not installed (it has no
wheel for some platforms). Both give the same logits to ~1e-5; ONNX Runtime is 2.5x faster on
this small network (0.28 vs 0.71 ms per image on one core, 23 M multiply-adds); the difference
is about a tenth of the whole image pass (benchmarks/README.md, "Images").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

try:  # imported here, not in a worker, so a forkserver imports it once for every worker
    import onnxruntime
except ImportError:  # pragma: no cover - exercised where ONNX Runtime has no wheel
    onnxruntime = None

MODEL = Path(__file__).with_name("watermark_net.onnx")
META = Path(__file__).with_name("watermark_net.json")
NET_SIDE = 192  # input side: a 1000 px photo's working image (250 px) at ~0.77x
GRID = 12  # output cells per side (NET_SIDE / 16)
MIN_SIDE = 32  # working images narrower than this (strips, icons) get no score


def net_input(rgb: np.ndarray) -> np.ndarray:
    """The uint8 NET_SIDE x NET_SIDE RGB array the network reads (training uses the same)."""
    # Bilinear: the working image is 200-320 px, so this is at most a 1.7x reduction, and an
    # area average at a non-integer ratio is far slower (see extract.hash_input).
    return cv2.resize(rgb, (NET_SIDE, NET_SIDE), interpolation=cv2.INTER_LINEAR)


@lru_cache(maxsize=1)
def _coords() -> np.ndarray:
    """(2, NET_SIDE, NET_SIDE) float32 planes of x and y in -0.5..0.5."""
    ramp = np.linspace(-0.5, 0.5, NET_SIDE, dtype=np.float32)
    side = (NET_SIDE, NET_SIDE)
    return np.stack([np.broadcast_to(ramp[None, :], side), np.broadcast_to(ramp[:, None], side)])


def blob(images: np.ndarray) -> np.ndarray:
    """(n, 5, NET_SIDE, NET_SIDE) float32 network input of uint8 (n, NET_SIDE, NET_SIDE, 3) images."""
    x = images.astype(np.float32).transpose(0, 3, 1, 2) * np.float32(1 / 255) - np.float32(0.5)
    coords = np.broadcast_to(_coords()[None], (len(images), 2, NET_SIDE, NET_SIDE))
    return np.ascontiguousarray(np.concatenate([x, coords], axis=1))


BACKENDS = ("onnxruntime", "opencv")


def default_backend() -> str:
    """ONNX Runtime when it is installed, else OpenCV's dnn module."""
    return "onnxruntime" if onnxruntime is not None else "opencv"


@lru_cache(maxsize=2)
def _runner(backend: str) -> Callable[[np.ndarray], np.ndarray]:
    """A function from network input blobs to raw outputs, built once per process."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown network backend {backend!r}; one of {', '.join(BACKENDS)}")
    if backend == "onnxruntime":
        opts = onnxruntime.SessionOptions()
        # One thread: the worker pool is the parallelism (as for OpenCV in extract.init_worker).
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(MODEL), opts, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name

        def run(x: np.ndarray) -> np.ndarray:
            # The exported graph has a fixed batch of one (OpenCV's dnn takes any batch).
            return np.concatenate(
                [session.run(None, {name: x[i : i + 1]})[0] for i in range(len(x))]
            )

        return run
    # OpenCV's default backend and target (its own CPU code); choosing them explicitly makes
    # OpenCV 5 print a warning on every start of a worker.
    net = cv2.dnn.readNetFromONNX(str(MODEL))

    def forward(x: np.ndarray) -> np.ndarray:
        net.setInput(x)
        return net.forward()

    return forward


def load() -> None:
    """Build the network's runner now (the forkserver does, so that its workers share it)."""
    _runner(default_backend())


@lru_cache(maxsize=1)
def metadata() -> dict:
    """Thresholds and training facts stored next to the weights by the trainer."""
    return json.loads(META.read_text(encoding="utf-8"))


def default_threshold() -> float:
    """The decision threshold on the highest cell that the trainer chose (IMG007's default)."""
    return float(metadata()["threshold"])


def cell_logits(images: np.ndarray, backend: str | None = None) -> np.ndarray:
    """(n, GRID, GRID) logits of uint8 (n, NET_SIDE, NET_SIDE, 3) network inputs."""
    out = _runner(backend or default_backend())(blob(images))
    return np.asarray(out, np.float32).reshape(len(images), GRID, GRID)


def probabilities(x: np.ndarray) -> np.ndarray:
    """(GRID, GRID) probabilities of one uint8 network input (net_input's output)."""
    logits = cell_logits(x[None])[0]
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def input_of(rgb: np.ndarray) -> np.ndarray | None:
    """net_input of a working image, or None when it is too small to score (strips, icons)."""
    return None if min(rgb.shape[:2]) < MIN_SIDE else net_input(rgb)


def mark_map(rgb: np.ndarray) -> np.ndarray | None:
    """(GRID, GRID) probabilities that each cell of the frame carries a mark; None if too small."""
    x = input_of(rgb)
    return None if x is None else probabilities(x)
