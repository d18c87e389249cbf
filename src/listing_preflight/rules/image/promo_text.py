"""Image rule IMG014: promotional words and contact details read inside an image."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import polars as pl

from ...i18n import _t
from ...images.overlay_text import LINE_SCORE
from ...model import Severity
from ...registry import frame_rule
from ...text.wordlists import load_entries, load_structure
from .common import IMAGE

if TYPE_CHECKING:
    from ...engine import RunContext

# Bare words whose title-rule entries need long allow-lists of product phrases ("hot water
# bottle", "New Balance"): read off a photo they are as often a product word as promo, and the
# allow-lists cannot run on a photo's few words. Their phrases ("hot sale", "new arrival") stay.
_SKIPPED_TERMS = {"hot", "new"}


@lru_cache(maxsize=1)
def promo_regex() -> str:
    """One alternation (polars syntax) of the title rules' promo entries and contact kinds."""
    promo = [
        e.regex
        for e in load_entries()
        if e.rule == "TTL008" and e.severity_for("title") == "error" and e.term not in _SKIPPED_TERMS
    ]
    contact = [kind["pattern"] for kind in load_structure("contact")["kinds"]]
    # Unicode word boundaries (the title rules use ASCII ones for speed on millions of rows):
    # a photo holds a few short lines, and "微信" after a space has no ASCII boundary.
    return "(?i)" + "|".join(f"(?:{p})" for p in promo + contact)


@dataclass(frozen=True)
class PromoTextOptions:
    """Options of image-promotional-text."""

    # Detector score (0..1) a text line needs before its words count (the cascade reads only
    # lines at or above images/overlay_text.LINE_SCORE, so lower values change nothing).
    min_line_score: float = LINE_SCORE


@frame_rule(
    "IMG014",
    "image-promotional-text",
    Severity.ERROR,
    scope="image",
    requires=("img_text", "img_text_boxes", "img_text_error"),
    options=PromoTextOptions,
    reject_rate=0.8,
)
def image_promotional_text(ctx: RunContext, opts: PromoTextOptions) -> pl.LazyFrame:
    """The photo shows promotional words or contact details ("HOT SALE", "50% OFF", a URL, 微信).

    Why:
        Joom forbids promo words, prices and contact details in product photos as in titles.
        Text laid over the photo (images/overlay_text.py: text lines the PP-OCRv4 detector
        finds on the photo's background or as small type at an edge, on candidate images
        only; the two tallest such lines of a photo) is read by the PP-OCRv4 recogniser
        (Chinese and Latin characters) and matched against the same wordlists as the title
        rule TTL008 (wordlists/promo, error entries;
        the bare words "hot" and "new" are left out, their product phrases need context) and
        the contact patterns of DSC005 (wordlists/structure/contact.yaml: links, e-mail,
        phone numbers, messenger ids such as WeChat/微信). Lines whose detector score is
        below `min-line-score` are ignored. Text printed on the product is not read.
        When the text search fails on one image, that image gets an info finding saying
        why (its text was not checked), never a silent pass.

    Cost:
        The text search and the watermark network that guides it are shared with IMG007 and
        are about half of the image pass. A run with both IMG007 and IMG014 switched off skips
        them.

    Example:
        "HOT SALE 50% OFF" on the white background beside the product -> IMG014
        "www.bestshop.com" in small type at the bottom corner          -> IMG014
        "Red  Blue  Black" colour labels beside the variants            -> ok (IMG007)
        a brand name printed on the product's box                       -> ok
    """
    lines = (
        ctx.tables.images.lazy()
        .filter(pl.col("img_text").is_not_null() & pl.col("img_text_boxes").is_not_null())
        .select("product_sku", "row", "source", "field", "image", "img_text", "img_text_boxes")
        .explode("img_text", "img_text_boxes")
        .filter(
            (pl.col("img_text").str.len_chars() > 0)
            & (pl.col("img_text_boxes").list.get(5, null_on_oob=True) >= 0.5)
            & (pl.col("img_text_boxes").list.get(4, null_on_oob=True) >= opts.min_line_score)
        )
        .with_columns(pl.col("img_text").str.extract_all(promo_regex()).alias("_hits"))
        .filter(pl.col("_hits").list.len() > 0)
    )
    found = lines.group_by("product_sku", "field", "image", maintain_order=True).agg(
        pl.col("row", "source").first(),
        pl.col("_hits").list.explode().unique(maintain_order=True),
        pl.col("img_text"),
        pl.col("img_text_boxes").first().list.head(4).alias("_box"),
    )
    failed = (
        ctx.tables.images.lazy()
        .filter(pl.col("img_text_error").is_not_null())
        .group_by("product_sku", "field", "image", maintain_order=True)
        .agg(pl.col("row", "source", "img_text_error").first())
        .select(
            "product_sku",
            "row",
            "source",
            "field",
            pl.lit("info").alias("severity"),
            pl.format(
                _t("the text in image '{}' could not be searched ({}); check the photo for "
                   "promotional text by eye"),
                IMAGE,
                pl.col("img_text_error"),
            ).alias("message"),
            pl.lit(None, pl.Float64).alias("value"),
            pl.struct(pl.col("image"), pl.col("img_text_error").alias("error"))
            .struct.json_encode()
            .alias("evidence"),
        )
    )
    return pl.concat([found.select(
        "product_sku",
        "row",
        "source",
        "field",
        pl.format(
            _t("image '{}' shows promotional text or contact details ({}) in '{}'; remove it from "
               "the photo"),
            IMAGE,
            pl.col("_hits").list.join(", "),
            pl.col("img_text").list.join(" | "),
        ).alias("message"),
        pl.col("_hits").list.len().cast(pl.Float64).alias("value"),
        pl.struct(
            pl.col("image"),
            pl.col("img_text").alias("text"),
            pl.col("_hits").alias("matches"),
            pl.col("_box").alias("region"),
        )
        .struct.json_encode()
        .alias("evidence"),
    ), failed], how="diagonal")
