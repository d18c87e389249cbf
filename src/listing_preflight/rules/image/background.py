"""Image rule IMG006: the main image background must be pure white."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...i18n import _t
from ...images.background import RING_LEVELS
from ...model import Check, ConfigError, Severity
from ...registry import row_rule
from .common import IMAGE, _main_only


@dataclass(frozen=True)
class BackgroundOptions:
    """Options of image-background-not-white."""

    # A border pixel is "white" when its darkest channel is >= level and it has no colour cast.
    # Must be one of background.RING_LEVELS (the shares are precomputed per level). 250 is
    # CIE dE ~1.6 from #FFFFFF (image-techniques.md §1a): "pure white" per the seed rule; on
    # shared/realdata every level from 240 to 253 scored the same (99.3 %).
    level: int = 250
    # Share of the border allowed below the level: JPEG ringing, a shadow or a product that
    # touches the edge (models' legs, a box filling the width: up to 38 % on shared/realdata;
    # grey or coloured backdrops and scenes start at 57 %). benchmarks/eval_images.py.
    max_dark_share: float = 0.4


@row_rule(
    "IMG006",
    "image-background-not-white",
    Severity.ERROR,
    scope="image",
    requires=("img_ring_dark",),
    options=BackgroundOptions,
    reject_rate=0.7,
)
def image_background_not_white(opts: BackgroundOptions) -> Check:
    """The main image's background is not pure white.

    Why:
        Joom (like Amazon) asks for the product on a pure white background in the main
        image; grey, coloured or scene backgrounds and frames are rejected. Soft shadows under
        the product and JPEG noise are tolerated; transparency counts as white.

    Example:
        product on a light-grey studio backdrop -> IMG006
        product on #FFFFFF with a soft shadow    -> ok
    """
    if opts.level not in RING_LEVELS:
        raise ConfigError(
            f"[rules.image-background-not-white] level must be one of {list(RING_LEVELS)}"
        )
    dark = pl.col("img_ring_dark").list.get(RING_LEVELS.index(opts.level), null_on_oob=True)
    return Check(
        violates=_main_only(dark > opts.max_dark_share),
        message=pl.format(
            _t("main image '{}' background is not white: {}% of the border is darker than {} or tinted; "
            "put the product on pure white (#FFFFFF)"),
            IMAGE,
            (dark * 100).round(0).cast(pl.Int64),
            pl.lit(opts.level),
        ),
        value=dark,
        field="main_image",
        evidence=pl.struct(pl.col("image"), pl.col("img_ring_level").alias("border_level")),
    )
