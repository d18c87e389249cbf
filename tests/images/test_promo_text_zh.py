"""IMG014 reads Chinese promotional and contact words laid over a generated photo.

Chinese glyphs need a CJK font: WenQuanYi Micro Hei (Debian fonts-wqy-microhei, which .ci/run
installs); without it the test is skipped, saying so."""

from __future__ import annotations

import json
from pathlib import Path

import image_files as gen
import polars as pl
import pytest
from PIL import ImageDraw, ImageFont

from listing_preflight.api import check_rows
from listing_preflight.images import text_detect

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

pytestmark = [
    pytest.mark.skipif(not text_detect.available(), reason="no ONNX Runtime here"),
    pytest.mark.skipif(not CJK_FONT.is_file(),
                       reason="fonts-wqy-microhei is not installed (.ci/run installs it)"),
]


def zh_photo():
    im = gen.packshot(1000, product_share=0.55, seed=3)
    d = ImageDraw.Draw(im)
    # A caption under the product and a small contact line in the bottom-left corner.
    d.text((500, 860), "限时特价 全国包邮", font=ImageFont.truetype(str(CJK_FONT), 44),
           fill=(200, 20, 20), anchor="mm")
    d.text((60, 950), "加微信 shop888", font=ImageFont.truetype(str(CJK_FONT), 20),
           fill=(90, 90, 90))
    return im


def zh_print_on_product():
    # The same words printed on the product's label: print, not an overlay.
    im = gen.packshot(1000, product_share=0.7, seed=4)
    d = ImageDraw.Draw(im)
    d.rectangle((330, 430, 670, 570), fill=(250, 250, 240))
    d.text((500, 500), "限时特价", font=ImageFont.truetype(str(CJK_FONT), 40), fill=(20, 20, 20),
           anchor="mm")
    return im


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    root = tmp_path_factory.mktemp("zh")
    rows = []
    for name, make in {"promo": zh_photo, "print": zh_print_on_product}.items():
        gen.save(root, f"{name}.jpg", gen.jpeg_bytes(make()))
        rows.append({"product_sku": name, "title": "Ceramic Vase White", "main_image": f"{name}.jpg"})
    return check_rows(rows, select=["IMG007", "IMG014"],
                      config={"images": str(root), "no-cache": True}).findings


def test_img014_finds_chinese_promo_and_contact_words(findings):
    hits = findings.filter(pl.col("code") == "IMG014").to_dicts()
    assert [h["product_sku"] for h in hits] == ["promo"]
    matches = json.loads(hits[0]["evidence"])["matches"]
    assert {"限时特价", "全国包邮", "加微信"} <= set(matches)


def test_chinese_caption_beside_the_product_is_an_overlay_print_on_it_is_not(findings):
    flagged = set(findings.filter(pl.col("code") == "IMG007")["product_sku"].to_list())
    assert flagged == {"promo"}
