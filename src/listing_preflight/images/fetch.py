"""Fetching http(s) images: one pooled client, bounded time and size, retries, per-host limits."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ..i18n import _t
from .http_guard import (
    ACCEPT_ENCODING,
    DeadlineExceeded,
    UnsupportedEncoding,
    decoded,
    guarded_transport,
    set_deadline,
)
from .sniff import sniff

USER_AGENT = "listing-preflight (image check; +https://pypi.org/project/listing-preflight)"


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one fetching run."""

    timeout: float = 10.0  # connect/read timeout per socket operation, seconds
    # Whole time of one URL, all attempts included: connect, headers and body (a server that
    # drips one byte a second must not keep the run alive).
    total_timeout: float = 30.0
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


# Transport errors that another attempt cannot fix: a redirect to file:// or javascript:,
# a request httpx refuses to send, a proxy that refuses us.
_PERMANENT = (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.ProxyError)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


class Fetcher:
    """Downloads URLs into a folder; safe to use from many threads."""

    def __init__(self, dest: Path, settings: FetchSettings | None = None) -> None:
        self.dest = dest
        self.settings = settings or FetchSettings()
        s = self.settings
        limits = httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency)
        self.client = httpx.Client(
            follow_redirects=True,
            timeout=httpx.Timeout(s.timeout),
            limits=limits,
            transport=guarded_transport(limits),
            # Only encodings we inflate ourselves, a bounded piece at a time (http_guard).
            headers={"User-Agent": USER_AGENT, "Accept": "image/*,*/*;q=0.5",
                     "Accept-Encoding": ACCEPT_ENCODING},
            event_hooks={"response": [_remember_redirect]},
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
        """Download one URL within its total time, retrying transient failures with backoff."""
        s = self.settings
        deadline = time.monotonic() + s.total_timeout
        last = "failed"
        tries = 0
        try:
            for attempt in range(s.retries + 1):
                if attempt:
                    pause = s.backoff * 2 ** (attempt - 1)
                    if time.monotonic() + pause >= deadline:
                        break  # no time left for another attempt
                    time.sleep(pause)
                tries += 1
                _redirect.location = None
                try:
                    with self._host_slot(url):
                        set_deadline(deadline)
                        return self._once(url, deadline)
                except _Retry as exc:
                    last = str(exc)
                except DeadlineExceeded:
                    return self._total_time_out(tries)
                except httpx.TimeoutException as exc:
                    if isinstance(exc.__context__, DeadlineExceeded) or time.monotonic() >= deadline:
                        return self._total_time_out(tries)
                    last = _t("timed out after {seconds} s").format(seconds=f"{s.timeout:g}")
                except (*_PERMANENT, httpx.InvalidURL) as exc:
                    return Fetched(None, _permanent_message(exc))
                except httpx.TransportError as exc:
                    last = _t("connection failed: {error}").format(error=exc or type(exc).__name__)
                except httpx.HTTPError as exc:  # invalid URL, too many redirects, ...
                    return Fetched(None, _t("cannot fetch: {error}").format(error=exc))
        finally:
            set_deadline(None)
        return Fetched(None, (_t("{} ({} attempts)") if tries > 1 else _t("{} ({} attempt)")).format(last, tries))

    def _total_time_out(self, tries: int) -> Fetched:
        return Fetched(None, _t("timed out: no complete response within {seconds} s (connect, "
                                "headers and body; {tries} attempt(s))")
                       .format(seconds=f"{self.settings.total_timeout:g}", tries=tries))

    def _once(self, url: str, deadline: float) -> Fetched:
        s = self.settings
        with self.client.stream("GET", url) as resp:
            code = resp.status_code
            if code == 429 or code >= 500:
                raise _Retry(f"HTTP {code} {resp.reason_phrase}".rstrip())
            if code >= 400:
                head = next(resp.iter_raw(512), b"")
                status = f"HTTP {code} {resp.reason_phrase}".strip()
                if code in (401, 403):
                    page = " " + _t("(an HTML page)") if sniff(head) == "HTML" else ""
                    status = _t("{}: access refused{}, probably hotlink protection; upload the file "
                                "instead").format(status, page)
                elif code in (404, 410):
                    status = _t("{}: no image at this address").format(status)
                return Fetched(None, status)
            declared = resp.headers.get("content-length")
            encoding = resp.headers.get("content-encoding", "")
            if declared and declared.isdigit() and int(declared) > s.max_bytes and not encoding:
                return Fetched(
                    None,
                    _t("too large: {} exceeds the {} download limit").format(_mb(int(declared)), _mb(s.max_bytes)),
                    int(declared),
                )
            path = self.dest / (hashlib.sha1(url.encode()).hexdigest()[:20] + ".img")
            return self._save(resp, encoding, path, deadline)

    def _save(self, resp: httpx.Response, encoding: str, path: Path, deadline: float) -> Fetched:
        """Stream the (decoded) body to `path`, bounded in bytes after decoding and in time."""
        s = self.settings
        size = 0
        tmp = path.with_name(f"{path.name}.{threading.get_ident()}.part")
        try:
            with open(tmp, "wb") as out:
                # iter_raw yields each network read as it comes: the limits are checked per
                # read, not per 64 KiB, and decompression is ours (bounded pieces).
                for piece in decoded(resp.iter_raw(), encoding):
                    if not size and sniff(piece[:512]) == "HTML":
                        ctype = resp.headers.get("content-type", "?").split(";")[0]
                        return Fetched(
                            None, _t("the server sent an HTML page ({}), not an image").format(ctype)
                        )
                    size += len(piece)
                    if size > s.max_bytes:
                        what = " after decompression" if encoding else ""
                        return Fetched(None, f"too large: more than the {_mb(s.max_bytes)} "
                                             f"download limit{what}", size)
                    if time.monotonic() > deadline:
                        raise DeadlineExceeded("total time per image exceeded")
                    out.write(piece)
            if size == 0:
                return Fetched(None, "empty response (0 bytes)", 0)
            os.replace(tmp, path)
            return Fetched(str(path), None, size)
        except UnsupportedEncoding as exc:
            return Fetched(None, _t("the server sent an unsupported content encoding ({coding})")
                           .format(coding=exc))
        except zlib.error as exc:
            return Fetched(None, _t("the server sent a corrupt compressed body ({error})")
                           .format(error=exc))
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

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
            except (ValueError, UnicodeError, httpx.HTTPError, OSError) as exc:
                # One address nothing can parse ('http://[::1/x.jpg' makes urlsplit raise)
                # is one IMG002 for that image, never a failed rule for the whole catalog.
                return Fetched(None, _t("cannot fetch: {error}").format(
                    error=" ".join(str(exc).split())[:200] or type(exc).__name__))
            finally:
                if on_done:
                    on_done()

        with ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(urls))) as pool:
            return dict(zip(urls, pool.map(one, urls)))


_redirect = threading.local()  # the Location of the last redirect this thread received


def _remember_redirect(response: httpx.Response) -> None:
    """Response hook: keep the redirect target, to name it if it cannot be followed."""
    if response.is_redirect:
        _redirect.location = response.headers.get("location")


def _permanent_message(exc: Exception) -> str:
    """Name a failure that retrying cannot fix (a redirect to file://, javascript:, ...)."""
    location = getattr(_redirect, "location", None)
    if location and isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return _t("cannot fetch: the server redirected to {target}; only http and https "
                  "addresses are fetched").format(target=location[:200])
    return _t("cannot fetch: {error}").format(error=exc)
