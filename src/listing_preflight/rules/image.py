"""Image rules (IMG): presence, readability, format, geometry, background, watermark, sharpness."""

from __future__ import annotations

import polars as pl

from ..model import Check, Severity
from ..registry import row_rule


@row_rule("IMG001", "main-image-missing", Severity.ERROR, requires=("main_image",), reject_rate=0.99)
def main_image_missing() -> Check:
    """The product has no main image.

    Why:
        Joom requires a main image for every product; auto-moderation rejects a product
        without one.

    Example:
        main_image=""              -> IMG001
        main_image="photos/p1.jpg" -> ok
    """
    return Check(
        violates=pl.col("main_image").is_null(),
        message=pl.lit("main image is missing; add a 1:1 photo of at least 800x800 on white"),
    )
