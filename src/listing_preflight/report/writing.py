"""Safe output: refuse inputs as outputs, check writability up front, write atomically.

A regular file is replaced atomically (temporary file in the same folder, then rename), so a
reader never sees half a report and a killed run leaves the old file intact. A FIFO, a device
(/dev/null, /dev/stdout) or a socket is written in place: replacing it would turn the device
into a plain file or leave the FIFO's reader with nothing (issue 14).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..i18n import _t
from ..model import ConfigError

TMP_SUFFIX = ".tmp"


def is_special(path: Path) -> bool:
    """True for an existing FIFO, character/block device or socket (written in place)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def same_file(a: Path, b: Path) -> bool:
    """True when `a` and `b` name the same existing file (hard links and symlinks included)."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(outputs: Iterable[str | None], inputs: Iterable[Path | str | None]) -> None:
    """Refuse (exit 2) an output that is one of the inputs, or one file named twice as output."""
    paths = [Path(p) for p in outputs if p not in (None, "-")]
    sources = [Path(p) for p in inputs if p]
    for i, out in enumerate(paths):
        if is_special(out):
            continue  # /dev/stdout twice, a FIFO: writing in place cannot destroy anything
        for source in sources:
            if source.is_file() and same_file(out, source):
                raise ConfigError(_t("refusing to write the report to {path}: it is an input "
                                     "({source}); name another output file")
                                  .format(path=out, source=source))
        for other in paths[:i]:
            if out == other or same_file(out, other):
                raise ConfigError(_t("two reports would be written to {path}; give each its "
                                     "own --output").format(path=out))


def check_writable(path: Path) -> None:
    """Fail now, before the run, when `path` cannot be written (missing rights, a folder)."""
    if path.is_dir():
        raise ConfigError(_t("cannot write {path}: it is a folder; name a file").format(path=path))
    if is_special(path):
        if not os.access(path, os.W_OK):
            raise ConfigError(_t("cannot write {path}: permission denied").format(path=path))
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(_t("cannot write {path}: {error}")
                          .format(path=path, error=exc.strerror or exc)) from None
    if path.exists() and not os.access(path, os.W_OK):
        raise ConfigError(_t("cannot write {path}: permission denied").format(path=path))
    # The atomic write creates a temporary file next to the target: try exactly that.
    try:
        fd, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(_t("cannot write {path}: {error}")
                          .format(path=path, error=exc.strerror or exc)) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path`: in place for a FIFO or device, else atomically; errors are exit 2."""
    try:
        if is_special(path):
            with open(path, "wb") as fh:  # no O_TRUNC games: a device or pipe takes the bytes
                fh.write(data)
        else:
            _write_atomic(path, data)
    except BrokenPipeError:
        raise  # a FIFO or /dev/stdout whose reader went away: the CLI stops quietly (status 141)
    except OSError as exc:
        raise ConfigError(_t("cannot write {path}: {error}")
                          .format(path=path, error=exc.strerror or exc)) from None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    # mkstemp creates the file private (0600); a report gets the mode an ordinary new file
    # would have (or keeps the mode of the file it replaces).
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    tmp: str | None = None
    with _terminate_as_exception():
        try:
            # Our pid in the name: a later run can tell a leftover of a killed run from a live
            # write. Signals wait while the file is created and its name is not yet known.
            with _signals_held():
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                           suffix=TMP_SUFFIX)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM/SIGHUP (delivered on exit) where a signal would leak a file."""
    signals = {signal.SIGTERM, signal.SIGHUP}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask (Windows)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporaries of `path` left by a run that was killed (SIGKILL) mid-write."""
    prefix = f".{path.name}."
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TMP_SUFFIX)):
            continue
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                entry.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While writing, SIGTERM/SIGHUP raise SystemExit, so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
