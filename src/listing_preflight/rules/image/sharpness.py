"""Image rule IMG008: blurry photos."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...i18n import _t
from ...model import Check, Severity
from ...registry import row_rule
from .common import EVIDENCE, IMAGE, _readable


@dataclass(frozen=True)
class BlurOptions:
    """Options of image-blurry."""

    # Edge acuity (images/extract.py sharpness): realdata photos score 0.16-0.24 (5-95 %), the
    # same blurred by sigma 2 px 0.06-0.15, by sigma 4 px 0.03-0.08 (benchmarks/eval_images.py).
    min_sharpness: float = 0.13
    # Acuity is measured on the working image, a 1/4-1/8 reduction of a photo of marketplace
    # size. A smaller photo is measured at (nearly) its own pixels, where ordinary softness
    # reads as blur: 8 of 37 outside photos under 800 px fell below min_sharpness, plainly
    # sharp ones among them (benchmarks/README.md, IMG008). They get IMG005 instead.
    min_side: int = 800


@row_rule(
    "IMG008",
    "image-blurry",
    Severity.WARNING,
    scope="image",
    requires=("img_sharpness", "img_width", "img_height"),
    options=BlurOptions,
    reject_rate=0.3,
)
def image_blurry(opts: BlurOptions) -> Check:
    """The image looks blurry (little fine detail on the product).

    Why:
        Blurry photos are rejected by moderation as low quality and convert poorly.

    Example:
        an out-of-focus main photo                  -> IMG008
        a sharp studio photo                        -> ok
        a 600 x 600 photo (blurry or not)           -> ok here; IMG005 asks for a larger one
    """
    return Check(
        violates=_readable(
            (pl.col("img_sharpness") < opts.min_sharpness)
            & (pl.max_horizontal("img_width", "img_height") >= opts.min_side)
        ),
        message=pl.format(
            _t("image '{}' looks blurry (sharpness {} < {}); retake or use the original file"),
            IMAGE,
            pl.col("img_sharpness").round(3),
            pl.lit(opts.min_sharpness),
        ),
        value=pl.col("img_sharpness"),
        field=pl.col("field"),
        evidence=EVIDENCE,
    )
