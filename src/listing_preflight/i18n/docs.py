"""Rule documentation (docstrings) as translatable paragraphs.

A rule's docstring is its user documentation (`preflight explain`). It is translated one
paragraph at a time, so that editing one paragraph invalidates only that translation. The
`Example:` paragraph holds catalog values and rule codes: only its heading is translated.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

from . import _t

EXAMPLE_HEADING = "Example:"
HEADINGS = {"Example:": _t("Example:"), "Why:": _t("Why:")}


def paragraphs(doc: str) -> list[str]:
    """The paragraphs of a (cleaned) docstring, split at blank lines."""
    blocks, current = [], []
    for line in inspect.cleandoc(doc).splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def translatable(doc: str) -> Iterator[str]:
    """The msgids of a docstring: each paragraph except the body of the example."""
    for block in paragraphs(doc):
        if block.startswith(EXAMPLE_HEADING):
            continue
        yield block


def translate_paragraphs(doc: str, gettext: Callable[[str], str]) -> str:
    """`doc` with every translatable paragraph and the example heading through `gettext`."""
    out = []
    for block in paragraphs(doc):
        if block.startswith(EXAMPLE_HEADING):
            out.append(gettext(EXAMPLE_HEADING) + block[len(EXAMPLE_HEADING):])
        else:
            out.append(gettext(block))
    return "\n\n".join(out)


def summary(doc: str, gettext: Callable[[str], str]) -> str:
    """The translated first line of a docstring (the rule's summary)."""
    blocks = paragraphs(doc)
    if not blocks:
        return ""
    return gettext(blocks[0]).splitlines()[0]
