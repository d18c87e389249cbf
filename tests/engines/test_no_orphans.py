"""SIGKILL of preflight leaves no helper process behind holding its stdout (issue 14.5, issue 16).

Local engine: forkserver, workers, tracker; ray/dask: the local cluster preflight started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from catalog_factory import PRODUCTS, write_csv

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")


class Stalling(BaseHTTPRequestHandler):
    """Never answers in time: the run sits in the download phase with its workers started."""

    def do_GET(self):  # noqa: N802
        time.sleep(20)

    def log_message(self, *args):
        pass


def children() -> dict[int, int]:
    """pid -> parent pid of every process."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            out[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def descendants(pid: int) -> set[int]:
    table, found, todo = children(), set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command(name: str) -> str:
    try:
        return Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return "?"


# local: forkserver + 2 workers; ray: gcs_server, raylet, agents, workers; dask: 2 workers + tracker
# (the dask scheduler is a thread of preflight itself).
STARTED = {"local": 3, "ray": 5, "dask": 3}


@pytest.mark.parametrize("engine", [
    "local",
    pytest.param("ray", marks=pytest.mark.engine),
    pytest.param("dask", marks=pytest.mark.engine),
])
def test_sigkill_leaves_no_helper_holding_stdout(tmp_path, engine):
    if engine != "local":
        pytest.importorskip(engine)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Stalling)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    products = [(*p[:5], f"{base}/{i}.jpg") for i, p in enumerate(PRODUCTS)]
    write_csv(tmp_path / "catalog.csv", products=products)
    proc = subprocess.Popen(
        [sys.executable, "-m", "listing_preflight", "check", "catalog.csv", "--jobs", "2",
         "--no-cache", "--select", "IMG", "--engine", engine],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    helpers: set[int] = set()
    try:
        # The workers are busy fetching from the stalling server when the kill comes.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(helpers) < STARTED[engine]:
            time.sleep(0.2)
            helpers = descendants(proc.pid)
        assert len(helpers) >= STARTED[engine], f"the {engine} workers never started"
        time.sleep(1.5 if engine != "local" else 1.0)  # let the workers finish starting
        helpers = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # `preflight ... | tail` ends: every holder of the pipe's write end has gone.
        ended = threading.Event()
        threading.Thread(target=lambda: (proc.stdout.read(), ended.set()), daemon=True).start()
        assert ended.wait(10), "something still holds preflight's stdout open"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(p) for p in helpers):
            time.sleep(0.2)
        assert not [command(str(p)) for p in helpers if alive(p)]
    finally:
        for pid in descendants(proc.pid) | helpers | {proc.pid}:  # only what this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        httpd.shutdown()
