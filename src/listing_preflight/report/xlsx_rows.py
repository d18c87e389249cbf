"""Row-level edits of one worksheet's XML: appended cells and restyled cells, nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .xlsx_package import col_index, col_letter, inline_cell

_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>.*?</c>)", re.S)
_R_ATTR = re.compile(r'\br="([A-Z]+)(\d+)"')
_S_ATTR = re.compile(r'\ss="(\d+)"')
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_SPANS = re.compile(r'\sspans="[^"]*"')


@dataclass
class SheetEdits:
    """What to change in one sheet (rows and columns are 1-based sheet positions)."""

    appended: dict[int, list[tuple[str, int | None]]] = field(default_factory=dict)  # row -> [(text, style)]
    restyle: dict[int, dict[int, str]] = field(default_factory=dict)  # row -> {col: fill rgb}
    first_col: int = 1  # column of the first appended cell


def header_cells(xml: str, row_number: int, strings: list[str]) -> dict[str, int]:
    """Text -> column of the cells of one row (shared and inline strings, plain values)."""
    for m in _ROW.finditer(_sheet_data(xml)[1]):
        r = re.search(r'\br="(\d+)"', m.group(1))
        if r and int(r.group(1)) == row_number:
            return _texts(m.group(2) or "", strings)
    return {}


def locate_header(xml: str, strings: list[str], names: list[str], expected: int) -> int:
    """The sheet row holding the header `names` (among the first rows), else `expected`.

    The reader numbers rows from the first non-empty row of the sheet, so a sheet whose
    table starts lower down (a title above it, blank rows) has its header further down than
    the row numbers say; the edits must land on the seller's real rows.
    """
    wanted = {n.strip() for n in names if n and n.strip()}
    best, best_hits = expected, 0
    for i, m in enumerate(_ROW.finditer(_sheet_data(xml)[1])):
        if i >= 60:
            break
        r = re.search(r'\br="(\d+)"', m.group(1))
        if r is None:
            continue
        hits = len(wanted & set(_texts(m.group(2) or "", strings)))
        if hits > best_hits:
            best, best_hits = int(r.group(1)), hits
    return best if best_hits * 2 >= len(wanted) else expected


def _texts(row_xml: str, strings: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    col = 0
    for m in _CELL.finditer(row_xml):
        ref = _R_ATTR.search(m.group(1))
        col = col_index(ref.group(1)) if ref else col + 1
        cell = m.group(0)
        value = re.search(r"<v>(.*?)</v>", cell, re.S)
        if 't="s"' in m.group(1) and value:
            text = strings[int(value.group(1))] if int(value.group(1)) < len(strings) else ""
        elif 't="inlineStr"' in m.group(1):
            text = "".join(re.findall(r"<t\b[^>]*>(.*?)</t>", cell, re.S))
        else:
            text = value.group(1) if value else ""
        from xml.sax.saxutils import unescape

        out.setdefault(unescape(text).strip(), col)
    return out


def _sheet_data(xml: str) -> tuple[int, str, int]:
    """(start, inner text, end) of <sheetData>; an empty sheetData has empty inner text."""
    m = re.search(r"<sheetData\b[^>]*?(/>|>)", xml)
    if m is None:
        raise ValueError("no sheetData")
    if m.group(1) == "/>":
        return m.end(), "", m.end()
    end = xml.index("</sheetData>", m.end())
    return m.end(), xml[m.end():end], end


def max_column(xml: str) -> int:
    """The last used column of the sheet (from <dimension>, else from the cells)."""
    dim = re.search(r'<dimension\b[^>]*\bref="[A-Z]*\d*:?([A-Z]+)\d+"', xml)
    best = col_index(dim.group(1)) if dim else 0
    for letters in re.findall(r'<c\b[^>]*?\br="([A-Z]+)\d+"', _sheet_data(xml)[1][:2_000_000]):
        best = max(best, col_index(letters))
    return best


def apply(xml: str, edits: SheetEdits, style: Callable[[int, str], int]) -> str:
    """The sheet XML with the edits made; `style(base, rgb)` gives a filled copy of a format."""
    start, inner, end = _sheet_data(xml)

    def edit(tag: str, body: str) -> str:
        """One row, given its start tag (without '>') and its cells."""
        r = _ROW_NUMBER.search(tag)
        n = int(r.group(1)) if r else 0
        marks, extra = edits.restyle.get(n), edits.appended.get(n)
        if not marks and not extra:
            return f"{tag}>{body}</row>"
        if marks:
            body = _restyle(body, n, marks, style)
        if extra:
            body += "".join(inline_cell(f"{col_letter(edits.first_col + i)}{n}", text, s)
                            for i, (text, s) in enumerate(extra) if text)
        if ' spans="' in tag:  # an optional hint that would be stale
            tag = _SPANS.sub("", tag)
        return f"{tag}>{body}</row>"

    pieces = inner.split("</row>")
    if inner.count("<row") == len(pieces) - 1 and "/>" not in "".join(
            p[:p.index(">") + 1] for p in pieces[:-1] if ">" in p):
        # Fast path (every row has cells, the common case): split on the end tags, no regex
        # over tens of MB of cells.
        out = []
        for piece in pieces[:-1]:
            at = piece.index("<row")
            close = piece.index(">", at)
            out.append(piece[:at] + edit(piece[at:close], piece[close + 1:]))
        new_inner = "".join(out) + pieces[-1]
    else:
        def row_sub(m: re.Match[str]) -> str:
            if m.group(2) is None:  # <row .../>: a row without cells
                return edit("<row" + m.group(1), "") if _touched(m.group(1), edits) else m.group(0)
            return edit("<row" + m.group(1), m.group(2))

        new_inner = _ROW.sub(row_sub, inner)
    # Rows that had no <row> element at all (empty in the seller's sheet) are not created.
    if start == end:  # <sheetData/>
        head = xml[:start - 2] + ">"
        return head + new_inner + "</sheetData>" + xml[end:]
    xml = xml[:start] + new_inner + xml[end:]
    last = edits.first_col + max((len(v) for v in edits.appended.values()), default=0) - 1
    return re.sub(r'(<dimension\b[^>]*\bref=")([A-Z]*)(\d*)(?::[A-Z]+(\d+))?"',
                  lambda d: f'{d.group(1)}{d.group(2) or "A"}{d.group(3) or 1}:{col_letter(last)}'
                            f'{d.group(4) or d.group(3) or 1}"', xml, count=1)


def _touched(attrs: str, edits: SheetEdits) -> bool:
    r = _ROW_NUMBER.search(attrs)
    return bool(r) and (int(r.group(1)) in edits.appended or int(r.group(1)) in edits.restyle)


def _restyle(body: str, row: int, marks: dict[int, str], style: Callable[[int, str], int]) -> str:
    """Fill the marked cells of one row; a marked cell with no <c> element is created."""
    pending = dict(marks)
    pieces: list[str] = []
    col = 0
    last = 0
    for m in _CELL.finditer(body):
        ref = _R_ATTR.search(m.group(1))
        col = col_index(ref.group(1)) if ref else col + 1
        for missing in sorted(c for c in pending if c < col):
            pieces.append(body[last:m.start()])
            last = m.start()
            pieces.append(f'<c r="{col_letter(missing)}{row}" s="{style(0, pending.pop(missing))}"/>')
        if col in pending:
            rgb = pending.pop(col)
            cell = m.group(0)
            s = _S_ATTR.search(m.group(1))
            new_s = style(int(s.group(1)) if s else 0, rgb)
            head = m.group(1)
            head = _S_ATTR.sub(f' s="{new_s}"', head) if s else f'{head} s="{new_s}"'
            if not ref:
                head = f' r="{col_letter(col)}{row}"' + head
            cell = "<c" + head + cell[2 + len(m.group(1)):]
            pieces.append(body[last:m.start()])
            pieces.append(cell)
            last = m.end()
    pieces.append(body[last:])
    for missing in sorted(pending):
        pieces.append(f'<c r="{col_letter(missing)}{row}" s="{style(0, pending[missing])}"/>')
    return "".join(pieces)
