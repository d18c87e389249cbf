"""Text encoding of CSV exports: BOM, strict UTF-8, plausible GB18030, then detection."""

from __future__ import annotations

import re
from pathlib import Path

from ..i18n import _t
from ..model import CatalogError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of a CSV export: BOM, then strict UTF-8, then charset detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[: 1 << 20]
    # UTF-16 without BOM: every other byte of ASCII text is NUL.
    if sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Our users are mostly Chinese sellers: a strict GB18030 decode whose non-ASCII characters
    # are nearly all common Chinese characters and punctuation is the right answer even when
    # there are too few of them for statistical detection (which then guesses Korean).
    if _plausible_chinese(sample):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    name = (best.encoding if best else "gb18030").lower().replace("_", "-")
    # GB18030 is a superset of GB2312 and GBK, so it decodes what a narrower guess would reject.
    if name in {"gb2312", "gbk", "hz", "cp936"} or not best:
        return "gb18030"
    return name


def _plausible_chinese(sample: bytes) -> bool:
    try:
        text = sample.decode("gb18030")
    except UnicodeDecodeError:
        # The sample may end inside a multi-byte character.
        try:
            text = sample[:-3].decode("gb18030") if len(sample) > 3 else ""
        except UnicodeDecodeError:
            return False
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return False
    chinese = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                  or "\uff00" <= c <= "\uffef")
    if chinese / len(wide) < 0.9:
        return False
    # Mis-decoded Latin-1 ('d\xe9cor' -> one CJK character between Latin letters) gives isolated
    # ideographs; Chinese words come in runs of two or more.
    isolated = len(re.findall(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?![\u4e00-\u9fff])", text))
    return isolated <= 0.5 * chinese


# Binary files a seller may pass by mistake, named instead of "cannot decode as gb18030".
_BINARY_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook saved under another name? rename it to "
                     ".xlsx, or unzip it)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file (.xls); rename it to .xls or save it as "
                           ".xlsx or CSV"),
    (b"%PDF", "a PDF document, not a catalog export"),
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"PAR1", "a Parquet file; rename it to .parquet"),
    (b"\x89PNG", "a PNG image, not a catalog export"),
    (b"\xff\xd8\xff", "a JPEG image, not a catalog export"),
)


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes to text with the detected encoding; raise CatalogError when impossible."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise CatalogError(_t("{path}: this is {what}").format(path=path, what=what))
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path}: cannot decode the text as {encoding} (byte {exc.start}); "
            "save the export as UTF-8 or GBK"
        ) from exc
