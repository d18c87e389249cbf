"""Watchdog of a `preflight` that started a local Ray: when preflight dies, its helpers die too.

Run as a script (stdlib only, no package import): `python -I -S reaper.py PARENT_PID`. While
the parent lives it notes, once a second, every process descended from it (pid + start time);
when the parent is gone - a normal exit, or a SIGKILL that runs no clean-up at all - it sends
SIGKILL to each noted process still alive with the same start time (so a reused pid is never
hit), then exits. Why: Ray's local cluster does not share the driver's fate; after a SIGKILLed
driver its dashboard and runtime-env agents lived on for minutes (issue 16).
"""

from __future__ import annotations

import os
import signal
import sys
import time

POLL_SECONDS = 1.0


def _table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every process."""
    out: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            out[int(entry)] = (int(fields[1]), fields[19].decode())  # ppid, starttime
    return out


def descendants(parent: int, me: int) -> dict[int, str]:
    """pid -> start time of every live descendant of `parent`, this watchdog excluded."""
    table, found, todo = _table(), {}, [parent]
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        for child in children.get(todo.pop(), []):
            if child != me and child not in found:
                found[child] = table[child][1]
                todo.append(child)
    return found


def watch(parent: int) -> None:
    """Note the parent's descendants until it is gone, then kill those still running."""
    me, seen = os.getpid(), {}
    while os.getppid() == parent:
        seen.update(descendants(parent, me))
        time.sleep(POLL_SECONDS)
    now = _table()
    for pid, started in seen.items():
        if pid in now and now[pid][1] == started:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


if __name__ == "__main__":
    watch(int(sys.argv[1]))
