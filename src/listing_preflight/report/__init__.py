"""Reporters: one module per format, each with `render(report, out, options)`."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..engine import Report
from ..model import ConfigError


@dataclass(frozen=True)
class RenderOptions:
    """Presentation settings shared by reporters."""

    color: bool = False
    lang: str = "en"
    quiet: bool = False


Renderer = Callable[[Report, TextIO, RenderOptions], None]


def _reporters() -> dict[str, Renderer]:
    from . import csv_report, json_report, text

    return {"text": text.render, "json": json_report.render, "csv": csv_report.render}


def formats() -> list[str]:
    """Names of the available output formats."""
    return list(_reporters())


def render(report: Report, fmt: str, path: str | None, options: RenderOptions) -> None:
    """Render `report` as `fmt` to `path` (atomically) or to stdout when path is None or '-'."""
    reporters = _reporters()
    if fmt not in reporters:
        raise ConfigError(f"unknown format {fmt!r}; choose from {', '.join(reporters)}")
    if path in (None, "-"):
        reporters[fmt](report, sys.stdout, options)
        sys.stdout.flush()
        return
    buffer = io.StringIO()
    reporters[fmt](report, buffer, options)
    write_atomic(Path(path), buffer.getvalue())


def write_atomic(path: Path, text: str) -> None:
    """Write a file via a temporary file and rename, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
