"""The seller's own XLSX workbook, edited at the XML level: findings added, nothing else changed.

openpyxl would load and re-save every cell (49 s for 100,000 rows x 15 columns on the
project machine, benchmarks/bench_reports.py); a report must keep the seller's sheets,
names, column order, number cells, formats and other sheets exactly, so only what the report
adds is written: two appended columns (verdict, coloured; findings), a fill and a note on each
offending cell, and a `Findings` sheet. Every other part of the package is copied byte for
byte. Strings are written inline (`t="inlineStr"`), so the shared-string table is untouched.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import column_index_from_string, get_column_letter

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = R_NS + "/worksheet"
_COMMENTS_TYPE = R_NS + "/comments"
_VML_TYPE = R_NS + "/vmlDrawing"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class PackageError(Exception):
    """The workbook cannot be edited in place (the caller rebuilds it instead)."""


_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text escaped for XML element content (characters XML 1.0 cannot hold replaced)."""
    text = "" if value is None else str(value)
    if _NEEDS_WORK.search(text) is None:  # most cells: one scan, no copies
        return text
    return escape(_INVALID_XML.sub("\ufffd", text))


# Column numbers <-> letters (1 <-> 'A', 27 <-> 'AA'): openpyxl's cached converters.
col_letter = get_column_letter
col_index = column_index_from_string


_REF = re.compile(r"([A-Z]+)(\d+)")


def inline_cell(ref: str, text: str, style: int | None = None) -> str:
    """A `<c>` holding `text` as an inline string."""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


@dataclass
class Workbook:
    """The parts of an XLSX package (name -> bytes), in their original order."""

    parts: dict[str, bytes]
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes) -> Workbook:
        """Load a package; PackageError when it is not an XLSX workbook."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = {i.filename: i for i in zf.infolist()}
                parts = {name: zf.read(name) for name in infos}
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise PackageError(f"not an XLSX package: {exc}") from None
        if "xl/workbook.xml" not in parts or "[Content_Types].xml" not in parts:
            raise PackageError("not an XLSX workbook (no xl/workbook.xml)")
        return cls(parts, infos)

    def text(self, name: str) -> str:
        """A part as text (XML parts are UTF-8)."""
        return self.parts[name].decode("utf-8")

    def put(self, name: str, text: str) -> None:
        """Replace or add a part."""
        self.parts[name] = text.encode("utf-8")

    def write(self) -> bytes:
        """The package as bytes (unchanged parts keep their compression)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.parts.items():
                info = self.infos.get(name)
                kind = info.compress_type if info else zipfile.ZIP_DEFLATED
                zf.writestr(name, data, compress_type=kind, compresslevel=1 if kind else None)
        return out.getvalue()

    # -- relationships and sheets -----------------------------------------------------------

    def rels_name(self, part: str) -> str:
        """The relationships part of `part` (xl/_rels/workbook.xml.rels for xl/workbook.xml)."""
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, absolute target) of a part's relationships."""
        name = self.rels_name(part)
        if name not in self.parts:
            return []
        out = []
        for attrs in re.findall(r"<Relationship\b([^>]*)/?>", self.text(name)):
            a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
            target = a.get("Target", "")
            if a.get("TargetMode") != "External":
                target = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            out.append((a.get("Id", ""), a.get("Type", ""), target))
        return out

    def add_relationship(self, part: str, rel_type: str, target: str) -> str:
        """Add a relationship from `part` to `target` (absolute part name); its new id."""
        name = self.rels_name(part)
        text = self.text(name) if name in self.parts else (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            "</Relationships>")
        taken = set(re.findall(r'Id="([^"]*)"', text))
        n = len(taken) + 1
        while f"rIdP{n}" in taken:
            n += 1
        rid = f"rIdP{n}"
        rel = posixpath.relpath(target, posixpath.dirname(part))
        text = text.replace("</Relationships>",
                            f'<Relationship Id="{rid}" Type="{rel_type}" Target="{rel}"/></Relationships>')
        self.put(name, text)
        return rid

    def add_override(self, part: str, content_type: str) -> None:
        """Declare the content type of a new part."""
        text = self.text("[Content_Types].xml")
        text = text.replace("</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')
        self.put("[Content_Types].xml", text)

    def ensure_default(self, ext: str, content_type: str) -> None:
        """Declare the content type of an extension unless it is declared already."""
        text = self.text("[Content_Types].xml")
        if not re.search(rf'<Default\b[^>]*Extension="{ext}"', text, re.I):
            text = text.replace("</Types>", f'<Default Extension="{ext}" ContentType="{content_type}"/></Types>')
            self.put("[Content_Types].xml", text)

    def sheets(self) -> list[tuple[str, str]]:
        """(sheet name, part name) in workbook order."""
        rels = {rid: target for rid, _t, target in self.relationships("xl/workbook.xml")}
        out = []
        for attrs in re.findall(r"<sheet\b([^>]*)/?>", self.text("xl/workbook.xml")):
            name = re.search(r'\bname="([^"]*)"', attrs)
            rid = re.search(r'\br:id="([^"]*)"', attrs) or re.search(r'\b\w+:id="([^"]*)"', attrs)
            if name and rid and rels.get(rid.group(1)) in self.parts:
                out.append((_unescape(name.group(1)), rels[rid.group(1)]))
        return out

    def add_sheet(self, name: str, xml: str) -> str:
        """Append a worksheet named `name`; its part name."""
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in self.parts:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.put(part, xml)
        self.add_override(part, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        rid = self.add_relationship("xl/workbook.xml", _SHEET_TYPE, part)
        book = self.text("xl/workbook.xml")
        ids = [int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', book)]
        entry = f'<sheet name={quoteattr(name)} sheetId="{max(ids, default=0) + 1}" r:id="{rid}"/>'
        if 'xmlns:r="' + R_NS + '"' not in book:
            entry = entry.replace("r:id=", f'xmlns:r="{R_NS}" r:id=')
        self.put("xl/workbook.xml", book.replace("</sheets>", entry + "</sheets>"))
        return part

    def shared_strings(self) -> list[str]:
        """The shared-string table as plain text."""
        for _rid, rel_type, target in self.relationships("xl/workbook.xml"):
            if rel_type.endswith("/sharedStrings") and target in self.parts:
                text = self.text(target)
                return [_unescape("".join(re.findall(r"<t\b[^>]*>(.*?)</t>", si, re.S)))
                        for si in re.findall(r"<si>(.*?)</si>", text, re.S)]
        return []


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


class Styles:
    """Adds fills and cell formats to styles.xml; an existing format keeps its number format."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.part = next((t for _i, rt, t in book.relationships("xl/workbook.xml")
                          if rt.endswith("/styles")), None)
        if self.part is None or self.part not in book.parts:
            raise PackageError("the workbook has no styles part")
        self.xml = book.text(self.part)
        fills = re.search(r"<fills\b[^>]*>(.*?)</fills>", self.xml, re.S)
        xfs = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", self.xml, re.S)
        if not fills or not xfs:
            raise PackageError("the workbook's styles have no fills or cell formats")
        self.n_fills = len(re.findall(r"<fill\b", fills.group(1)))
        self.xfs = re.findall(r"<xf\b[^>]*/>|<xf\b[^>]*>.*?</xf>", xfs.group(1), re.S)
        self.new_fills: list[str] = []
        self.fill_of: dict[str, int] = {}
        self.new_xfs: list[str] = []
        self.made: dict[tuple[int, str], int] = {}

    def fill(self, rgb: str) -> int:
        """The index of a solid fill of colour `rgb` (added once)."""
        if rgb not in self.fill_of:
            self.fill_of[rgb] = self.n_fills + len(self.new_fills)
            self.new_fills.append(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                  f'<bgColor indexed="64"/></patternFill></fill>')
        return self.fill_of[rgb]

    def with_fill(self, base: int, rgb: str) -> int:
        """The index of a cell format equal to format `base` but filled with `rgb`."""
        key = (base, rgb)
        if key not in self.made:
            fill_id = self.fill(rgb)
            xf = self.xfs[base] if 0 <= base < len(self.xfs) else '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            m = re.match(r"<xf\b([^>]*?)(/?)>(.*)", xf, re.S)
            attrs = re.sub(r'\s(fillId|applyFill)="[^"]*"', "", m.group(1))  # type: ignore[union-attr]
            close = "/" if m.group(2) else ""  # type: ignore[union-attr]
            new = f'<xf{attrs} fillId="{fill_id}" applyFill="1"{close}>{m.group(3)}'  # type: ignore[union-attr]
            self.made[key] = len(self.xfs) + len(self.new_xfs)
            self.new_xfs.append(new)
        return self.made[key]

    def save(self) -> None:
        """Write the added fills and formats back into styles.xml."""
        xml = self.xml
        if self.new_fills:
            xml = re.sub(r"(<fills\b[^>]*>)(.*?)</fills>",
                         lambda m: _count(m.group(1), self.n_fills + len(self.new_fills))
                         + m.group(2) + "".join(self.new_fills) + "</fills>", xml, count=1, flags=re.S)
        if self.new_xfs:
            xml = re.sub(r"(<cellXfs\b[^>]*>)(.*?)</cellXfs>",
                         lambda m: _count(m.group(1), len(self.xfs) + len(self.new_xfs))
                         + m.group(2) + "".join(self.new_xfs) + "</cellXfs>", xml, count=1, flags=re.S)
        self.book.put(self.part, xml)  # type: ignore[arg-type]


def _count(tag: str, n: int) -> str:
    if 'count="' in tag:
        return re.sub(r'count="\d+"', f'count="{n}"', tag)
    return tag[:-1] + f' count="{n}">'


def comments_parts(book: Workbook, sheet_part: str, notes: Iterable[tuple[str, str]]) -> bool:
    """Attach notes [(cell ref, text)] to a sheet; False when the sheet has notes already."""
    notes = list(notes)
    if not notes:
        return True
    if any(t == _COMMENTS_TYPE or t == _VML_TYPE for _i, t, _p in book.relationships(sheet_part)):
        return False  # merging with the seller's own notes is not attempted
    n = 1
    while f"xl/comments{n}.xml" in book.parts or f"xl/drawings/vmlDrawing{n}.vml" in book.parts:
        n += 1
    comments, vml = f"xl/comments{n}.xml", f"xl/drawings/vmlDrawing{n}.vml"
    body = "".join(f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{xml_text(text)}</t>'
                   f"</text></comment>" for ref, text in notes)
    book.put(comments, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<authors><author>listing-preflight</author></authors><commentList>{body}</commentList></comments>")
    shapes = []
    for i, (ref, _text) in enumerate(notes):
        m = _REF.fullmatch(ref)
        col, row = col_index(m.group(1)) - 1, int(m.group(2)) - 1  # type: ignore[union-attr]
        shapes.append(
            f'<v:shape id="_x0000_s{1025 + i}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:80pt;z-index:{i + 1};visibility:hidden" '
            'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{col + 1}, 15, {row}, 2, {col + 4}, 15, {row + 4}, 16</x:Anchor>'
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>")
    book.put(vml, '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
             'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/>'
             '</o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
             '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
             + "".join(shapes) + "</xml>")
    book.add_override(comments, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")
    book.ensure_default("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
    book.add_relationship(sheet_part, _COMMENTS_TYPE, comments)
    rid = book.add_relationship(sheet_part, _VML_TYPE, vml)
    xml = book.text(sheet_part)
    tag = f'<legacyDrawing xmlns:r="{R_NS}" r:id="{rid}"/>'
    # legacyDrawing goes after sheetData..drawing and before these (CT_Worksheet order).
    before = ("<legacyDrawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems",
              "<tableParts", "<extLst", "</worksheet>")
    # Searched after the cells only: a 100,000-row sheetData is tens of MB.
    tail = max(xml.rfind("</sheetData>"), 0)
    cut = min((i for i in (xml.find(b, tail) for b in before) if i >= 0), default=len(xml))
    book.put(sheet_part, xml[:cut] + tag + xml[cut:])
    return True
