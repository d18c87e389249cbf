"""Fetching http(s) images: one pooled client, bounded time and size, retries, per-host limits."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ..i18n import _t
from .sniff import sniff

USER_AGENT = "listing-preflight (image check; +https://pypi.org/project/listing-preflight)"


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one fetching run."""

    timeout: float = 10.0  # connect/read timeout per attempt, seconds
    total_timeout: float = 30.0  # whole download of one URL, seconds (slow drip-feeders)
    max_bytes: int = 25 * 1024 * 1024  # above IMG012's 10 MB so an oversize file is still measured
    retries: int = 2  # extra attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    per_host: int = 4  # concurrent requests to one host (be polite, avoid bans)
    concurrency: int = 16  # concurrent requests overall


@dataclass(frozen=True, slots=True)
class Fetched:
    """Outcome for one URL: a downloaded file or an error message."""

    path: str | None
    error: str | None = None
    size: int | None = None


class _Retry(Exception):
    """A failure worth another attempt (timeout, connection error, 429, 5xx)."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


class Fetcher:
    """Downloads URLs into a folder; safe to use from many threads."""

    def __init__(self, dest: Path, settings: FetchSettings | None = None) -> None:
        self.dest = dest
        self.settings = settings or FetchSettings()
        s = self.settings
        self.client = httpx.Client(
            follow_redirects=True,
            timeout=httpx.Timeout(s.timeout),
            limits=httpx.Limits(
                max_connections=s.concurrency, max_keepalive_connections=s.concurrency
            ),
            headers={"User-Agent": USER_AGENT, "Accept": "image/*,*/*;q=0.5"},
        )
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close pooled connections."""
        self.client.close()

    def _host_slot(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.settings.per_host)
            return self._hosts[host]

    def fetch(self, url: str) -> Fetched:
        """Download one URL, retrying transient failures with exponential backoff."""
        s = self.settings
        last = "failed"
        for attempt in range(s.retries + 1):
            if attempt:
                time.sleep(s.backoff * 2 ** (attempt - 1))
            try:
                with self._host_slot(url):
                    return self._once(url)
            except _Retry as exc:
                last = str(exc)
            except httpx.TimeoutException:
                last = _t("timed out after {} s").format(f"{s.timeout:g}")
            except httpx.TransportError as exc:
                last = _t("connection failed: {}").format(exc or type(exc).__name__)
            except httpx.HTTPError as exc:  # invalid URL, too many redirects, ...
                return Fetched(None, _t("cannot fetch: {}").format(exc))
        tries = s.retries + 1
        return Fetched(None, (_t("{} ({} attempts)") if tries > 1 else _t("{} ({} attempt)")).format(last, tries))

    def _once(self, url: str) -> Fetched:
        s = self.settings
        started = time.monotonic()
        with self.client.stream("GET", url) as resp:
            code = resp.status_code
            if code == 429 or code >= 500:
                raise _Retry(f"HTTP {code} {resp.reason_phrase}".rstrip())
            if code >= 400:
                head = next(resp.iter_bytes(512), b"")
                status = f"HTTP {code} {resp.reason_phrase}".strip()
                if code in (401, 403):
                    page = " " + _t("(an HTML page)") if sniff(head) == "HTML" else ""
                    status = _t("{}: access refused{}, probably hotlink protection; upload the file "
                                "instead").format(status, page)
                elif code in (404, 410):
                    status = _t("{}: no image at this address").format(status)
                return Fetched(None, status)
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > s.max_bytes:
                return Fetched(
                    None,
                    _t("too large: {} exceeds the {} download limit").format(_mb(int(declared)), _mb(s.max_bytes)),
                    int(declared),
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes(65536):
                if not chunks:
                    kind = sniff(chunk[:512])
                    if kind == "HTML":
                        ctype = resp.headers.get("content-type", "?").split(";")[0]
                        return Fetched(
                            None, _t("the server sent an HTML page ({}), not an image").format(ctype)
                        )
                chunks.append(chunk)
                size += len(chunk)
                if size > s.max_bytes:
                    return Fetched(
                        None, _t("too large: more than the {} download limit").format(_mb(s.max_bytes)), size
                    )
                if time.monotonic() - started > s.total_timeout:
                    raise httpx.ReadTimeout(_t("download took longer than {} s").format(f"{s.total_timeout:g}"))
        if size == 0:
            return Fetched(None, _t("empty response (0 bytes)"), 0)
        path = self.dest / (hashlib.sha1(url.encode()).hexdigest()[:20] + ".img")
        path.write_bytes(b"".join(chunks))
        return Fetched(str(path), None, size)

    def fetch_all(
        self, urls: Iterable[str], on_done: Callable[[], None] | None = None
    ) -> dict[str, Fetched]:
        """Fetch many URLs concurrently (bounded overall and per host)."""
        urls = list(dict.fromkeys(urls))
        if not urls:
            return {}

        def one(url: str) -> Fetched:
            try:
                return self.fetch(url)
            finally:
                if on_done:
                    on_done()

        with ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(urls))) as pool:
            return dict(zip(urls, pool.map(one, urls)))
