"""Reporters: one module per format, each with `render(report, out, options)`."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..results import Report
from ..model import ConfigError


@dataclass(frozen=True)
class RenderOptions:
    """Presentation settings shared by reporters."""

    color: bool = False
    lang: str = "en"
    quiet: bool = False


Renderer = Callable[[Report, TextIO, RenderOptions], None]


def _reporters() -> dict[str, Renderer]:
    from . import csv_report, github, html_report, json_report, junit, sarif, text, xlsx_report

    return {"text": text.render, "json": json_report.render, "csv": csv_report.render,
            "junit": junit.render, "sarif": sarif.render, "github": github.render,
            "html": html_report.render, "xlsx": xlsx_report.render}


# Formats whose renderer writes bytes to a binary stream: they need a file, never stdout.
BINARY_FORMATS = frozenset({"xlsx"})


def check_target(fmt: str, path: str | None) -> None:
    """Refuse an output that cannot be written up front, before any work is done."""
    if path in (None, "-"):
        if fmt in BINARY_FORMATS:
            raise ConfigError(
                f"--format {fmt} writes a binary file and cannot go to stdout; name a file, "
                f"e.g. --format {fmt} --output report.{fmt} (or --report {fmt}:report.{fmt})"
            )
        return
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"cannot write {path}: it is a folder; name a file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None


def formats() -> list[str]:
    """Names of the available output formats."""
    return list(_reporters())


def render(report: Report, fmt: str, path: str | None, options: RenderOptions) -> None:
    """Render `report` as `fmt` to `path` (atomically) or to stdout when path is None or '-'."""
    reporters = _reporters()
    if fmt not in reporters:
        raise ConfigError(f"unknown format {fmt!r}; choose from {', '.join(reporters)}")
    check_target(fmt, path)
    if options.lang != "en" and fmt != "json":  # JSON is the machine contract: English
        from ..i18n.localise import localise_report

        report = localise_report(report, options.lang)
    if fmt in BINARY_FORMATS:
        data = io.BytesIO()
        reporters[fmt](report, data, options)  # type: ignore[arg-type]
        write_atomic_bytes(Path(path), data.getvalue())  # type: ignore[arg-type]
        return
    if path in (None, "-"):
        reporters[fmt](report, sys.stdout, options)
        sys.stdout.flush()
        return
    buffer = io.StringIO()
    reporters[fmt](report, buffer, options)
    write_atomic(Path(path), buffer.getvalue())


def write_json(path: Path, document: Any) -> None:
    """Write a JSON document (UTF-8, indented, newline at the end) atomically."""
    write_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write a file via a temporary file and rename, so a reader never sees half a report."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write bytes via a temporary file in the same folder and an atomic rename."""
    try:
        _write_atomic_bytes(path, data)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file private (0600); a report gets the mode an ordinary new file
    # would have (or keeps the mode of the file it replaces).
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
