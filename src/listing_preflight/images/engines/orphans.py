"""No orphans: helper processes die with the process that started them (issue 14, item 5).

A SIGKILL of `preflight` cannot run any clean-up, so the helpers watch for it themselves:
- on Linux the kernel sends them SIGKILL when their parent dies (prctl PR_SET_PDEATHSIG), set
  in the forkserver (this module is in its preload list) and in every worker's initialiser;
- elsewhere (and as a fallback) a daemon thread polls the parent pid and exits when it changes
  (the orphan is re-parented to init or a subreaper).
Otherwise the forkserver and workers live on for minutes holding the pipe of
`preflight ... | tail` open, and `tail` never ends.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def _pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)  # noqa: SLF001 - no clean-up to run: the parent that wanted the work is gone


def die_with_parent() -> None:
    """Make this process end when its parent ends, however the parent ends."""
    parent = os.getppid()
    _pdeathsig()
    if parent == 1:
        return  # the parent is already gone (or this is a container's init): nothing to watch
    threading.Thread(target=_watch, args=(parent,), name="preflight-parent-watch",
                     daemon=True).start()


def start_reaper() -> None:
    """Start the watchdog that kills this process's helpers when it dies (see reaper.py); Linux."""
    import subprocess
    from pathlib import Path

    if not Path("/proc/self/stat").exists():
        return
    script = Path(__file__).with_name("reaper.py")
    # Own session, no inherited descriptors: it must not hold a `| tail` pipe open itself.
    subprocess.Popen([sys.executable, "-I", "-S", str(script), str(os.getpid())],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
