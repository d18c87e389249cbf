"""Hypothesis strategies for hostile catalogs and configs, and the oracle that judges a run.

Shared by tests/robustness/test_fuzz.py (a few hundred examples in the normal run) and
benchmarks/fuzz_catalogs.py (10,000). The oracle's two laws (issue 14):
- no exception outside the tool's error classes (PreflightError: one line, exit 2 or 3);
- no record lost: every non-blank input record is a row of the checked catalog or the row of a
  CAT005 finding.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from listing_preflight.model import CatalogError, ConfigError, PreflightError

HEADER = ["*Unique ID", "Parent Unique ID", "*Product Name", "*Price", "*MSRP",
          "*Product Main Image URL", "Description"]
# Cheap rules touching titles, prices, MSRP, duplicates and bad records (no image pass).
SELECT = "TTL001,TTL002,PRC001,PRC003,CAT001,CAT005"
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]

# Text: ASCII with the characters that break CSV, Chinese, and a few oddities (NUL, BOM, CR).
_ALPHABET = st.sampled_from(list("abcXYZ 0123456789,;|\t\"'=+-@.") + list("玩具手机壳夏季连衣裙")
                            + ["\u00e9", "\u2028", "\ufeff", "\x00", "\r", "\n", "😀"])
text = st.text(_ALPHABET, max_size=40)
number = st.one_of(
    st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False).map(str),
    st.integers(min_value=-10, max_value=10**25).map(str),
    st.sampled_from(["", "0", "-1", "1e20", "99999999999999999999", "inf", "-inf", "nan", "NaN",
                     "12,50", "1.234,56", "$9.99", "9.99 USD", "abc", " 7 ", "1e-400", "0x10"]),
)


@st.composite
def csv_catalog(draw) -> tuple[bytes, int, str]:
    """(file bytes, number of non-blank records written, suffix) of a hostile CSV export."""
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    n = draw(st.integers(min_value=1, max_value=12))
    unclosed = draw(st.booleans()) and draw(st.booleans())  # 1 in 4: one unclosed quote
    broken_at = draw(st.integers(min_value=0, max_value=n - 1))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    header = HEADER + ([""] if draw(st.booleans()) and not draw(st.booleans()) else [])
    writer.writerow(header)
    records = 0
    for i in range(n):
        values = [f"S{i}", f"P{draw(st.integers(0, 5))}", draw(text), draw(number), draw(number),
                  f"img/{i}.jpg", draw(text)]
        if unclosed:
            # No quoted newlines anywhere then: record numbers must stay line numbers.
            values = [v.replace("\n", " ").replace("\r", " ").replace("\u2028", " ") for v in values]
        shape = draw(st.sampled_from(["ok", "ok", "ok", "extra", "short", "stray"]))
        if shape == "extra":
            values += [draw(text) for _ in range(draw(st.integers(1, 3)))]
        elif shape == "short":
            values = values[: draw(st.integers(1, len(values) - 1))]
        if not any(v.strip() for v in values):
            values[0] = f"S{i}"
        if unclosed and i == broken_at:
            first = [_plain(v, delimiter) for v in (values + ["", "", ""])[:3]]
            out.write(delimiter.join([first[0] or f"S{i}", first[1], '"' + first[2]]) + "\n")
        elif shape == "stray":
            out.write(delimiter.join(v.replace('"', "").replace(delimiter, " ") for v in values[:2])
                      + delimiter + 'Screen 12" stand' + delimiter
                      + delimiter.join(_plain(v, delimiter) for v in values[3:]) + "\n")
        else:
            writer.writerow(values)
        records += 1
        if draw(st.booleans()) and draw(st.booleans()):
            out.write("\n")  # a blank line between records
    data = out.getvalue()
    if draw(st.booleans()) and not unclosed and "\r" not in data:
        data = data.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    try:
        payload = data.encode(encoding)
    except UnicodeEncodeError:
        payload = data.encode("utf-8")
    return payload, records, ".csv" if delimiter != "\t" else ".tsv"


def _plain(value: str, delimiter: str) -> str:
    return value.replace('"', "").replace(delimiter, " ").replace("\n", " ").replace("\r", " ")


@st.composite
def jsonl_catalog(draw) -> tuple[bytes, int, str]:
    """(file bytes, records, suffix) of JSON Lines with broken, odd and deep lines."""
    n = draw(st.integers(min_value=1, max_value=10))
    lines = []
    for i in range(n):
        kind = draw(st.sampled_from(["ok", "ok", "ok", "broken", "array", "deep", "scalar", "odd"]))
        product = {"sku": f"S{i}", "name": draw(text), "main_image": f"img/{i}.jpg",
                   "variants": [{"sku": f"S{i}-{j}", "price": draw(number),
                                 "msrp": draw(st.one_of(number, st.floats(allow_nan=True),
                                                        st.integers(), st.none()))}
                                for j in range(draw(st.integers(0, 3)))]}
        if kind == "ok":
            lines.append(json.dumps(product, ensure_ascii=draw(st.booleans())))
        elif kind == "broken":
            lines.append(json.dumps(product)[: draw(st.integers(1, 20))])
        elif kind == "array":
            lines.append(json.dumps([product]))
        elif kind == "deep":
            depth = draw(st.sampled_from([50, 2000, 50_000]))
            lines.append('{"sku": "D%d", "x": %s%s}' % (i, "[" * depth, "]" * depth))
        elif kind == "odd":
            lines.append(draw(st.sampled_from(_ODD_LINES)).replace("#", json.dumps(product, ensure_ascii=False)))
        else:
            lines.append(json.dumps(draw(st.one_of(st.integers(), text, st.none()))))
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return (ending.join(lines) + ending).encode("utf-8"), n, ".jsonl"


# Lines that once split or dropped a record (issue 14): characters str.splitlines() breaks on
# inside a JSON string, a BOM starting a line, blank-looking lines, numbers Python's int refuses,
# JSON that is no object, a NUL byte. '#' stands for a whole product object.
_ODD_LINES = [
    '{"sku": "U1", "name": "a\u2028b\u2029c\x85d\x1ce\x1df\x1eg", "main_image": "u.jpg"}',
    "\ufeff#", "  #\x0c ", "\x0b\x0c\x85\u2028", "\ufeff", "#\x00", "\x00",
    '{"sku": "N1", "price": ' + "9" * 5000 + "}", "[" + "1" * 4400 + "]", "[]", "{}", '"#"', "null",
    '{"sku": null, "name": "x"}', '{"sku": "", "sku": "D2"}', "#  #",
]


@st.composite
def xlsx_catalog(draw) -> tuple[bytes, int, str]:
    """(file bytes, records, suffix) of a workbook with numbers, text, formulas and blanks."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Products")
    for c, name in enumerate(HEADER):
        sheet.write_string(0, c, name)
    n = draw(st.integers(min_value=1, max_value=10))
    for r in range(1, n + 1):
        sheet.write_string(r, 0, f"S{r}")
        sheet.write_string(r, 1, f"P{draw(st.integers(0, 4))}")
        title = draw(text).replace("\x00", "")
        if title:
            sheet.write_string(r, 2, title)
        for c in (3, 4):
            kind = draw(st.sampled_from(["num", "text", "formula", "blank", "bool"]))
            if kind == "num":
                sheet.write_number(r, c, draw(st.floats(-1e6, 1e25, allow_nan=False)))
            elif kind == "text":
                sheet.write_string(r, c, draw(number) or "x")
            elif kind == "formula":
                sheet.write_formula(r, c, "=1/0" if draw(st.booleans()) else "=2+3")
            elif kind == "bool":
                sheet.write_boolean(r, c, draw(st.booleans()))
        sheet.write_string(r, 5, f"img/{r}.jpg")
    book.close()
    return buffer.getvalue(), n, ".xlsx"


@st.composite
def config_text(draw) -> str:
    """A preflight.toml with plausible and nonsensical values."""
    value = st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), text.map(json.dumps),
                      st.booleans().map(lambda b: str(b).lower()), st.just("[]"), st.just('["TTL", 5]'),
                      st.just("nan"), st.just("inf"), st.just("-1e308"))
    parts = []
    if draw(st.booleans()):
        parts.append(f"select = {draw(st.one_of(value, st.just(json.dumps(SELECT))))}")
    if draw(st.booleans()):
        fail_on = draw(st.one_of(value, st.sampled_from(['"error"', '"never"'])))
        parts.append(f"fail-on = {fail_on}")
    if draw(st.booleans()):
        parts.append(f"[rates]\nEUR = {draw(value)}")
    if draw(st.booleans()):
        parts.append(f"[columns]\ntitle = {draw(value)}")
    if draw(st.booleans()):
        key = draw(st.sampled_from(["max-chars", "severity", "min-chars", "bogus"]))
        parts.append(f"[rules.title-too-long]\n{key} = {draw(value)}")
    if draw(st.booleans()):
        reason = f"\nreason = {draw(value)}" if draw(st.booleans()) else ""
        parts.append('[[allow]]\nsku = "S1"' + reason)
    return "\n".join(parts) + "\n"


@dataclass
class Verdict:
    """What one run did, in the terms of the two laws."""

    outcome: str  # "report", "exit 2" or "exit 3"
    lost: list[int] = field(default_factory=list)  # record numbers neither read nor CAT005
    failed_rules: dict[str, str] = field(default_factory=dict)
    message: str = ""


def judge(path: Path, records: int, config_file: Path | None = None) -> Verdict:
    """Check `path` like `preflight check` does; raise on a law broken by an exception."""
    from listing_preflight.config import build_config
    from listing_preflight.engine import run
    from listing_preflight.io import ROW, read_catalog
    from listing_preflight.report import RenderOptions, _reporters

    try:
        config = build_config(config_file=config_file, flags={"select": (SELECT,)},
                              discover_from=path.parent)
        catalog = read_catalog([path], config.columns, sheet=config.sheet)
        report = run(catalog, config)
        for fmt in ("json", "csv", "text", "sarif"):
            _reporters()[fmt](report, io.StringIO(), RenderOptions())
    except CatalogError as exc:
        return Verdict("exit 3", message=str(exc))
    except (ConfigError, PreflightError) as exc:
        return Verdict("exit 2", message=str(exc))
    seen = set(catalog.frame.get_column(ROW).to_list()) | {row for _, row, _ in catalog.bad_rows}
    if path.suffix == ".jsonl":
        # Every non-blank line is a product (its variants are rows) or a CAT005 finding. Lines end
        # at LF, CRLF or CR only: U+2028, U+0085 and \x1c-\x1e are legal inside a JSON string
        # (str.splitlines() splits on them, which once counted one record as two). A line of
        # whitespace and BOMs only is blank.
        text = path.read_bytes().decode("utf-8-sig")
        lines = re.split(r"\r\n|\r|\n", text)
        lost = [i for i, line in enumerate(lines, 1)
                if line.strip().strip("\ufeff").strip() and i not in seen]
    else:
        # CSV/XLSX rows are numbered like a spreadsheet, which quoted newlines and blank lines
        # shift; count instead: each record written is a distinct checked row or CAT005 row.
        lost = list(range(max(0, records - len(seen))))
    return Verdict("report", lost=lost, failed_rules=dict(report.stats.failed_rules))
