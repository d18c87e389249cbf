"""A quick pass over an XLSX sheet's XML: its real extent, merged ranges, formulas without a value.

The spreadsheet engine (calamine) reads a sheet into one dense grid from A1 to the farthest
cell, so a single stray cell at XFD1048576 asks for 17 billion cells and the process aborts.
It also reads a merged range as a value in its first cell only, and a formula cell that was
never calculated (files written by scripts and some ERPs) as empty. This pass reads the
sheet's XML as text, in slices, and finds all three before the sheet is loaded.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from openpyxl.utils import column_index_from_string, get_column_letter

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Element names may carry a namespace prefix (`<x:c>` from the .NET Open XML SDK).
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(rb"<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_VALUE = re.compile(rb"<" + _P + rb"v>\s*[^<\s]")
_INLINE = re.compile(rb"<" + _P + rb"is>")
_FORMULA = re.compile(rb"<" + _P + rb"f\b[^>]*?(?:/>|>(.*?)</" + _P + rb"f>)", re.S)
_MERGE = re.compile(rb'<' + _P + rb'mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
_ROW_END = re.compile(rb"</" + _P + rb"row>")
# The fast path: a cell whose content starts with a value, an inline string or a formula
# (styled empty cells, which the engine ignores too, do not match).
_FILLED = re.compile(rb"<" + _P + rb'c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>\s*<' + _P
                     + rb"(?:(v)>\s*[^<\s]|(is)>|(f)\b)")

# A dense grid up to this many cells is read directly; beyond it only the table's own extent
# is (calamine holds about 32 bytes per cell: 5 million cells is about 160 MB).
DENSE_LIMIT = 5_000_000
# A stretch of empty rows or columns this long separates the table from stray cells.
ROW_GAP, COL_GAP = 1000, 100


# Column letters <-> numbers ('A' <-> 1, 'XFD' <-> 16384): openpyxl's cached converters.
column_number = column_index_from_string
column_letters = get_column_letter


@dataclass
class SheetScan:
    """What the pass found, in 1-based sheet coordinates."""

    cells: list[tuple[int, int]] = field(default_factory=list)  # cells with a value
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    # Formula cells without a cached result: (row, col) -> the formula text.
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def first(self) -> tuple[int, int]:
        """(row, col) of the top-left corner of the cells with values (where the grid starts)."""
        if not self.cells:
            return 1, 1
        return min(r for r, _ in self.cells), min(c for _, c in self.cells)

    def extent(self) -> tuple[int, int]:
        """(last row, last column) of all cells with values."""
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells), max(c for _, c in self.cells)

    def table_extent(self) -> tuple[int, int]:
        """(last row, last column) of the table: cells past a long empty stretch are strays."""
        rows = sorted({r for r, _ in self.cells})
        cols = sorted({c for _, c in self.cells})
        return _until_gap(rows, ROW_GAP), _until_gap(cols, COL_GAP)

    def strays(self) -> list[tuple[int, int]]:
        """Cells outside the table extent."""
        last_row, last_col = self.table_extent()
        return [(r, c) for r, c in self.cells if r > last_row or c > last_col]


def _until_gap(values: list[int], gap: int) -> int:
    last = values[0] if values else 0
    for value in values[1:]:
        if value - last > gap:
            break
        last = value
    return last


def sheet_part(book: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The zip member holding a sheet (by name, or the first sheet), else None."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheets = workbook.findall(f"{_NS_MAIN}sheets/{_NS_MAIN}sheet")
    chosen = next((s for s in sheets if sheet is None or s.get("name") == sheet), None)
    if chosen is None:
        return None
    rel_id = chosen.get(f"{_NS_REL}id")
    target = next((r.get("Target") for r in rels.findall(f"{_NS_PKG}Relationship")
                   if r.get("Id") == rel_id), None)
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return path if path in book.namelist() else None


def sheet_entries(path: Path) -> list[tuple[str, str, str]]:
    """(name, state, kind) of each sheet of an XLSX/XLSM in tab order; [] when it cannot tell.

    state is 'visible', 'hidden' or 'veryHidden'; kind is 'worksheet', 'chartsheet', ...
    """
    try:
        with zipfile.ZipFile(path) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError, RuntimeError):
        return []
    kinds = {r.get("Id"): (r.get("Type") or "").rsplit("/", 1)[-1]
             for r in rels.findall(f"{_NS_PKG}Relationship")}
    return [(e.get("name") or "", e.get("state", "visible"), kinds.get(e.get(f"{_NS_REL}id"), ""))
            for e in workbook.findall(f"{_NS_MAIN}sheets/{_NS_MAIN}sheet")]


def first_data_sheet(entries: list[tuple[str, str, str]]) -> str | None:
    """The first visible worksheet (not hidden, not a chart sheet): what a seller sees first."""
    return next((name for name, state, kind in entries if state == "visible" and kind == "worksheet"), None)


def scan_sheet(path: Path, sheet: str | None, chunk: int = 4 << 20) -> SheetScan | None:
    """Scan one sheet of an XLSX/XLSM file; None when it is not an OOXML workbook."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None
    with book:
        part = sheet_part(book, sheet)
        if part is None:
            return None
        scan = SheetScan()
        carry = b""
        with book.open(part) as fh:
            while True:
                data = fh.read(chunk)
                text = carry + data
                if data:
                    # Cut after the last complete row so that no cell is split between slices.
                    ends = [m.end() for m in _ROW_END.finditer(text, max(0, len(text) - chunk))]
                    cut = ends[-1] if ends else 0
                    text, carry = text[:cut], text[cut:]
                _scan_text(text, scan)
                if not data:
                    break
    return scan


def _scan_text(text: bytes, scan: SheetScan) -> None:
    cells = scan.cells
    for match in _FILLED.finditer(text):
        position = (int(match.group(2)), column_number(match.group(1).decode()))
        if match.group(5) is None:
            cells.append(position)
            continue
        # A formula: a cell with a saved result is a value; one without is reported.
        cell = _CELL.match(text, match.start())
        body = cell.group(2) if cell else None
        if body is None:
            continue
        cells.append(position)
        if not _VALUE.search(body):
            formula = _FORMULA.search(body)
            scan.uncached[position] = ((formula.group(1) or b"") if formula else b"").decode(
                "utf-8", "replace").strip()
    if b"mergeCell" in text:
        for m in _MERGE.finditer(text):
            scan.merges.append((int(m.group(2)), column_number(m.group(1).decode()),
                                int(m.group(4)), column_number(m.group(3).decode())))
