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
from functools import cache, lru_cache

from . import translator

_FORMATTER = string.Formatter()
# A value list joined by ", " (wordlist hits, repeated words) reads with 、 in Chinese.
_LIST_SEPARATORS = {"zh": "、"}
_MAX_DEPTH = 4
# Templates with fewer literal characters than this are generic (quoting, parentheses).
_GENERIC_LITERAL = 6
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Template:
    """One msgid with placeholders, compiled."""

    msgid: str
    msgstr: str
    regex: re.Pattern[str]
    names: tuple[str, ...]  # placeholder names; '' for automatic `{}` fields
    quoted: tuple[bool, ...]  # placeholder between quotes ('{}'): catalog text, never translated
    lead: str               # literal text before the first placeholder
    rust_pattern: str       # the same, anchored, for polars (Rust regex) over many messages
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
    rust = "(?s)^" + "".join(_rust_escape(text) + ("(.*?)" if name is not None else "")
                             for text, name, _spec, _conv in parts) + "$"
    return Template(msgid, msgstr, re.compile("".join(pattern), re.DOTALL), names, tuple(quoted),
                    lead, rust, literal)


def _rust_escape(text: str) -> str:
    """`text` as a literal in Rust regex syntax (polars)."""
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$#&-~" else ch for ch in text)


def plain_format(template: str) -> str:
    """`template` with format specs and conversions dropped: the values arrive as text."""
    out = []
    for text, name, _spec, _conv in _FORMATTER.parse(template):
        out.append(text.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + name + "}")
    return "".join(out)


def _first_word(text: str) -> str:
    """The text up to its first space (the whole text when it has none)."""
    return text.split(" ", 1)[0]


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
        # Candidates by the first word of the template's leading text (templates that start
        # with a placeholder are candidates for every text), in priority order; a candidate's
        # longest literal piece must occur in the text before its regex runs (one substring
        # test rules most texts out).
        self.anchor = [max(re.split(r"\{[^{}]*\}", t.msgid), key=len) for t in templates]
        # A lead without a space ("'", "MSRP ") may end inside the text's first word: such
        # templates are candidates for every text, like those that start with a placeholder.
        floating = [k for k, t in enumerate(templates) if " " not in t.lead]
        keys = {_first_word(t.lead) for t in templates if " " in t.lead}
        self.by_word = {key: sorted(floating + [k for k, t in enumerate(templates)
                                                if " " in t.lead and _first_word(t.lead) == key])
                        for key in keys}
        self.floating = floating
        self.sep = _LIST_SEPARATORS.get(lang, ", ")
        self.translate = lru_cache(maxsize=200_000)(self._translate)
        # Values of top-level messages repeat (field names, labels, units): translated once.
        self._value = lru_cache(maxsize=200_000)(lambda value: self._text(value, 1))

    def translate_many(self, messages: list[str]) -> dict[str, str]:
        """{message: translation} for many distinct messages, the template scan in polars.

        Same result as `translate` for each message: every template (in priority order) is
        matched over the messages not yet assigned as one vectorised regex pass, then each
        message's values are translated (cached: values repeat) and formatted in Python.
        """
        import polars as pl

        out: dict[str, str] = {}
        pending = []
        for message in messages:
            if message in self.phrases or not _LETTER.search(message):
                out[message] = self.translate(message)
            else:
                pending.append(message)
        left = pl.DataFrame({"m": pending}, schema={"m": pl.String})
        for template in self.templates:
            if left.is_empty():
                break
            if template.lead:
                candidates = left.filter(pl.col("m").str.starts_with(template.lead))
            else:
                candidates = left
            if candidates.is_empty():
                continue
            hit = candidates.filter(pl.col("m").str.contains(template.rust_pattern))
            if hit.is_empty():
                continue
            for message in hit["m"].to_list():
                found = template.regex.fullmatch(message)
                out[message] = self._fill(template, found, 0) if found else message
            left = left.filter(~pl.col("m").is_in(hit["m"].implode()))
        for message in left["m"].to_list():
            out[message] = message
        return out

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
        if depth > 0 and not _LETTER.search(text):
            return text  # a number, size or code: no template has a letterless translation
        start = 0
        while start < len(self.templates):
            first = self._first_match(text, start)
            if first is None:
                return text
            template = self.templates[first]
            found = template.regex.fullmatch(text)
            if found is None:  # cannot happen (same pattern); stay safe
                return text
            filled = self._fill(template, found, depth)
            # Inside a value, a template with little literal text ("'{}' ({})") applies only
            # when it translates something: catalog text like "'Hot' (new)" stays as it is.
            if depth > 0 and template.literal_chars < _GENERIC_LITERAL and filled == self._plain_fill(
                    template, found):
                start = first + 1
                continue
            return filled
        return text

    def _first_match(self, text: str, start: int) -> int | None:
        """Index of the first template (from `start`) that matches all of `text`."""
        for k in self.by_word.get(_first_word(text), self.floating):
            if k < start:
                continue
            template = self.templates[k]
            if (self.anchor[k] in text and text.startswith(template.lead)
                    and template.regex.fullmatch(text)):
                return k
        return None

    def _plain_fill(self, template: Template, found: re.Match[str]) -> str:
        """The template's translation with the captured values left untranslated."""
        return self._format(template, found, [v or "" for v in self._groups(found)])

    @staticmethod
    def _groups(found: re.Match[str]) -> list[str | None]:
        return [v for _, v in sorted(found.groupdict().items(), key=lambda kv: int(kv[0][1:]))]

    def _fill(self, template: Template, found: re.Match[str], depth: int) -> str:
        text = self._value if depth == 0 else (lambda v: self._text(v, depth + 1))
        values = [(v or "") if quoted else text(v or "")
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


@cache
def matcher(lang: str) -> Matcher:
    """The (cached) matcher of `lang`."""
    return Matcher(lang)
