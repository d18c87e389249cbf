"""Guards for fetching from servers we do not trust: a total deadline, bounded decompression.

- Deadline: httpx's timeouts are per socket operation, so a server that sends its headers or
  body one byte a second never trips them. Every read and write here is bounded by what is
  left of a per-URL deadline (a thread-local set by the fetcher), through a wrapped httpcore
  network stream: connect, TLS, headers and body all count.
- Decompression: a gzip/deflate body is inflated a bounded piece at a time, so a bomb (1 KB
  that inflates to 1 GB) is stopped at the size limit of *decompressed* bytes without ever
  holding more than one piece in memory.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

# Bytes of decompressed output produced per step (bounds memory per concurrent download).
PIECE = 256 * 1024
# Content-Encodings we inflate ourselves; we ask for no others (Accept-Encoding).
ACCEPT_ENCODING = "gzip, deflate"

_local = threading.local()


class DeadlineExceeded(httpcore.ReadTimeout):
    """The URL's total time (connect + headers + body) ran out."""


def set_deadline(deadline: float | None) -> None:
    """Bound this thread's network operations by `deadline` (time.monotonic()); None = off."""
    _local.deadline = deadline


def _bounded(timeout: float | None) -> float | None:
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("total time per image exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with streams bounded by the thread's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> Any:
        return _DeadlineStream(self._inner.connect_tcp(host, port, _bounded(timeout), local_address,
                                                       socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> Any:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose connections obey the per-thread deadline."""
    transport = httpx.HTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    if isinstance(pool, httpcore.ConnectionPool) and hasattr(pool, "_network_backend"):
        # httpx has no public way to pass a network backend; the pool reads this attribute
        # whenever it opens a connection. If a future httpx drops it, the per-read deadline
        # check in the fetcher still bounds the body (tests/robustness/test_fetch_hostile.py).
        pool._network_backend = _DeadlineBackend()
    return transport


class UnsupportedEncoding(Exception):
    """A Content-Encoding we did not ask for and cannot decode."""


def decoded(raw: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """The body's bytes after Content-Encoding, inflated at most PIECE bytes at a time."""
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        yield from raw
        return
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise UnsupportedEncoding(encoding)
    yield from _inflate(raw, gzip=codings[0] != "deflate")


def _inflate(raw: Iterable[bytes], gzip: bool) -> Iterator[bytes]:
    inflater = None
    for chunk in raw:
        data = chunk
        while data:
            if inflater is None:
                # gzip (and zlib) headers are auto-detected by wbits 47; "deflate" servers send
                # zlib-wrapped or raw deflate, told apart by the zlib header check.
                raw_deflate = not gzip and not (len(data) >= 2 and data[0] & 0x0F == 8
                                                and (data[0] << 8 | data[1]) % 31 == 0)
                inflater = zlib.decompressobj(-15 if raw_deflate else 47)
            piece = inflater.decompress(data, PIECE)
            if piece:
                yield piece
            data = inflater.unconsumed_tail
            while data and not inflater.eof:
                piece = inflater.decompress(data, PIECE)
                if piece:
                    yield piece
                data = inflater.unconsumed_tail
            if inflater.eof:
                # A gzip body may hold several members: the rest starts the next one.
                data = inflater.unused_data
                inflater = None
    if inflater is not None:
        tail = inflater.flush(PIECE)
        if tail:
            yield tail
