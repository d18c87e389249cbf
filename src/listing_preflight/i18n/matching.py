"""Translate a finished English message by matching it against the marked templates.

Rules build messages as polars expressions from `_t` templates, so a finding carries only
its English text. Each catalog msgid with placeholders (`{}`, `{name}`, `{0}`, `{x:.1f}`)
becomes an anchored regex whose placeholders capture the values; the Chinese msgstr is then
formatted with those values, each value translated in turn (a value may itself be a marked
phrase such as 'in capitals', a field name, a wordlist label or a list of such pieces).
Values that match nothing (titles, SKUs, numbers, paths) stay exactly as they were.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from . import translator

_FORMATTER = string.Formatter()
# A value list joined by ", " (wordlist hits, repeated words) reads with 、 in Chinese.
_LIST_SEPARATORS = {"zh": "、"}
_MAX_DEPTH = 4
# Templates with fewer literal characters than this are generic (quoting, parentheses).
_GENERIC_LITERAL = 6


@dataclass(frozen=True)
class Template:
    """One msgid with placeholders, compiled."""

    msgid: str
    msgstr: str
    regex: re.Pattern[str]
    names: tuple[str, ...]  # placeholder names; '' for automatic `{}` fields
    quoted: tuple[bool, ...]  # placeholder between quotes ('{}'): catalog text, never translated
    lead: str               # literal text before the first placeholder
    literal_chars: int      # how specific the template is (more literal text = more specific)


def compile_template(msgid: str, msgstr: str) -> Template | None:
    """The matcher of a msgid with placeholders, or None for a plain phrase or bad format."""
    try:
        parts = list(_FORMATTER.parse(msgid))
    except ValueError:
        return None
    names = tuple(name for _, name, _, _ in parts if name is not None)
    if not names:
        return None
    pattern, literal = [], 0
    for i, (text, name, _spec, _conv) in enumerate(parts):
        pattern.append(re.escape(text))
        literal += len(text)
        if name is not None:
            # Named placeholders may repeat ('{} {}' with the same value): later uses of a
            # name match anything; the first capture is the value.
            pattern.append(f"(?P<g{i}>.*?)")
    if literal == 0:
        return None
    lead = parts[0][0]
    quoted = []
    for i, (_text, name, _spec, _conv) in enumerate(parts):
        if name is None:
            continue
        after = parts[i + 1][0] if i + 1 < len(parts) else ""
        quoted.append(bool(_text) and _text[-1] in "'\"" and after[:1] == _text[-1])
    try:
        msgstr = plain_format(msgstr)
    except ValueError:
        return None
    return Template(msgid, msgstr, re.compile("".join(pattern), re.DOTALL), names, tuple(quoted),
                    lead, literal)


def plain_format(template: str) -> str:
    """`template` with format specs and conversions dropped: the values arrive as text."""
    out = []
    for text, name, _spec, _conv in _FORMATTER.parse(template):
        out.append(text.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + name + "}")
    return "".join(out)


class Matcher:
    """Translates English messages of one language through its catalog."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        trans = translator(lang)
        catalog: dict[str, str] = dict(getattr(trans, "_catalog", {}) or {})
        self.phrases = {k: v for k, v in catalog.items() if isinstance(k, str) and k and v}
        templates = [t for k, v in self.phrases.items() if (t := compile_template(k, v))]
        # Most specific first, so that "'{}' ({})" never shadows a longer template.
        templates.sort(key=lambda t: (-t.literal_chars, t.msgid))
        self.templates = templates
        self.sep = _LIST_SEPARATORS.get(lang, ", ")
        self.translate = lru_cache(maxsize=200_000)(self._translate)

    def _translate(self, message: str) -> str:
        return self._text(message, 0)

    def _text(self, text: str, depth: int) -> str:
        if text in self.phrases:
            return self.phrases[text]
        if depth > _MAX_DEPTH or not text.strip():
            return text
        stripped = text.strip()
        if stripped != text and stripped in self.phrases:
            return text.replace(stripped, self.phrases[stripped])
        if depth > 0 and ", " in text:
            # A value may be a list of phrases ('28 in = 71.1 cm, 40 in = 101.6 cm'): each
            # piece on its own, when every piece translates.
            parts = text.split(", ")
            done = [self._text(p, depth + 1) for p in parts]
            if all(d != p for d, p in zip(done, parts)):
                return self.sep.join(done)
        for template in self.templates:
            if not text.startswith(template.lead):
                continue
            found = template.regex.fullmatch(text)
            if found is None:
                continue
            filled = self._fill(template, found, depth)
            # Inside a value, a template with little literal text ("'{}' ({})") applies only
            # when it translates something: catalog text like "'Hot' (new)" stays as it is.
            if depth > 0 and template.literal_chars < _GENERIC_LITERAL and filled == self._plain_fill(
                    template, found):
                continue
            return filled
        return text

    def _plain_fill(self, template: Template, found: re.Match[str]) -> str:
        """The template's translation with the captured values left untranslated."""
        return self._format(template, found, [v or "" for v in self._groups(found)])

    @staticmethod
    def _groups(found: re.Match[str]) -> list[str | None]:
        return [v for _, v in sorted(found.groupdict().items(), key=lambda kv: int(kv[0][1:]))]

    def _fill(self, template: Template, found: re.Match[str], depth: int) -> str:
        values = [(v or "") if quoted else self._text(v or "", depth + 1)
                  for v, quoted in zip(self._groups(found), template.quoted)]
        return self._format(template, found, values)

    @staticmethod
    def _format(template: Template, found: re.Match[str], values: list[str]) -> str:
        try:
            if all(n == "" for n in template.names):
                return template.msgstr.format(*values)
            named: dict[str, str] = {}
            positional: list[str] = []
            for name, value in zip(template.names, values):
                if name == "":
                    positional.append(value)
                elif name.isdigit():
                    while len(positional) <= int(name):
                        positional.append("")
                    positional[int(name)] = value
                else:
                    named.setdefault(name.split(".")[0].split("[")[0], value)
            return template.msgstr.format(*positional, **named)
        except (IndexError, KeyError, ValueError):
            # A broken translation must not lose the finding: keep the English text.
            return found.string


@lru_cache(maxsize=None)
def matcher(lang: str) -> Matcher:
    """The (cached) matcher of `lang`."""
    return Matcher(lang)
