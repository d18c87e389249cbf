"""Smaller items of issue 14 §12: misleading messages, Pillow's limit, NUL bytes in SKUs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cli_run import run_cli
from PIL import Image

from listing_preflight.images.decode import ImageError, decode
from listing_preflight.images.sources import resolve

HEADER = "*Unique ID,Parent Unique ID,*Product Name,*Price,*Product Main Image URL\n"


def test_a_nul_byte_in_a_sku_is_a_cat005_finding(isolated: Path) -> None:
    (isolated / "c.csv").write_bytes((HEADER + "S1\x00,P1,Desk lamp with arm,9.99,a.jpg\n"
                                      "S2,P2,Blue ceramic cup,5,b.jpg\n").encode())
    status, _, err = run_cli("check", "c.csv", "--select", "CAT005", "--format", "json",
                             "--output", "r.json")
    doc = json.loads((isolated / "r.json").read_text())
    found = [(p["product_sku"], f["message"]) for p in doc["products"] for f in p["findings"]]
    assert status == 1, err
    assert len(found) == 1 and found[0][0] == "P1" and "S1?" in found[0][1]


def test_a_zip_passed_as_csv_is_named(isolated: Path) -> None:
    with zipfile.ZipFile(isolated / "c.csv", "w") as archive:
        archive.writestr("sheet.xml", "<x/>")
    status, _, err = run_cli("check", "c.csv")
    assert status == 3 and "ZIP archive" in err and "gb18030" not in err


@pytest.mark.parametrize("ref, expected", [("javascript:alert(1)", "unsupported image address"),
                                           ("data:image/png;base64,xx", "unsupported image address")])
def test_non_file_addresses_are_named(ref: str, expected: str) -> None:
    assert expected in (resolve(ref, "/tmp").error or "")


def test_an_svg_is_named() -> None:
    with pytest.raises(ImageError, match="SVG"):
        decode(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
               max_pixels=100_000_000)


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def test_images_between_pillows_and_our_limit_are_not_refused_in_pillows_words(monkeypatch) -> None:
    # The 89.5-100 MP band at small scale: Pillow's own limit below ours, an image between.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500_000)
    decoded = decode(_png(1000, 900), max_pixels=1_000_000)  # 0.9 MP: accepted
    assert decoded is not None
    with pytest.raises(ImageError, match=r"exceeds the 1 MP limit"):
        decode(_png(1500, 1000), max_pixels=1_000_000)
    with pytest.raises(ImageError, match=r"more than twice the 1 MP limit") as refused:
        decode(_png(2000, 1500), max_pixels=1_000_000)
    assert "DOS" not in str(refused.value)


def test_a_wordlist_folder_is_named(isolated: Path) -> None:
    (isolated / "lists").mkdir()
    (isolated / "c.csv").write_text(HEADER + "S1,P1,Desk lamp with arm,9.99,a.jpg\n")
    (isolated / "c.toml").write_text('wordlists = ["lists"]\n')
    status, _, err = run_cli("check", "c.csv", "--config", "c.toml", "--select", "TTL")
    assert status == 2 and "is a folder" in err
