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
