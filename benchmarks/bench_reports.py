"""Reporters at scale: every format on one checked catalog, the XLSX report of an XLSX
workbook, and the HTML report of 50,000 products opened in headless Chromium.

    python benchmarks/bench_reports.py --rows 100000            # every format, CSV input
    python benchmarks/bench_reports.py --xlsx-rows 100000       # XLSX workbook in, XLSX report out
    python benchmarks/bench_reports.py --html-products 50000    # HTML size, load and render time
    python benchmarks/bench_reports.py --screenshot docs/html-report.png   # the sample's HTML report

Catalogs come from benchmarks/generate_catalog.py (deterministic, ~3 variants per product);
the text/price/catalog rules run once (no image files: the point is the reporters). For the
HTML run every product gets a main-image thumbnail: 64 distinct JPEG thumbnails made by
cv2 from drawn packshots, cycled over the products (the report embeds each product's own
copy, so the file size is as with distinct photos, up to the report's thumbnail budget).
Browser timings are headless Chromium 156 on the same machine: `data-ready-ms` is the
page's own performance.now() when the first page of cards was on screen.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "tests"))

from generate_catalog import generate  # noqa: E402

from listing_preflight.config import build_config  # noqa: E402
from listing_preflight.engine import run  # noqa: E402
from listing_preflight.io import read_catalog  # noqa: E402
from listing_preflight.report import RenderOptions, formats, render  # noqa: E402

RULES = ["TTL", "PRC", "CAT", "IMG001"]


def checked(path: Path):  # noqa: ANN201 - a Report
    """Run the text/price/catalog rules on `path`; (report, seconds)."""
    config = build_config(flags={"select": RULES}, discover_from=Path("/"))
    clock = time.perf_counter()
    report = run(read_catalog([path], config.columns), config)
    return report, time.perf_counter() - clock


def every_format(rows: int, tmp: Path) -> None:
    """Seconds and size of each format for a CSV catalog of `rows` variant rows."""
    path = tmp / "catalog.csv"
    generate(rows).write_csv(path)
    report, seconds = checked(path)
    print(f"{rows} rows (CSV), {report.findings.height} findings, {report.stats.products} products; "
          f"check {seconds:.2f} s")
    times = {}
    for fmt in ["json", *[f for f in formats() if f != "json"]]:
        clock, cpu = time.perf_counter(), time.process_time()
        render(report, fmt, str(tmp / f"out.{fmt}"), RenderOptions())
        times[fmt] = time.perf_counter() - clock
        size = (tmp / f"out.{fmt}").stat().st_size
        print(f"  {fmt:<7} {times[fmt]:7.2f} s wall {time.process_time() - cpu:7.2f} s cpu  "
              f"{times[fmt] / times['json']:5.2f}x json  {size / 1e6:7.1f} MB")


def xlsx_in_place(rows: int, tmp: Path) -> None:
    """The XLSX report of an XLSX workbook of `rows` rows (prices as number cells, a 2nd sheet)."""
    import xlsxwriter

    frame = generate(rows)
    path = tmp / "catalog.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("商品列表")
    money = book.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, frame.columns)
    numeric = {c for c in frame.columns if c.lstrip("*") in ("Price", "MSRP", "Shipping", "Quantity")}
    for r, values in enumerate(frame.iter_rows(), start=1):
        for c, (name, value) in enumerate(zip(frame.columns, values)):
            if value in (None, ""):
                continue
            if name in numeric:
                try:
                    sheet.write_number(r, c, float(value), money)
                    continue
                except ValueError:
                    pass
            sheet.write_string(r, c, str(value))
    book.add_worksheet("说明").write_string(0, 0, "notes")
    book.close()
    report, seconds = checked(path)
    clock, cpu = time.perf_counter(), time.process_time()
    render(report, "xlsx", str(tmp / "report.xlsx"), RenderOptions())
    took = time.perf_counter() - clock
    print(f"{rows} rows (XLSX in), {report.findings.height} findings; check {seconds:.2f} s; "
          f"xlsx report (workbook edited in place) {took:.2f} s wall, "
          f"{time.process_time() - cpu:.2f} s cpu, "
          f"{(tmp / 'report.xlsx').stat().st_size / 1e6:.1f} MB")


def thumbnails(n: int) -> list[str]:
    """`n` distinct base64 JPEG thumbnails made the way the image pass makes them."""
    import numpy as np
    from image_files import jpeg_bytes  # the tests' generators (our own drawings)

    from listing_preflight.images.decode import decode
    from listing_preflight.images.extract import thumbnail

    sys.path.insert(0, str(ROOT / "fixtures"))
    from make_sample import draw_product

    out = []
    for i in range(n):
        image = draw_product("white" if i % 4 else "grey", seed=i, size=(800, 800))
        dec = decode(jpeg_bytes(image), max_pixels=50_000_000)
        out.append(thumbnail(np.ascontiguousarray(dec.rgb)) or "")
    return out


def html_at_scale(products: int, tmp: Path) -> None:
    """HTML size, write time and Chromium open/render/filter times for `products` products."""
    import polars as pl
    from headless_chromium import dump_dom

    path = tmp / "catalog.csv"
    generate(products * 3).write_csv(path)
    report, seconds = checked(path)
    thumbs = thumbnails(64)
    skus = report.products["product_sku"]
    report.thumbnails = pl.DataFrame({
        "product_sku": skus, "field": ["main_image"] * len(skus),
        "image": [f"images/{s}.jpg" for s in skus],
        "img_thumb": [thumbs[i % len(thumbs)] for i in range(len(skus))]})
    out = tmp / "report.html"
    clock, cpu = time.perf_counter(), time.process_time()
    render(report, "html", str(out), RenderOptions())
    took = time.perf_counter() - clock
    print(f"html written: {took:.2f} s wall, {time.process_time() - cpu:.2f} s cpu")
    size = out.stat().st_size
    embedded = out.read_text(encoding="utf-8").count('":"/9j/')  # base64 JPEGs start /9j/
    print(f"{report.stats.products} products, {report.findings.height} findings; check {seconds:.2f} s; "
          f"html {size / 1e6:.1f} MB with {embedded} thumbnails embedded (budget)")
    for fragment in ("", "#verdict=reject-likely&sort=risk", f"#q={skus[len(skus) // 2]}"):
        dom, wall = dump_dom(out.as_uri() + fragment, timeout=300, budget_ms=1000)
        ready = re.search(r'data-ready-ms="(\d+)"', dom)
        cards = re.search(r'data-rendered="(\d+)"', dom)
        print(f"  chromium {fragment or '(first page)'}: first page on screen at "
              f"{ready.group(1) if ready else '?'} ms, {cards.group(1) if cards else '?'} cards; "
              f"whole browser run {wall:.1f} s")


def sample_screenshot(png: Path) -> None:
    """The shipped sample's HTML report as a PNG (for the README)."""
    from click.testing import CliRunner
    from headless_chromium import screenshot

    from listing_preflight.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        result = CliRunner().invoke(cli, ["check", str(ROOT / "fixtures/sample/catalog.csv"),
                                          "--output", str(html), "-q"])
        assert html.is_file(), result.output
        png.parent.mkdir(parents=True, exist_ok=True)
        screenshot(html.as_uri(), png, size="1280,1400")
        # The cards of one rule: a tall page, cut at the product list.
        tall = Path(tmp) / "tall.png"
        screenshot(html.as_uri() + "#rule=IMG007", tall, size="1280,2600")
        from PIL import Image

        with Image.open(tall) as image:
            top = _first_card_row(image)
            image.crop((0, top, 1280, min(image.height, top + 700))).save(
                png.with_name(png.stem + "-watermark.png"), optimize=True)
    print(f"wrote {png} and {png.with_name(png.stem + '-watermark.png')}")


def _first_card_row(image) -> int:  # noqa: ANN001 - a PIL image
    """The first pixel row of the filter bar (light grey #f5f5f7 across most of the width)."""
    rgb = image.convert("RGB")
    for y in range(rgb.height):
        if sum(rgb.getpixel((x, y)) == (245, 245, 247) for x in range(40, 1200, 40)) > 25:
            return max(0, y - 40)
    return 0


def main() -> None:
    """Run the measurements asked for (wall and CPU seconds: the machine may be shared)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="every format on a CSV catalog of this many rows")
    parser.add_argument("--xlsx-rows", type=int, help="XLSX report of an XLSX workbook of this many rows")
    parser.add_argument("--html-products", type=int, help="HTML report of this many products in Chromium")
    parser.add_argument("--screenshot", type=Path, help="write a PNG of the sample's HTML report")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not any((args.rows, args.xlsx_rows, args.html_products, args.screenshot)):
        args.rows = 100_000
    with tempfile.TemporaryDirectory() as tmp:
        if args.rows:
            every_format(args.rows, Path(tmp))
        if args.xlsx_rows:
            xlsx_in_place(args.xlsx_rows, Path(tmp))
        if args.html_products:
            html_at_scale(args.html_products, Path(tmp))
    if args.screenshot:
        sample_screenshot(args.screenshot)


if __name__ == "__main__":
    main()
