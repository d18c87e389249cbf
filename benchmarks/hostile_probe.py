"""Hostile inputs the issue-14 probe did not try, end to end through the CLI (one process each).

    python benchmarks/hostile_probe.py            # all cases, a table for benchmarks/README.md
    python benchmarks/hostile_probe.py -k xlsx    # only cases whose name or group contains 'xlsx'

Every case must keep the laws of issue 14: an exit status the case allows, no traceback, no
"internal error", a refusal (2/3) worded as `preflight: error: ...`, the inputs unchanged, done
within 120 s; plus what the case itself demands of the output or the JSON report. Images come
from a misbehaving HTTP server on 127.0.0.1 (hostile_server.py) or files made here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]

from hostile_cases import (  # noqa: E402
    ERROR, HEADER, OK, Case, _chart_first, _empty_first, _encrypted_xlsx, _fifo, _hidden_first,
    _nested_struct, _newline_name, _no_sheets_xlsx, _parquet, _products_sheet,
    _shared_strings_bomb, _symlink_loop, _zero_rows, apng, config_case, csv_case, csv_text, file,
    finding, gif_frames, giant_jpeg_header, heif_like, image_bytes, image_case, literal,
    path_case, png_with_chunk, products, rows, url, write, xlsx,
)
from hostile_server import HostileServer  # noqa: E402

OK_RUN = {0, 1}
NUL = "\x00"


def _catalog_cases() -> list[Case]:
    wide = HEADER + [f"extra{i}" for i in range(1000)]
    utf16 = csv_text().encode("utf-16-le")  # no BOM
    bom_mid = (csv_text(data=rows(2)) .encode() + "\ufeffS9,P9,Another desk lamp for the office,9.99,19.99,a.jpg\n".encode())
    return [
        csv_case("csv", "UTF-16 LE without BOM", utf16, OK_RUN, report=products(3)),
        csv_case("csv", "UTF-16 BE without BOM", csv_text().encode("utf-16-be"), OK_RUN, report=products(3)),
        csv_case("csv", "BOM in the middle of the file", bom_mid, OK_RUN, report=products(3)),
        csv_case("csv", "mixed CRLF and LF", csv_text().replace("\n", "\r\n", 2), OK_RUN, report=products(3)),
        csv_case("csv", "header only", csv_text(data=[]), {3}, ERROR + ".*no data rows"),
        csv_case("csv", "0-byte file", b"", {3}, ERROR + ".*empty"),
        csv_case("csv", "only blank lines", "\n\r\n\n   \n", {3}, ERROR),
        csv_case("csv", "1,000 columns", csv_text(wide, [r + [""] * 1000 for r in rows()]), OK_RUN,
                 report=products(3)),
        csv_case("csv", "duplicate header names", csv_text(HEADER + ["*Product Name"], [r + ["x"] for r in rows()]),
                 OK_RUN, report=products(3)),
        csv_case("csv", "header of numbers only", csv_text(["1", "2", "3", "4", "5", "6"]), {2, 3}, ERROR),
        csv_case("csv", "column named like a rule code", csv_text(HEADER + ["TTL001"], [r + ["x"] for r in rows()]),
                 OK_RUN, report=products(3)),
        csv_case("csv", "NUL in the header", csv_text([HEADER[0] + NUL, *HEADER[1:]]), OK_RUN, report=products(3)),
        csv_case("csv", "Excel 'sep=;' first line", "sep=;\n" + csv_text().replace(",", ";"), OK_RUN,
                 report=products(3)),
        csv_case("csv", "UTF-8 file with one GBK row", csv_text().encode() + "S8,P8,台灯 desk lamp for home,9.99,19.99,a.jpg\n".encode("gbk"),
                 OK_RUN, report=products(4)),
        csv_case("csv", "gzip-compressed CSV", b"\x1f\x8b\x08\x00" + b"\x00" * 100, {3}, ERROR + ".*gzip"),
        csv_case("csv", "header of 100,000 characters", csv_text(HEADER + ["x" * 100_000], [r + [""] for r in rows()]),
                 OK_RUN, report=products(3)),
        csv_case("csv", "one line of 5 MB, no newline", "a," * 2_500_000, {2, 3}, ERROR),
        csv_case("csv", "pipe-delimited", csv_text().replace(",", "|"), OK_RUN, report=products(3)),
        csv_case("csv", "Latin-1 (cp1252) text", csv_text(data=[["S1", "P1", "Lampe de bureau élégante café", "9.99", "19.99", "a.jpg"]]).encode("cp1252"),
                 OK_RUN, report=products(1)),
        csv_case("csv", "price with a thousands space and a comma", csv_text(data=[["S1", "P1", "Nice desk lamp with cable", '"1 299,00"', "x", "a.jpg"]]),
                 OK_RUN, report=products(1)),
        csv_case("xlsx", "workbook with 0 sheets", _no_sheets_xlsx(), {3}, ERROR, suffix=".xlsx"),
        csv_case("xlsx", "hidden first sheet", xlsx(_hidden_first), OK_RUN, report=products(3), suffix=".xlsx"),
        csv_case("xlsx", "chart sheet first", xlsx(_chart_first), OK_RUN, report=products(3), suffix=".xlsx"),
        csv_case("xlsx", "empty first sheet, products on the second", xlsx(_empty_first), {0, 1, 3}, suffix=".xlsx"),
        csv_case("xlsx", "encrypted workbook (OLE2 named .xlsx)", _encrypted_xlsx(), {3},
                 ERROR + ".*(encrypt|password|protected|OLE|old Excel|xls)", suffix=".xlsx"),
        csv_case("xlsx", ".xls (BIFF) renamed .xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, {3}, ERROR,
                 suffix=".xlsx"),
        csv_case("xlsx", "a CSV renamed .xlsx", csv_text(), {0, 1, 3}, suffix=".xlsx"),
        csv_case("xlsx", "sharedStrings inflating to 1 GB", _shared_strings_bomb(), {0, 1, 3}, suffix=".xlsx"),
        csv_case("xlsx", "truncated XLSX (half a zip)", xlsx(lambda b: _products_sheet(b.active))[:3000], {3}, ERROR,
                 suffix=".xlsx"),
        csv_case("json", "one object, not a list", json.dumps({"sku": "S1", "name": "Nice desk lamp with cable",
                 "main_image": "a.jpg", "variants": [{"sku": "S1-1", "price": "9.99"}]}), OK_RUN, report=products(1),
                 suffix=".json"),
        csv_case("json", "top-level scalar", "42", {3}, ERROR, suffix=".json"),
        csv_case("json", "top-level null", "null", {3}, ERROR, suffix=".json"),
        csv_case("json", "empty array", "[]", {3}, ERROR, suffix=".json"),
        csv_case("json", "array truncated mid-item", "[" + json.dumps({"sku": "S1", "name": "Nice desk lamp with cable",
                 "main_image": "a.jpg", "variants": [{"price": "9.99"}]}) + ', {"sku": "S2", "na', OK_RUN,
                 report=products(1), suffix=".json"),
        csv_case("json", "products as an object keyed by SKU", json.dumps({"S1": {"name": "Lamp"}, "S2": {"name": "Lamp"}}),
                 {0, 1, 2, 3}, suffix=".json"),
        csv_case("json", "UTF-16 JSON Lines with BOM", ("\ufeff" + "\n".join(json.dumps({"sku": f"S{i}",
                 "name": "Nice desk lamp with cable", "main_image": "a.jpg", "variants": [{"price": "9.99"}]})
                 for i in range(3))).encode("utf-16"), OK_RUN, report=products(3), suffix=".jsonl"),
        csv_case("parquet", "0 rows", _parquet(_zero_rows), {3}, ERROR + ".*no data rows", suffix=".parquet"),
        csv_case("parquet", "nested struct column", _parquet(_nested_struct), OK_RUN, report=products(3),
                 suffix=".parquet"),
        csv_case("parquet", "truncated footer", _parquet(_nested_struct)[:-20], {3}, ERROR, suffix=".parquet"),
        csv_case("parquet", "a CSV named .parquet", csv_text(), {0, 1, 3}, suffix=".parquet"),
    ]


def _text_cases() -> list[Case]:
    """Values built to make a regular expression backtrack, or a number parser guess."""
    every = ("--select", "TTL,DSC,TRM,CMP,PRC001,PRC003,CAT")
    header = HEADER + ["Description"]

    def one(title: str, description: str, price: str = "9.99") -> str:
        import csv as _csv
        import io as _io

        buffer = _io.StringIO()
        _csv.writer(buffer).writerows([header, ["S1", "P1", title, price, "19.99", "a.jpg", description],
                                       *[r + ["Plain description of a desk lamp."] for r in rows()[1:]]])
        return buffer.getvalue()

    cases = [
        ("1 MB description of 'a' then '@'", one("Desk lamp", "a" * 1_000_000 + "@")),
        ("description 'http://' x 100,000", one("Desk lamp", "http://" * 100_000)),
        ("title '!' x 200,000", one("!" * 200_000, "x")),
        ("description of 300,000 combining marks", one("Desk lamp", "a" + "\u0301" * 300_000)),
        ("description 'Material: 1% ' x 50,000", one("Desk lamp", "Material: 1% cotton, " * 50_000)),
        ("title of 50,000 emoji", one("😀" * 50_000, "x")),
        ("description of nested HTML 20,000 deep", one("Desk lamp", "<div>" * 20_000 + "x" + "</div>" * 20_000)),
    ]
    out = [csv_case("text", name, data, OK_RUN, report=products(3), extra=every) for name, data in cases]
    for price in ("９．９９", "−9.99", "٩٫٩٩", "1e309", "0x1p-1074", "9.99.99", "1_000"):
        out.append(csv_case("price", f"price {price!r}", one("Nice desk lamp with cable", "x", price), OK_RUN,
                            report=products(3), extra=every))
    return out


def _path_cases() -> list[Case]:
    def directory(folder: Path) -> str:
        (folder / "dir.csv").mkdir()
        return "dir.csv"

    def stdin(folder: Path) -> str:
        return "-"

    return [
        path_case("catalog path is a directory", directory, {3}, ERROR + ".*director"),
        path_case("symlink loop", _symlink_loop, {3}, ERROR),
        path_case("path with newline and CR characters", _newline_name, OK_RUN),
        path_case("catalog is a FIFO nobody writes to", _fifo, {2, 3}, ERROR),
        path_case("catalog '-' (stdin, empty)", stdin, {2, 3}, ERROR),
        path_case("catalog is /dev/zero", lambda f: "/dev/zero", {3}, ERROR),
    ]


def _image_cases() -> list[Case]:
    s1 = "P1"  # the product id is the parent SKU
    unreadable = finding("IMG002", s1)
    return [
        image_case("URL with user:password@", literal("http://user:pa%40ss@127.0.0.1:{port}/ok.jpg"), OK_RUN,
                   products(2)),
        image_case("IPv6 literal [::1]", literal("http://[::1]:{port}/ok.jpg"), OK_RUN, unreadable),
        image_case("malformed IPv6 literal", literal("http://[::1/ok.jpg"), OK_RUN, unreadable),
        image_case("port out of range", literal("http://127.0.0.1:99999/ok.jpg"), OK_RUN, unreadable),
        image_case("port not a number", literal("http://127.0.0.1:abc/ok.jpg"), OK_RUN, unreadable),
        image_case("URL with CR LF inside", literal("http://127.0.0.1:{port}/ok.jpg\r\nX-Evil: 1"), OK_RUN,
                   None),
        image_case("URL of 100,000 characters", literal("http://127.0.0.1:{port}/" + "a" * 100_000), OK_RUN,
                   unreadable),
        image_case("302 loop", url("/loop"), OK_RUN, finding("IMG002", s1, "redirect")),
        image_case("302 without Location", url("/no-location"), OK_RUN, unreadable),
        image_case("Content-Length larger than the body", url("/cl-more"), OK_RUN, unreadable),
        image_case("Content-Length smaller than the body", url("/cl-less"), OK_RUN, None),
        image_case("Content-Length not a number", url("/cl-bad"), OK_RUN, unreadable),
        image_case("server closes mid-body", url("/cut"), OK_RUN, unreadable),
        image_case("chunked with a bad chunk size", url("/bad-chunk"), OK_RUN, unreadable),
        image_case("chunked with a 2^64 chunk size", url("/huge-chunk"), OK_RUN, unreadable),
        image_case("200 interim 100-Continue responses", url("/endless-100"), OK_RUN, None),
        image_case("garbage status line", url("/garbage-status"), OK_RUN, unreadable),
        image_case("HTTP/0.9 answer (no headers)", url("/http09"), OK_RUN, unreadable),
        image_case("one header line of 1 MB", url("/long-header"), OK_RUN, unreadable),
        image_case("5,000 header lines", url("/many-headers"), OK_RUN, products(2)),
        image_case("Content-Encoding 'br, xyz'", url("/weird-encoding"), OK_RUN, unreadable),
        image_case("gzip declared, plain bytes sent", url("/gzip-lie"), OK_RUN, unreadable),
        image_case("200 with an empty body", url("/empty-200"), OK_RUN, unreadable),
        image_case("redirect to a closed port", url("/redirect-refused"), OK_RUN, unreadable),
        image_case("redirect to a data: URI", url("/redirect-data"), OK_RUN, unreadable),
        image_case("data: URI", literal("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="),
                   OK_RUN, unreadable),
        image_case("PNG with a 200 MB iCCP chunk", file("iccp.png", png_with_chunk(b"iCCP", 200)), OK_RUN, products(2)),
        image_case("PNG with a 200 MB zTXt chunk", file("ztxt.png", png_with_chunk(b"zTXt", 200)), OK_RUN, products(2)),
        image_case("animated PNG", file("anim.png", apng), OK_RUN, products(2)),
        image_case("JPEG header 65,500×65,500, 1 KB body", file("giant.jpg", giant_jpeg_header), OK_RUN, unreadable),
        image_case("TIFF", file("photo.tif", image_bytes("TIFF")), OK_RUN, finding("IMG003", s1)),
        image_case("WebP", file("photo.webp", image_bytes("WEBP")), OK_RUN, finding("IMG003", s1)),
        image_case("HEIC (no decoder)", file("photo.heic", heif_like(b"heic")), OK_RUN, finding("IMG002", s1, "HEIF")),
        image_case("AVIF header only", file("photo.avif", heif_like(b"avif")), OK_RUN, finding("IMG002", s1, "HEIF")),
        image_case("GIF with 10,000 frames", file("many.gif", gif_frames(10_000)), OK_RUN, products(2)),
        image_case("image path that is a directory", file("folder.jpg", lambda: b"") if False else
                   (lambda folder, server: (folder / "folder.jpg").mkdir() or "folder.jpg"), OK_RUN, unreadable),
        image_case("image path with NUL", literal("a\x00b.jpg"), OK_RUN, unreadable),
    ]


def _config_cases() -> list[Case]:
    return [
        config_case("unknown top-level key", 'selct = ["TTL"]\n', {2}, ERROR + ".*selct"),
        config_case("unknown key in a rule table", "[rules.title-too-long]\nmax-charz = 10\n", {2}, ERROR),
        config_case("select is a table", "[select]\na = 1\n", {2}, ERROR),
        config_case("columns is a string", 'columns = "title"\n', {2}, ERROR),
        config_case("rates is a list", "rates = [1, 2]\n", {2}, ERROR),
        config_case("allow is a string", 'allow = "S1"\n', {2}, ERROR),
        config_case("allow entry is a number", "allow = [5]\n", {2}, ERROR),
        config_case("rules is a list", "rules = [1]\n", {2}, ERROR),
        config_case("a rule's table is a string", '[rules]\ntitle-too-long = "off"\n', {2}, ERROR),
        config_case("jobs is a string", 'jobs = "many"\n', {2}, ERROR),
        config_case("jobs is 0 (documented: all cores)", "jobs = 0\n", OK_RUN),
        config_case("jobs is -3", "jobs = -3\n", {2}, ERROR),
        config_case("images is a number", "images = 5\n", {2}, ERROR),
        config_case("lang is 'fr'", 'lang = "fr"\n', {2}, ERROR),
        config_case("BOM before the TOML", "\ufeff" + 'fail-on = "error"\n', OK_RUN),
        config_case("UTF-16 TOML", 'fail-on = "error"\n'.encode("utf-16"), {0, 1, 2}, ERROR),
        config_case("config includes itself (extend)", 'extend = "preflight.toml"\n', {2}, ERROR),
        config_case("config path is a directory", b"", {2}, ERROR, filename="."),
        config_case("pyproject with [tool.preflight] = 5", "[tool]\npreflight = 5\n", {2}, ERROR,
                    filename="pyproject.toml", flag=False),
        config_case("inline table nested 10,000 deep", "x = " + "{a=" * 10_000 + "1" + "}" * 10_000 + "\n",
                    {2}, ERROR),
        config_case("a 20 MB string value", 'fail-on = "' + "e" * 20_000_000 + '"\n', {2}, ERROR),
    ]


def cases() -> list[Case]:
    """Every case of the probe."""
    return _catalog_cases() + _text_cases() + _path_cases() + _image_cases() + _config_cases()


def _fingerprint(folder: Path) -> dict[str, str]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name != "r.json":
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run_case(case: Case, server: HostileServer) -> tuple[int | None, float, list[str]]:
    """Run one case; (exit status, seconds, what went wrong)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        args = case.build(folder, server)
        before = _fingerprint(folder)
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-m", "listing_preflight", "check", *args], cwd=folder,
                                  capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
        except subprocess.TimeoutExpired:
            return None, time.perf_counter() - started, ["hung (killed after 120 s)"]
        seconds = time.perf_counter() - started
        out = (done.stdout + done.stderr).decode("utf-8", "replace")
        wrong = []
        if done.returncode not in case.expect:
            wrong.append(f"exit {done.returncode}, expected {sorted(case.expect)}: {out.strip()[-300:]}")
        for bad in ("Traceback", "internal error", "Exception ignored", "panicked"):
            if bad in out:
                wrong.append(f"{bad!r} in the output: {out.strip()[-300:]}")
        if done.returncode in (2, 3) and not re.search(ERROR, out):
            wrong.append(f"refusal without 'preflight: error:': {out.strip()[-200:]}")
        if case.needs and not re.search(case.needs, out, re.I | re.S):
            wrong.append(f"output lacks /{case.needs}/: {out.strip()[-300:]}")
        if case.report and done.returncode in (0, 1):
            report = folder / "r.json"
            if not report.is_file():
                wrong.append("no JSON report written")
            else:
                problem = case.report(json.loads(report.read_text(encoding="utf-8")))
                if problem:
                    wrong.append(problem)
        if _fingerprint(folder) != before:
            wrong.append("an input file was modified")
        return done.returncode, seconds, wrong


def main() -> None:
    """Run the probe and print its table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", default="", help="run only cases whose group or name contains this")
    args = parser.parse_args()
    server = HostileServer()
    selected = [c for c in cases() if args.k.lower() in f"{c.group} {c.name}".lower()]
    print("| # | group | case | expected | got | s | result |")
    print("|---:|---|---|---|---:|---:|---|")
    failures = 0
    for number, case in enumerate(selected, 1):
        status, seconds, wrong = run_case(case, server)
        failures += bool(wrong)
        expected = "/".join(map(str, sorted(case.expect)))
        result = "ok" if not wrong else "**FAIL** " + "; ".join(wrong).replace("|", "\\|").replace("\n", " ")[:400]
        print(f"| {number} | {case.group} | {case.name} | {expected} | {status} | {seconds:.1f} | {result} |",
              flush=True)
    print(f"\n{len(selected) - failures} of {len(selected)} cases hold.")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
