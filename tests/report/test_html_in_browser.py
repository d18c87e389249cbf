"""The HTML report, rendered by headless Chromium from the shipped sample (our own generated photos).

It must render (a screenshot is taken), show the thumbnails embedded in the file with the
evidence drawn on them, and filter through the URL fragment as a seller's clicks would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_run import run_cli
from headless_chromium import chromium, dump_dom, screenshot

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample" / "catalog.csv"

pytestmark = pytest.mark.skipif(chromium() is None, reason="chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, sample_cache: Path) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    status, _, err = run_cli("check", str(SAMPLE), "--output", str(out), "--quiet",
                             "--cache-dir", str(sample_cache))
    assert status == 1, err
    return out


def products(dom: str) -> str:
    """The rendered product list (not the page's script, which holds the same markup as code)."""
    return dom[dom.index('<div id="products">'):dom.index('<nav class="pager"')]


def cards(dom: str) -> list[str]:
    return re.findall(r'<article class="card".*?</article>', products(dom), re.S)


def test_the_report_renders_with_thumbnails_and_evidence_boxes(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    screenshot(page.as_uri(), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    dom, _ = dump_dom(page.as_uri())
    shown = cards(dom)
    dom = products(dom)
    assert len(shown) == 30  # every product of the sample, on the first page
    assert dom.count('src="data:image/jpeg;base64,') >= 60  # embedded, not linked
    assert not re.search(r'src="(?!data:)', dom)  # nothing loaded from outside the file
    assert re.search(r'class="box mark ev-IMG007"', dom)  # the watermark's region
    assert re.search(r'class="box product ev-IMG011"', dom)  # the product box and margins
    assert re.search(r'class="box margin ev-IMG011"', dom)
    assert re.search(r'class="box ring ev-IMG006" style="[^"]*border-color:#[0-9A-F]{6}', dom)


def test_filters_in_the_url_fragment_narrow_the_cards(page: Path) -> None:
    dom, _ = dump_dom(page.as_uri() + "#rule=IMG007")
    shown = cards(dom)
    assert shown and all('data-code="IMG007"' in c for c in shown)
    assert "box mark ev-IMG007" in shown[0]
    dom, _ = dump_dom(page.as_uri() + "#verdict=pass&q=JS-100")
    shown = cards(dom)
    assert shown and all('data-verdict="pass"' in c and 'data-sku="JS-100' in c for c in shown)
    assert 'data-verdict="reject-likely"' not in "".join(shown)


def test_a_reused_photo_is_shown_next_to_the_one_it_copies_with_the_score(tmp_path: Path) -> None:
    import base64
    import io
    import json

    import polars as pl
    from PIL import Image

    from listing_preflight.model import FINDINGS_SCHEMA, RunStats
    from listing_preflight.report import RenderOptions, render
    from listing_preflight.results import Report

    def jpeg(colour: tuple[int, int, int]) -> str:
        buf = io.BytesIO()
        Image.new("RGB", (96, 96), colour).save(buf, "JPEG")
        return base64.b64encode(buf.getvalue()).decode("ascii")

    evidence = json.dumps({"image": "b.jpg", "products": ["A"], "matched_image": "a.jpg",
                           "similarity_percent": 97})
    findings = pl.DataFrame(
        [("SIM002", "image-reused-across-products", "error", "B", None, 3, "main_image",
          "main image b.jpg is also used by 1 other product(s): A (97% similar)", 0.97, evidence, "c.csv")],
        schema={"code": pl.String, "name": pl.String,
                **{k: v for k, v in FINDINGS_SCHEMA.items() if k != "code"}}, orient="row")
    products = pl.DataFrame([("A", 2, "c.csv", "pass", 0.0), ("B", 3, "c.csv", "reject-likely", 0.8)],
                            schema={"product_sku": pl.String, "row": pl.Int64, "source": pl.String,
                                    "verdict": pl.String, "risk": pl.Float64}, orient="row")
    thumbs = pl.DataFrame({"product_sku": ["A", "B"], "field": ["main_image"] * 2,
                           "image": ["a.jpg", "b.jpg"], "img_thumb": [jpeg((200, 0, 0)), jpeg((0, 0, 200))]})
    report = Report(findings=findings, products=products, rules={}, settings={},
                    stats=RunStats(products=2, variants=2, images=2), profile="joom", thumbnails=thumbs)
    page = tmp_path / "r.html"
    render(report, "html", str(page), RenderOptions())
    dom, _ = dump_dom(page.as_uri() + "#rule=SIM002")
    shown = cards(dom)
    assert len(shown) == 1 and 'data-sku="B"' in shown[0]
    pair = re.search(r'<span class="pair ev-SIM002">(.*?)</span></span>', shown[0], re.S).group(0)
    assert 'data-image="b.jpg"' in pair and 'data-image="a.jpg"' in pair
    assert pair.count('src="data:image/jpeg;base64,') == 2 and "97%" in pair
