"""One place that turns every error into a one-line message and an exit status."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from ..model import PreflightError


def _fail(message: str, status: int) -> None:
    click.echo(f"preflight: error: {message}", err=True)
    sys.exit(status)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into a one-line message and an exit status; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PreflightError as exc:
            _fail(str(exc), exc.exit_status)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # The reader of our output went away (`preflight check | head`): stop quietly,
            # and keep Python from complaining again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except MemoryError:
            _fail("out of memory; check fewer rows at a time or use fewer --jobs", 2)
        except Exception as exc:  # last resort: a bug must still not show a traceback
            if os.environ.get("PREFLIGHT_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with PREFLIGHT_DEBUG=1 "
                  "and report it", 2)

    return wrapper
