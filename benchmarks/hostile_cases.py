"""The cases of benchmarks/hostile_probe.py: each builds its inputs in a folder and says what must happen.

A case returns the `preflight check` arguments; `expect` is the set of acceptable exit statuses,
`needs` a regular expression the output (stdout + stderr) must match, `report` a check of the JSON
report (when the case writes one to r.json). None of these inputs is among the ~200 of issue 14.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hostile_server import OK, HostileServer, jpeg
from PIL import Image

HEADER = ["*Unique ID", "Parent Unique ID", "*Product Name", "*Price", "*MSRP", "*Product Main Image URL"]
TEXT_RULES = ["--select", "TTL001,TTL002,PRC001,CAT001,CAT005"]
IMAGE_RULES = ["--select", "IMG001,IMG002,IMG003,IMG005,IMG012"]
JSON_OUT = ["--format", "json", "--output", "r.json"]


@dataclass
class Case:
    """One hostile input and what a correct run does with it."""

    group: str
    name: str
    build: Callable[[Path, HostileServer], list[str]]
    expect: frozenset[int]
    needs: str = ""
    report: Callable[[dict], str | None] | None = None  # returns what is wrong, or None


def rows(n: int = 3, image: str = "a.jpg") -> list[list[str]]:
    """Data rows of a clean catalog."""
    return [[f"S{i}", f"P{i}", f"Nice desk lamp number {i} with cable", "9.99", "19.99", image]
            for i in range(1, n + 1)]


def csv_text(header: list[str] = HEADER, data: list[list[str]] | None = None, end: str = "\n") -> str:
    """A simple CSV (no quoting needed by the values used here)."""
    return end.join(",".join(r) for r in [header, *(rows() if data is None else data)]) + end


def write(folder: Path, name: str, data: str | bytes) -> Path:
    """Write a file of the case."""
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def products(n: int) -> Callable[[dict], str | None]:
    """The report must count `n` products."""
    def check(doc: dict) -> str | None:
        got = doc["summary"]["products"]
        return None if got == n else f"{got} products, expected {n}"
    return check


def finding(code: str, sku: str, text: str = "") -> Callable[[dict], str | None]:
    """The report must hold a `code` finding on product `sku` whose message contains `text`."""
    def check(doc: dict) -> str | None:
        for p in doc["products"]:
            for f in p["findings"]:
                if p["product_sku"] == sku and f["code"] == code and text.lower() in f["message"].lower():
                    return None
        got = [(p["product_sku"], f["code"], f["message"][:80]) for p in doc["products"] for f in p["findings"]]
        return f"no {code} on {sku} containing {text!r}; got {got[:4]}"
    return check


def csv_case(group: str, name: str, data: str | bytes, expect: set[int], needs: str = "",
             report=None, suffix: str = ".csv", extra: tuple[str, ...] = ()) -> Case:
    """A catalog case: the file `data` checked with the text rules."""
    def build(folder: Path, _server: HostileServer) -> list[str]:
        write(folder, "cat" + suffix, data)
        out = JSON_OUT if report else []
        return ["cat" + suffix, *([] if "--select" in extra else TEXT_RULES), *out, *extra]
    return Case(group, name, build, frozenset(expect), needs, report)


def xlsx(build_book: Callable[[object], None]) -> bytes:
    """An XLSX made by openpyxl, shaped by `build_book(workbook)`."""
    import openpyxl

    book = openpyxl.Workbook()
    build_book(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _products_sheet(sheet) -> None:
    sheet.append(HEADER)
    for r in rows():
        sheet.append(r)


def _hidden_first(book) -> None:
    book.active.title = "Hidden"
    book.active.append(["nothing", "here"])
    book.active.sheet_state = "hidden"
    _products_sheet(book.create_sheet("Products"))


def _chart_first(book) -> None:
    from openpyxl.chart import BarChart, Reference

    data = book.active
    data.title = "Products"
    _products_sheet(data)
    chart_sheet = book.create_chartsheet("Chart", 0)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=4, min_row=1, max_row=4), titles_from_data=True)
    chart_sheet.add_chart(chart)


def _empty_first(book) -> None:
    book.active.title = "Empty"
    _products_sheet(book.create_sheet("Products"))


def _no_sheets_xlsx() -> bytes:
    """An XLSX whose workbook.xml lists no sheet at all."""
    good = xlsx(lambda b: _products_sheet(b.active))
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode()
                start, stop = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                data = (text[:start] + "<sheets/>" + text[stop:]).encode()
            z.writestr(item, data)
    return out.getvalue()


def _shared_strings_bomb() -> bytes:
    """A 1 MB XLSX whose sharedStrings.xml inflates to 1 GB (one absurd string table)."""
    good = xlsx(lambda b: _products_sheet(b.active))
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item.filename, src.read(item.filename))
        pad = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main" count="1024" uniqueCount="1024">')
            for _ in range(1024):
                fh.write(pad)
            fh.write(b"</sst>")
    return out.getvalue()


def _encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE2 container, named .xlsx."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 4096


def _parquet(table_builder: Callable[[], object]) -> bytes:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(table_builder(), buffer)
    return buffer.getvalue()


def _zero_rows():
    import pyarrow as pa

    return pa.table({h: pa.array([], pa.string()) for h in HEADER})


def _nested_struct():
    import pyarrow as pa

    columns = {h: [r[i] for r in rows()] for i, h in enumerate(HEADER)}
    table = pa.table(columns)
    nested = pa.array([{"a": {"b": [1, 2]}, "c": "x"}] * 3)
    return table.append_column("Attributes", nested)


def image_case(name: str, url_or_file: Callable[[Path, HostileServer], str], expect: set[int],
               report=None, needs: str = "") -> Case:
    """An image case: product S1's main image is the hostile one, S2's is a good local JPEG."""
    def build(folder: Path, server: HostileServer) -> list[str]:
        write(folder, "good.jpg", OK)
        hostile = url_or_file(folder, server)
        data = [["S1", "P1", "Nice desk lamp with a long cable", "9.99", "19.99", hostile],
                ["S2", "P2", "Nice desk lamp with a short cable", "9.99", "19.99", "good.jpg"]]
        write(folder, "cat.csv", _quoted(data))
        return ["cat.csv", *IMAGE_RULES, *JSON_OUT, "--no-cache"]
    return Case("image", name, build, frozenset(expect), needs, report)


def _quoted(data: list[list[str]]) -> str:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *data])
    return buffer.getvalue()


def url(path: str) -> Callable[[Path, HostileServer], str]:
    """The hostile image is `path` on the local server."""
    return lambda folder, server: server.url(path)


def literal(text: str) -> Callable[[Path, HostileServer], str]:
    """The hostile image reference is `text` itself ({port} is the server's port)."""
    return lambda folder, server: text.replace("{port}", str(server.port))


def file(name: str, data: Callable[[], bytes]) -> Callable[[Path, HostileServer], str]:
    """The hostile image is a local file."""
    def make(folder: Path, _server: HostileServer) -> str:
        write(folder, name, data())
        return name
    return make


def image_bytes(fmt: str, size: int = 900, **kw) -> Callable[[], bytes]:
    """An image of `fmt` made by Pillow."""
    def make() -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (size, size), "white").save(buffer, fmt, **kw)
        return buffer.getvalue()
    return make


def png_with_chunk(kind: bytes, megabytes: int) -> Callable[[], bytes]:
    """A 900×900 PNG carrying one huge ancillary chunk (iCCP or zTXt) that inflates to `megabytes`."""
    import struct
    import zlib

    def make() -> bytes:
        png = image_bytes("PNG")()
        body = (b"icc\x00\x00" if kind == b"iCCP" else b"Comment\x00\x00") + zlib.compress(
            b"\x00" * (megabytes << 20), 9)
        chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        return png[:33] + chunk + png[33:]  # after IHDR
    return make


def giant_jpeg_header() -> bytes:
    """A JPEG whose SOF header says 65,500×65,500, with 1 KB of body."""
    data = bytearray(jpeg(64))
    at = data.index(b"\xff\xc0") + 5
    data[at:at + 4] = (65500).to_bytes(2, "big") + (65500).to_bytes(2, "big")
    return bytes(data[:1024]) + b"\xff\xd9"


def gif_frames(frames: int) -> Callable[[], bytes]:
    """An animated GIF of `frames` tiny frames."""
    def make() -> bytes:
        images = [Image.new("P", (16, 16), i % 256) for i in range(frames)]
        buffer = io.BytesIO()
        images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=10)
        return buffer.getvalue()
    return make


def apng() -> bytes:
    """An animated PNG of three 900×900 frames."""
    frames = [Image.new("RGB", (900, 900), c) for c in ("white", "red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def heif_like(brand: bytes) -> Callable[[], bytes]:
    """The start of an ISO-BMFF image (HEIC/AVIF) that Pillow cannot decode without a plugin."""
    return lambda: b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1" + brand + b"\x00" * 2000


def config_case(name: str, toml: str | bytes, expect: set[int], needs: str = "",
                filename: str = "preflight.toml", flag: bool = True) -> Case:
    """A config case: a clean catalog with this config file."""
    def build(folder: Path, _server: HostileServer) -> list[str]:
        write(folder, "cat.csv", csv_text())
        write(folder, "good.jpg", OK)
        if filename != ".":
            write(folder, filename, toml)
        return ["cat.csv", *TEXT_RULES, *(["--config", filename] if flag else [])]
    return Case("config", name, build, frozenset(expect), needs)


def path_case(name: str, make: Callable[[Path], str], expect: set[int], needs: str = "") -> Case:
    """A catalog path that is odd in itself."""
    def build(folder: Path, _server: HostileServer) -> list[str]:
        return [make(folder), *TEXT_RULES]
    return Case("path", name, build, frozenset(expect), needs)


def _symlink_loop(folder: Path) -> str:
    os.symlink("loop-b.csv", folder / "loop-a.csv")
    os.symlink("loop-a.csv", folder / "loop-b.csv")
    return "loop-a.csv"


def _newline_name(folder: Path) -> str:
    name = "cat\nalog\r.csv"
    write(folder, name, csv_text())
    return name


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "fifo.csv")
    return "fifo.csv"


ERROR = r"preflight: error: "
