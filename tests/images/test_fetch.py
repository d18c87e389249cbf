"""Fetching against a misbehaving HTTP server on 127.0.0.1 (started by the test)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import image_files as gen
import polars as pl
import pytest

from listing_preflight.images import ImageSettings, extract_features
from listing_preflight.images.fetch import FetchSettings

JPEG = gen.jpeg_bytes(gen.packshot(900))
HOTLINK_PAGE = (
    b"<!DOCTYPE html><html><head><title>403</title></head><body>No hotlinking</body></html>"
)


class Misbehaving(BaseHTTPRequestHandler):
    """Each path misbehaves in one way; `hits` counts requests per path."""

    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is observable
    hits: ClassVar[dict[str, int]] = {}
    peers: ClassVar[set[int]] = set()

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, code, body, ctype="image/jpeg", length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout and size-limit cases)

    def do_GET(self):
        path = self.path.split("?")[0]
        Misbehaving.hits[path] = Misbehaving.hits.get(path, 0) + 1
        Misbehaving.peers.add(self.client_address[1])
        n = Misbehaving.hits[path]
        if path.startswith("/ok"):
            self._send(200, JPEG)
        elif path == "/missing.jpg":
            self._send(404, b"not found", "text/plain")
        elif path == "/hotlink.jpg":
            self._send(403, HOTLINK_PAGE, "text/html")
        elif path == "/html.jpg":
            self._send(200, HOTLINK_PAGE, "image/jpeg")  # lies about its type
        elif path == "/huge.jpg":
            self._send(200, b"", length=80 * 1024 * 1024)  # declares 80 MB
        elif path == "/endless.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:  # no length, too long; the client hangs up once over its limit
                self.wfile.write(JPEG[:100] + b"\x00" * (3 * 1024 * 1024))
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow.jpg":
            time.sleep(1.5)
            self._send(200, JPEG)
        elif path == "/flaky.jpg":
            if n <= 2:
                self._send(503, b"busy", "text/plain")
            else:
                self._send(200, JPEG)
        elif path == "/down.jpg":
            self._send(500, b"error", "text/plain")
        else:
            self._send(404, b"?", "text/plain")


@pytest.fixture(scope="module")
def http_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(http_server):
    Misbehaving.hits = {}
    Misbehaving.peers = set()
    return http_server


SETTINGS = ImageSettings(
    jobs=1,
    cache_dir=None,
    fetch=FetchSettings(
        timeout=0.5, total_timeout=5, max_bytes=2 * 1024 * 1024, retries=2, backoff=0.05
    ),
)


def fetch(urls, settings=SETTINGS):
    out = extract_features(
        pl.DataFrame({"image": urls, "image_root": [None] * len(urls)}), settings
    )
    return {r["image"]: r for r in out.to_dicts()}


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/missing.jpg", "HTTP 404"),
        ("/hotlink.jpg", "HTTP 403"),
        ("/html.jpg", "HTML page"),
        ("/huge.jpg", "too large"),
        ("/endless.jpg", "too large"),
        ("/slow.jpg", "timed out"),
        ("/down.jpg", "HTTP 500"),
    ],
)
def test_each_misbehaviour_is_a_clear_error_and_good_urls_still_load(server, path, expected):
    feats = fetch([server + path, server + "/ok.jpg"])
    assert expected in feats[server + path]["img_error"]
    assert feats[server + "/ok.jpg"]["img_error"] is None
    assert feats[server + "/ok.jpg"]["img_width"] == 900


def test_hotlink_message_says_what_to_do(server):
    msg = fetch([server + "/hotlink.jpg"])[server + "/hotlink.jpg"]["img_error"]
    assert "hotlink" in msg and "HTML page" in msg


def test_5xx_is_retried_with_backoff_until_it_succeeds(server):
    feats = fetch([server + "/flaky.jpg"])
    assert feats[server + "/flaky.jpg"]["img_error"] is None
    assert Misbehaving.hits["/flaky.jpg"] == 3


def test_404_is_not_retried(server):
    fetch([server + "/missing.jpg"])
    assert Misbehaving.hits["/missing.jpg"] == 1


def test_connections_are_reused(server):
    urls = [f"{server}/ok{i}.jpg" for i in range(12)]
    settings = ImageSettings(jobs=1, cache_dir=None, fetch=FetchSettings(per_host=2, concurrency=2))
    feats = fetch(urls, settings)
    assert all(f["img_error"] is None for f in feats.values())
    assert len(Misbehaving.peers) <= 4  # 12 requests over at most a few kept-alive connections


def test_refused_connection_is_an_error(server):
    feats = fetch(["http://127.0.0.1:9/x.jpg"])  # discard port: nothing listens
    assert "connection failed" in feats["http://127.0.0.1:9/x.jpg"]["img_error"]


def test_downloaded_images_are_analysed_in_the_worker_pool(server):
    urls = [f"{server}/ok{i}.jpg" for i in range(4)] + [server + "/missing.jpg"]
    inline = fetch(urls)
    pooled = fetch(
        urls, ImageSettings(jobs=2, cache_dir=None, inline_below=2, fetch=SETTINGS.fetch)
    )
    assert pooled == inline
    assert all(pooled[u]["img_width"] == 900 for u in urls[:4])
