"""Issue 12 §4 end to end: SIM002 finds turned, re-framed, re-saved and mirrored copies of a photo
used by another product, and keeps the same template in another colour apart."""

from __future__ import annotations

import numpy as np
import pytest
import simphotos as ph
from PIL import Image

from listing_preflight.api import check_rows


def framed(im: Image.Image, fill: float, side: int = 1000) -> Image.Image:
    """The product of `im` (its non-white box) scaled to span `fill` of a white square, centred."""
    arr = np.asarray(im)
    ys, xs = np.nonzero(arr.min(axis=2) < 245)
    product = im.crop((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))
    scale = fill * side / max(product.size)
    product = product.resize((round(product.width * scale), round(product.height * scale)),
                             Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(product, ((side - product.width) // 2, (side - product.height) // 2))
    return canvas


def turned(im: Image.Image, angle: float) -> Image.Image:
    """`im` turned about its centre, frame size kept, corners white (how copies get turned)."""
    return im.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")


# kind -> (seed, original, copy, JPEG quality of the copy); each pair is two products' main images
COPIES = {
    # (main before issue 12 scored these three 0.55, 0.625 and 0.625: one hash per catalog image)
    "turned -5 degrees at 35 % fill": (11, lambda: framed(ph.product(11), 0.35),
                                       lambda im: turned(im, -5.0), 85),
    "turned -5 degrees at 50 % fill": (13, lambda: framed(ph.product(13), 0.5),
                                       lambda im: turned(im, -5.0), 85),
    "turned +5 degrees at 50 % fill": (22, lambda: framed(ph.product(22), 0.5),
                                       lambda im: turned(im, 5.0), 85),
    "turned +3 degrees at 100 % fill": (23, lambda: framed(ph.product(23), 1.0),
                                        lambda im: turned(im, 3.0), 85),
    "re-framed from 35 % to 75 % fill": (14, lambda: framed(ph.product(14), 0.35),
                                         lambda im: framed(im, 0.75, 900), 80),
    # the example: a 1000 px photo at ~40 % fill saved again at 900 px, JPEG q75
    "saved again at 900 px q75 (40 % fill)": (15, lambda: framed(ph.product(15), 0.4),
                                              lambda im: im.resize((900, 900), Image.Resampling.LANCZOS), 75),
    "mirrored at 35 % fill": (16, lambda: framed(ph.product(16), 0.35), ph.mirrored, 85),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One check over a catalog of copy pairs and one same-template colour pair."""
    folder = tmp_path_factory.mktemp("copies")
    rows = []
    for kind, (seed, original, copy, quality) in COPIES.items():
        im = original()
        ph.save(folder, f"{seed}-a.jpg", im)
        ph.save(folder, f"{seed}-b.jpg", copy(im), quality=quality)
        rows += [{"product_sku": f"{seed}-A", "title": kind, "main_image": f"{seed}-a.jpg"},
                 {"product_sku": f"{seed}-B", "title": "other", "main_image": f"{seed}-b.jpg"}]
    # the same template in another colour, at the same fill: a colour variant, not a copy
    ph.save(folder, "red.jpg", framed(ph.product(17, hue=0.0), 0.5))
    ph.save(folder, "blue.jpg", framed(ph.product(17, hue=0.62), 0.5))
    rows += [{"product_sku": "RED", "title": "mug", "main_image": "red.jpg"},
             {"product_sku": "BLUE", "title": "mug", "main_image": "blue.jpg"}]
    result = check_rows(rows, select=["SIM002"], config={"images": str(folder), "no-cache": True, "jobs": 1})
    return [f for f in result.findings.to_dicts() if f["code"] == "SIM002"]


@pytest.mark.parametrize("kind", COPIES)
def test_a_copy_used_by_another_product_is_flagged_on_both(report, kind):
    seed = COPIES[kind][0]
    flagged = {f["product_sku"]: f for f in report if f["product_sku"] in (f"{seed}-A", f"{seed}-B")}
    assert set(flagged) == {f"{seed}-A", f"{seed}-B"}, kind
    assert f"{seed}-B" in flagged[f"{seed}-A"]["message"] and flagged[f"{seed}-A"]["value"] >= 0.70


def test_copies_are_not_matched_with_other_products(report):
    for finding in report:
        seed = finding["product_sku"].split("-")[0]
        assert f"{seed}-" in finding["message"], finding["message"]


def test_the_same_template_in_another_colour_is_not_a_reused_photo(report):
    assert [f for f in report if f["product_sku"] in ("RED", "BLUE")] == []
