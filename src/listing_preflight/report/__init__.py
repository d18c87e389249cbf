"""Reporters: one module per format, each with `render(report, out, options)`."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..model import ConfigError
from ..results import Report
from .writing import check_writable, refuse_inputs, write_bytes  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class RenderOptions:
    """Presentation settings shared by reporters."""

    color: bool = False
    lang: str = "en"
    quiet: bool = False
    # Lowest severity that fails the gate: JUnit marks only those findings as failures.
    fail_on: str = "error"
    # GitHub shows few annotations per step: the worst ones first, this many at most.
    max_annotations: int = 50


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
    check_writable(Path(path))


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
    """Write bytes atomically (a FIFO or device in place); an OSError becomes exit 2."""
    write_bytes(path, data)
