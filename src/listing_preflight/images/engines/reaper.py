"""Watchdog of a `preflight` that started a local Ray: when preflight dies, its helpers die too.

Run as a script (stdlib only, no package import): `python -I -S reaper.py PARENT_PID`. While
the parent lives it notes, twice a second, every process descended from it (pid + start time);
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

POLL_SECONDS = 0.5


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


def descendants(parent: int, me: int, table: dict[int, tuple[int, str]] | None = None) -> dict[int, str]:
    """pid -> start time of every live descendant of `parent`, this watchdog excluded."""
    table = _table() if table is None else table
    found: dict[int, str] = {}
    todo = [parent]
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        for child in children.get(todo.pop(), []):
            if child != me and child not in found:
                found[child] = table[child][1]
                todo.append(child)
    return found


def _raylet_of(pid: int) -> int | None:
    """The raylet a Ray worker or agent belongs to (RAY_RAYLET_PID in its environment)."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            for entry in fh.read().split(b"\0"):
                if entry.startswith(b"RAY_RAYLET_PID="):
                    return int(entry[15:])
    except (OSError, ValueError):
        pass
    return None


def sweep(seen: dict[int, str], me: int, killed: set[int]) -> int:
    """SIGKILL the noted processes still running and what they started; returns how many new."""
    now = _table()
    victims = {pid: started for pid, started in seen.items()
               if pid in now and now[pid][1] == started}
    # Started since the last look, or re-parented when their parent died first: the children
    # of the noted processes, and Ray's workers and agents of a noted raylet (they rename
    # themselves "ray::IDLE", but keep the raylet's pid in their environment).
    for pid in list(victims):
        victims.update(descendants(pid, me, now))
    victims.update({pid: started for pid, (_, started) in now.items()
                    if pid not in victims and pid != me and _raylet_of(pid) in seen})
    fresh = [pid for pid in victims if pid not in killed]
    for pid in fresh:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    seen.update(victims)
    killed.update(fresh)
    return len(fresh)


def watch(parent: int) -> None:
    """Note the parent's descendants until it is gone, then kill those still running."""
    me, seen = os.getpid(), {}
    while os.getppid() == parent:
        seen.update(descendants(parent, me))
        time.sleep(POLL_SECONDS)
    # Again until nothing is left: a raylet may start a worker while it is being killed.
    killed: set[int] = set()
    for _ in range(10):
        if not sweep(seen, me, killed):
            break
        time.sleep(0.2)


if __name__ == "__main__":
    watch(int(sys.argv[1]))
