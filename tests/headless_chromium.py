"""Headless Chromium for the HTML report's tests and benchmark: screenshot and DOM after scripts ran."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


def chromium() -> str | None:
    """The Chromium binary, or None when it is not installed (.ci/run installs it)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    binary = chromium()
    assert binary, "chromium is not installed (apt-get install -y chromium)"
    with tempfile.TemporaryDirectory(prefix="preflight-chromium-") as profile:
        clock = time.perf_counter()
        done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, check=False)
        return done, time.perf_counter() - clock


def dump_dom(url: str, timeout: float = 120, budget_ms: int = 5000) -> tuple[str, float]:
    """The DOM after the page's scripts ran (and the wall time of the whole browser run)."""
    done, seconds = _run([f"--virtual-time-budget={budget_ms}", "--dump-dom", url], timeout)
    return done.stdout, seconds


def screenshot(url: str, png: Path, size: str = "1280,1600", timeout: float = 120) -> float:
    """Save a PNG of the page; the wall time of the browser run."""
    done, seconds = _run([f"--window-size={size}", "--virtual-time-budget=3000",
                          f"--screenshot={png}", url], timeout)
    assert png.is_file() and png.stat().st_size > 0, done.stderr[-2000:]
    return seconds
