"""Content sniffing: what a byte string really is, whatever its name or Content-Type says."""

from __future__ import annotations

# Magic numbers of the image formats Pillow can decode for us (first bytes of the file).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)

_HTML_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<?xml",
    b"<!--",
    b"<meta",
    b"<title",
    b"<script",
)


def sniff(head: bytes) -> str | None:
    """Image format named by the magic bytes of `head`, 'HTML' for a web page, else None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:12] in (b"ftypavif", b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIF"
    if looks_like_html(head):
        return "HTML"
    return None


def looks_like_html(head: bytes) -> bool:
    """True when the bytes start like an HTML/XML page (a hotlink or error page)."""
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return False  # SVG is an image format; the decoder rejects it with its own message
    return text.startswith(_HTML_STARTS)
