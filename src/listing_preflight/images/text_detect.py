"""Text detection and reading with the PP-OCRv4 models (our own pre- and post-processing).

The two ONNX files in `ppocr/` are PaddleOCR's PP-OCRv4 mobile text detector (DB, a per-pixel
text probability map) and recogniser (CRNN-style, CTC over 6,623 Chinese/Latin characters whose
table is stored in the model's metadata), Apache-2.0, taken unchanged from the
`rapidocr-onnxruntime` 1.4.4 wheel (see ppocr/NOTICE). That wheel is not a dependency: it
requires the non-headless `opencv-python`, which clashes with our `opencv-python-headless`
(both install `cv2`; the non-headless one needs libGL). Only the model files are used, run in
ONNX Runtime like the watermark network. Nothing is downloaded at run time.

Both networks are expensive (the detector ~0.2 us per input pixel on one core: 21 ms at
320 x 320, 90 ms at 640 x 640), so images/overlay_text.py runs them as a cascade, only on
the regions of candidate images.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from ..i18n import _t

try:
    import onnxruntime
except ImportError:  # pragma: no cover - platforms without an ONNX Runtime wheel
    onnxruntime = None

MODELS = Path(__file__).with_name("ppocr")
DET_MODEL = MODELS / "ch_PP-OCRv4_det_infer.onnx"
REC_MODEL = MODELS / "ch_PP-OCRv4_rec_infer.onnx"

# Post-processing of the probability map, PaddleOCR's DB defaults: a pixel is text above 0.3;
# a region is kept when its mean probability is at least 0.5 (box_thresh) and its short side is
# at least 3 px of the detector input; each region is grown by unclip ratio 1.6 (the map marks
# a shrunk core of each text line).
PIXEL_THRESH = 0.3
BOX_THRESH = 0.5
MIN_BOX_SIDE = 3
UNCLIP_RATIO = 1.6
REC_HEIGHT = 48  # the recogniser's input height
REC_MAX_WIDTH = 480  # longer lines are squeezed to this width (10 characters per 48 px height)


@dataclass(frozen=True, slots=True)
class TextBox:
    """One detected text line: pixel box in the analysed image and its detector score."""

    x0: float
    y0: float
    x1: float
    y1: float
    score: float


def available() -> bool:
    """Whether the detector can run here (ONNX Runtime installed and the model files present)."""
    return unavailable_reason() is None


def unavailable_reason() -> str | None:
    """Why the text detector cannot run here (a user-facing sentence), or None when it can."""
    if onnxruntime is None:
        return _t("ONNX Runtime is not installed (pip install onnxruntime)")
    missing = [p.name for p in (DET_MODEL, REC_MODEL) if not p.is_file()]
    if missing:
        return _t("the text detection model is missing from the installation: {}").format(
            ", ".join(missing))
    return None


@lru_cache(maxsize=2)
def _session(path: str) -> onnxruntime.InferenceSession:
    """One single-threaded session per model and process (the worker pool is the parallelism)."""
    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    # Every region has its own shape: memory patterns planned for one shape are waste.
    opts.enable_mem_pattern = False
    return onnxruntime.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def load() -> None:
    """Load both models now (the forkserver does, so that the workers it forks share them)."""
    _session(str(DET_MODEL))
    _charset()  # opens the recogniser's session to read its character table


@lru_cache(maxsize=1)
def _charset() -> list[str]:
    """CTC classes: blank, the model's character table, then the space (PaddleOCR's order)."""
    meta = _session(str(REC_MODEL)).get_modelmeta().custom_metadata_map
    return ["", *meta["character"].splitlines(), " "]


def _normalise(rgb: np.ndarray) -> np.ndarray:
    """(1, 3, h, w) float32 input in -1..1, as both PP-OCR networks were trained."""
    x = rgb.astype(np.float32) * np.float32(2 / 255) - np.float32(1)
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def detect(rgb: np.ndarray, max_side: int = 640) -> list[TextBox]:
    """Text lines in an RGB array, boxes in its own pixels (the input is resized to a multiple
    of 32 with its long side near `max_side`: reduced, or enlarged when it is larger)."""
    h, w = rgb.shape[:2]
    f = max_side / max(h, w)
    th, tw = max(32, round(h * f / 32) * 32), max(32, round(w * f / 32) * 32)
    x = cv2.resize(rgb, (tw, th), interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
    session = _session(str(DET_MODEL))
    prob = session.run(None, {session.get_inputs()[0].name: _normalise(x)})[0][0, 0]
    mask = cv2.dilate((prob > PIXEL_THRESH).astype(np.uint8), np.ones((2, 2), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    sx, sy = w / tw, h / th
    boxes = []
    for i in range(1, n):
        bx, by, bw, bh, area = (int(v) for v in stats[i])
        if min(bw, bh) < MIN_BOX_SIDE:
            continue
        region = prob[by : by + bh, bx : bx + bw][labels[by : by + bh, bx : bx + bw] == i]
        score = float(region.mean())
        if score < BOX_THRESH:
            continue
        # DB's unclip: grow the core by area * ratio / perimeter on every side.
        grow = area * UNCLIP_RATIO / (2 * (bw + bh))
        boxes.append(
            TextBox(
                max(0.0, (bx - grow) * sx),
                max(0.0, (by - grow) * sy),
                min(float(w), (bx + bw + grow) * sx),
                min(float(h), (by + bh + grow) * sy),
                score,
            )
        )
    return boxes


def read(rgb: np.ndarray, box: TextBox) -> str:
    """The text of one detected line (greedy CTC decoding of the recogniser's output)."""
    crop = rgb[int(box.y0) : int(np.ceil(box.y1)), int(box.x0) : int(np.ceil(box.x1))]
    if crop.size == 0:
        return ""
    h, w = crop.shape[:2]
    if h > 1.5 * w:  # a vertical line (Chinese shop names often are): read it top to bottom
        crop = np.ascontiguousarray(np.rot90(crop))
        h, w = w, h
    width = int(min(REC_MAX_WIDTH, max(16, np.ceil(REC_HEIGHT * w / h))))
    line = cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
    session = _session(str(REC_MODEL))
    out = session.run(None, {session.get_inputs()[0].name: _normalise(line)})[0][0]
    best = out.argmax(axis=1)
    chars = _charset()
    keep = np.concatenate([[True], best[1:] != best[:-1]]) & (best != 0)
    return "".join(chars[i] for i in best[keep] if i < len(chars)).strip()
