"""Fetching from hostile servers on 127.0.0.1: drip-feeders, gzip bombs, bad redirects (issue 14)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import image_files as gen
import pytest

from listing_preflight.images.fetch import Fetcher, FetchSettings

JPEG = gen.jpeg_bytes(gen.packshot(300))
FAST = FetchSettings(timeout=1.0, total_timeout=2.0, retries=2, backoff=0.05, max_bytes=5 << 20)


def bomb(megabytes: int, wbits: int) -> bytes:
    """`megabytes` MB of zeros, compressed (gzip: wbits 31, zlib: 15) without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = b"\0" * (1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: ClassVar[dict[str, int]] = {}
    gzip_bomb = bomb(32, 31)
    deflate_bomb = bomb(32, 15)

    def log_message(self, *args):
        pass

    def _drip(self, data: bytes) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client gave up, as it should

    def do_GET(self):
        self.path = self.path.split("?")[0]
        Hostile.hits[self.path] = Hostile.hits.get(self.path, 0) + 1
        if self.path == "/drip-headers.jpg":
            self.close_connection = True
            self._drip(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 10_000)
        elif self.path == "/drip-body.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(JPEG) * 100))
            self.end_headers()
            self.close_connection = True
            self._drip(JPEG * 100)
        elif self.path in ("/bomb.jpg", "/bomb-deflate.jpg"):
            body = self.gzip_bomb if self.path == "/bomb.jpg" else self.deflate_bomb
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Encoding", "gzip" if self.path == "/bomb.jpg" else "deflate")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass
        elif self.path == "/gzip-ok.jpg":
            body = zlib.compress(JPEG, wbits=31)  # a gzip member
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path in ("/to-file.jpg", "/to-js.jpg"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd" if self.path == "/to-file.jpg"
                             else "javascript:alert(1)")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, tmp_path: Path, settings: FetchSettings = FAST):
    fetcher = Fetcher(tmp_path, settings)
    try:
        started = time.monotonic()
        result = fetcher.fetch(url)
        return result, time.monotonic() - started
    finally:
        fetcher.close()


@pytest.mark.parametrize("path", ["/drip-headers.jpg", "/drip-body.jpg"])
def test_a_drip_feeding_server_cannot_outlast_the_total_deadline(server, tmp_path, path) -> None:
    result, took = fetch(server + path, tmp_path)
    assert result.path is None and "timed out" in result.error and "2 s" in result.error
    assert took < 2.0 + 1.5  # the deadline covers headers, body and every retry


def test_a_gzip_bomb_stops_at_the_limit_of_decompressed_bytes(server, tmp_path) -> None:
    for path in ("/bomb.jpg", "/bomb-deflate.jpg"):
        result, _ = fetch(server + path, tmp_path)
        assert result.path is None and "after decompression" in result.error, result.error
    assert list(tmp_path.iterdir()) == []  # no partial download left behind


def test_a_gzip_encoded_image_is_decoded(server, tmp_path) -> None:
    result, _ = fetch(server + "/gzip-ok.jpg", tmp_path)
    assert result.error is None and Path(result.path).read_bytes() == JPEG


@pytest.mark.parametrize("path, scheme", [("/to-file.jpg", "file:"), ("/to-js.jpg", "javascript:")])
def test_a_redirect_to_another_scheme_is_named_and_not_retried(server, tmp_path, path, scheme) -> None:
    Hostile.hits.clear()
    result, _ = fetch(server + path, tmp_path)
    assert "redirected" in result.error and scheme in result.error, result.error
    assert "connection failed" not in result.error
    assert Hostile.hits[path] == 1


def test_a_refused_connection_is_still_retried_and_named(tmp_path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    result, _ = fetch(f"http://127.0.0.1:{port}/x.jpg", tmp_path)
    assert "connection failed" in result.error and "3 attempts" in result.error


CHILD = """
import resource, sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_fetch_hostile import Hostile
from http.server import ThreadingHTTPServer
from listing_preflight.images.fetch import Fetcher, FetchSettings
httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
httpd.daemon_threads = True
threading.Thread(target=httpd.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{httpd.server_address[1]}"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
fetcher = Fetcher(Path(sys.argv[1]), FetchSettings(concurrency=32, per_host=32, max_bytes=8 << 20))
got = fetcher.fetch_all([f"{base}/bomb.jpg?{i}" for i in range(32)])
assert all("after decompression" in r.error for r in got.values()), got
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_32_concurrent_gzip_bombs_stay_small_in_memory(tmp_path) -> None:
    here = str(Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), here,
                           str(Path(here).parent)], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ,
                               "PYTHONPATH": str(Path(here).parent)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    before_kb, after_kb = map(int, proc.stdout.split())
    # 32 bombs of 32 MB each, stopped at an 8 MB limit: decoded in 256 KiB pieces to disk.
    assert after_kb - before_kb < 200_000, (before_kb, after_kb)
