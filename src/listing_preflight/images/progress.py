"""A minimal progress bar on stderr: only on a terminal, only for long runs, never in CI or --quiet."""

from __future__ import annotations

import os
import sys
import threading
import time

SHOW_AFTER = 1.0  # seconds: short runs never show a bar


def enabled() -> bool:
    """True when a progress bar may be drawn (stderr is a TTY, not CI, not quiet)."""
    if os.environ.get("PREFLIGHT_QUIET", "") not in ("", "0"):
        return False
    if os.environ.get("CI", "") not in ("", "0", "false"):
        return False
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


class Progress:
    """Counts finished items; draws `label [####....] n/total` at most ~10 times a second."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False
        self._on = enabled() and total > 0
        self._lock = threading.Lock()

    def advance(self, n: int = 1) -> None:
        """Record `n` more finished items."""
        with self._lock:
            self.done += n
            if not self._on:
                return
            now = time.monotonic()
            if now - self.started < SHOW_AFTER or now - self._drawn < 0.1:
                return
            self._drawn = now
            self._shown = True
            width = 30
            filled = int(width * self.done / self.total)
            rate = self.done / max(1e-6, now - self.started)
            sys.stderr.write(
                f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                f"{self.done}/{self.total} {rate:.0f}/s"
            )
            sys.stderr.flush()

    def close(self) -> None:
        """Clear the bar line if one was drawn."""
        if self._shown:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()
