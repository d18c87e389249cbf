"""Which report format a file name asks for, and whether the terminal gets colour."""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import TextIO

# Extensions (longest first where they overlap) and the format each one means.
EXTENSIONS = {
    ".sarif.json": "sarif", ".sarif": "sarif", ".json": "json", ".csv": "csv", ".xml": "junit",
    ".junit": "junit", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".txt": "text",
    ".text": "text", ".log": "text", ".github": "github",
}


def format_for_path(path: str | None) -> str:
    """The format named by `path`'s extension; text for stdout or an unknown extension."""
    if path in (None, "-"):
        return "text"
    name = PurePath(path).name.lower()  # type: ignore[arg-type]
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt
    return "text"


def use_color(choice: str, stream: TextIO) -> bool:
    """Whether to colour text on `stream`: --color always|never win, else the environment.

    `auto` follows the conventions: FORCE_COLOR (set, not "0") turns colour on even in CI
    logs, which are not terminals; NO_COLOR (set, non-empty) turns it off; else colour only
    on a terminal.
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force not in ("0", "false"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
