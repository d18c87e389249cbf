"""One place that turns every error into a one-line message and an exit status."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from ..i18n import LANGUAGES, _t, translate_message
from ..model import PreflightError


def _fail(message: str, status: int, lang: str = "en") -> None:
    # The message is English (built from `_t` templates); --lang zh shows it in Chinese,
    # line by line (a missing-column error carries the config lines to add).
    message = "\n".join(translate_message(line, None, lang) for line in message.split("\n"))
    try:
        click.echo(f"preflight: error: {message}", err=True)
    except OSError:
        pass  # stderr itself is gone (closed, full disk): the status still says it
    sys.exit(status)


def _one_line(exc: BaseException) -> str:
    """The error text on one line (a native panic message can span many), bounded in length."""
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def _os_error(exc: OSError) -> str:
    """A message for an operating-system error that escaped the command (disk full, ...)."""
    if exc.errno == errno.ENOSPC:
        return _t("no space left on the device while writing; free some space and rerun")
    where = f" ({exc.filename})" if exc.filename else ""
    return _t("{error}{where}").format(error=exc.strerror or _one_line(exc), where=where)


def _panic_type() -> type[BaseException]:
    """pyo3's PanicException (a BaseException): what a native panic in polars raises."""
    try:
        import polars as pl

        return pl.exceptions.PanicException
    except (ImportError, AttributeError):  # pragma: no cover - polars is a dependency
        return Exception


# The status of a command whose reader went away (`preflight check | head -1`): what a shell
# reports for a process ended by SIGPIPE (128 + 13), as `git log | head` or `yes | head` give,
# so `set -o pipefail` scripts see the usual code. Never 1: that means "findings".
BROKEN_PIPE = 141


def _reader_gone() -> None:
    """Stop quietly with BROKEN_PIPE: no message (the reader left on purpose), no traceback."""
    try:
        # Python flushes stdout again at exit; pointing it at /dev/null keeps that quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(BROKEN_PIPE)


def _flush_stdout() -> None:
    """Flush stdout now, so a reader that went away is seen here rather than at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()
    except (OSError, ValueError):
        pass  # stdout closed or on a full disk: what was lost is not the report's status


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into a one-line message and an exit status; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") if kwargs.get("lang") in LANGUAGES else "en"
        try:
            try:
                result = func(*args, **kwargs)
            except (click.exceptions.Exit, SystemExit):
                _flush_stdout()  # the status stands only if the report reached the reader
                raise
            _flush_stdout()
            return result
        except PreflightError as exc:
            _fail(str(exc), exc.exit_status, lang)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            _reader_gone()
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except MemoryError:
            _fail("out of memory; check fewer rows at a time or use fewer --jobs", 2)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _reader_gone()
            if os.environ.get("PREFLIGHT_DEBUG"):
                raise
            _fail(_os_error(exc), 2, lang)
        except (Exception, _panic_type()) as exc:  # last resort: a bug, or a native panic
            if os.environ.get("PREFLIGHT_DEBUG"):
                raise
            _fail(_t("internal error ({kind}: {error}); rerun with PREFLIGHT_DEBUG=1 and report "
                     "it").format(kind=type(exc).__name__, error=_one_line(exc)), 2, lang)

    return wrapper
