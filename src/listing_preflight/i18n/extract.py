"""Babel extractors for text that is not a `_t(...)` call: rule docstrings and YAML wordlists.

Registered in `babel.cfg` as `listing_preflight.i18n.extract.python` and `....wordlists`
(Babel calls them with a binary file object and yields (lineno, funcname, message, comments)).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any, BinaryIO

from .docs import translatable

# Decorators that declare a rule: their function's docstring is the rule's documentation.
RULE_DECORATORS = {"row_rule", "frame_rule"}
# YAML keys whose values are shown to the user inside finding messages.
YAML_TEXT_KEYS = {"label", "fix", "name", "message"}
# YAML values that name a product group or a dangerous-goods kind, shown with '_' as a space.
YAML_GROUP_KEYS = {"group", "kind"}
# YAML mappings whose keys are product groups (params.yaml `core`).
YAML_GROUP_SECTIONS = {"core"}

Extracted = Iterator[tuple[int, str | None, str, list[str]]]


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def rule_docs(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """The translatable paragraphs of every rule function's docstring in a Python file."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        codes = [d.args[0].value for d in node.decorator_list
                 if _decorator_name(d) in RULE_DECORATORS and isinstance(d, ast.Call) and d.args
                 and isinstance(d.args[0], ast.Constant)]
        doc = ast.get_docstring(node, clean=True)
        if not codes or not doc:
            continue
        for block in translatable(doc):
            yield node.lineno, None, block, [f"rule {codes[0]} documentation"]


def _walk_yaml(data: Any, section: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if section in YAML_GROUP_SECTIONS and isinstance(key, str):
                yield key.replace("_", " ")
            if key in YAML_GROUP_KEYS and isinstance(value, str):
                yield value.replace("_", " ")
            elif key in YAML_TEXT_KEYS and isinstance(value, str) and value.strip():
                yield value
            else:
                yield from _walk_yaml(value, str(key))
    elif isinstance(data, list):
        for item in data:
            yield from _walk_yaml(item, "")


def wordlists(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """Labels, fixes, names and messages of a YAML wordlist (shown inside finding messages)."""
    import yaml

    text = fileobj.read().decode("utf-8")
    data = yaml.safe_load(text)
    seen: set[str] = set()
    for value in _walk_yaml(data):
        if value in seen:
            continue
        seen.add(value)
        lineno = next((i for i, line in enumerate(text.splitlines(), 1) if value in line), 0)
        yield lineno, None, value, ["wordlist text"]


# Decorators that declare a click command: their docstring is the command's --help text.
COMMAND_DECORATORS = {"command", "group"}


def click_help(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """`help=` texts of click options and the docstrings of click commands (their --help)."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _decorator_name(node) == "option":
            for kw in node.keywords:
                if kw.arg == "help" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    yield node.lineno, None, kw.value.value, ["command line help"]
        elif isinstance(node, ast.FunctionDef) and any(
                _decorator_name(d) in COMMAND_DECORATORS for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, None, doc, ["command line help"]


def python(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """Babel's Python extraction (the `_t`/`_`/`gettext` calls), rule docstrings, click help.

    One extractor per file is all Babel runs (the first matching pattern), so the rule
    documentation is collected here rather than by a second pattern.
    """
    from babel.messages.extract import extract_python

    source = fileobj.read()
    import io

    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    yield from rule_docs(io.BytesIO(source), keywords, comment_tags, options)
    yield from click_help(io.BytesIO(source), keywords, comment_tags, options)
