"""A misbehaving HTTP server on 127.0.0.1 for benchmarks/hostile_probe.py (raw sockets).

Each path answers in its own broken way: redirect loops, Content-Length lies, a body cut off,
bad chunk sizes, endless 1xx responses, garbage status lines, unknown encodings.
"""

from __future__ import annotations

import io
import socket
import threading

from PIL import Image


def jpeg(size: int = 900) -> bytes:
    """A plain white JPEG of size×size (a valid main image)."""
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), "white").save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


OK = jpeg()


def _head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode()


def answer(path: str, port: int) -> list[bytes]:
    """The raw bytes to send for `path` (in pieces); the connection is closed afterwards."""
    plain = {"Content-Type": "image/jpeg", "Connection": "close"}
    if path == "/ok.jpg":
        return [_head("200 OK", {**plain, "Content-Length": str(len(OK))}), OK]
    if path == "/loop":
        return [_head("302 Found", {"Location": "/loop", "Content-Length": "0", "Connection": "close"})]
    if path == "/no-location":
        return [_head("302 Found", {"Content-Length": "0", "Connection": "close"})]
    if path == "/cl-more":  # promises 100 kB, sends 1 kB and closes
        return [_head("200 OK", {**plain, "Content-Length": "100000"}), OK[:1000]]
    if path == "/cl-less":  # promises 10 bytes, sends the whole image
        return [_head("200 OK", {**plain, "Content-Length": "10"}), OK]
    if path == "/cl-bad":
        return [_head("200 OK", {**plain, "Content-Length": "-5, 12abc"}), OK]
    if path == "/cut":  # closes half way through the body
        return [_head("200 OK", {**plain, "Content-Length": str(len(OK))}), OK[: len(OK) // 2]]
    if path == "/bad-chunk":
        return [_head("200 OK", {**plain, "Transfer-Encoding": "chunked"}), b"zz\r\nhello\r\n0\r\n\r\n"]
    if path == "/huge-chunk":
        return [_head("200 OK", {**plain, "Transfer-Encoding": "chunked"}),
                b"ffffffffffffffff\r\n" + OK + b"\r\n"]
    if path == "/endless-100":  # 1xx interim responses, 200 of them, then the image
        return [b"HTTP/1.1 100 Continue\r\n\r\n" * 200,
                _head("200 OK", {**plain, "Content-Length": str(len(OK))}), OK]
    if path == "/garbage-status":
        return [b"HELLO WORLD\r\n\r\n" + OK]
    if path == "/http09":  # no status line at all, just bytes
        return [OK]
    if path == "/long-header":  # one header line of 1 MB
        return [b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * (1 << 20) + b"\r\n\r\n" + OK]
    if path == "/many-headers":
        return [b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(5000)) + b"\r\n" + OK]
    if path == "/weird-encoding":
        return [_head("200 OK", {**plain, "Content-Encoding": "br, xyz", "Content-Length": str(len(OK))}), OK]
    if path == "/gzip-lie":  # says gzip, sends a plain JPEG
        return [_head("200 OK", {**plain, "Content-Encoding": "gzip", "Content-Length": str(len(OK))}), OK]
    if path == "/empty-200":
        return [_head("200 OK", {**plain, "Content-Length": "0"})]
    if path == "/redirect-refused":  # to a port nobody listens on
        return [_head("302 Found", {"Location": f"http://127.0.0.1:{_closed_port()}/x.jpg",
                                    "Content-Length": "0", "Connection": "close"})]
    if path == "/redirect-data":
        return [_head("302 Found", {"Location": "data:image/png;base64,iVBORw0KGgo=",
                                    "Content-Length": "0", "Connection": "close"})]
    return [_head("404 Not Found", {"Content-Length": "0", "Connection": "close"})]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HostileServer:
    """Serves `answer(path)` for every request, one thread per connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        """The URL of `path` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                path = request.split(b" ", 2)[1].decode("latin-1") if b" " in request else "/"
                for piece in answer(path, self.port):
                    conn.sendall(piece)
            except OSError:
                pass
