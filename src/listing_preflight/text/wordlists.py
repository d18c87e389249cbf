"""Wordlists: loading, schema validation, user additions and allow-entries, compiled matchers.

A wordlist file is YAML:

    topic: promo                   # folder/topic name
    lang: en
    defaults: {rule: TTL008, fields: [title], severity: error, match: word}
    entries:
      - term: free shipping        # canonical text (also the message's name for the hit)
        match: phrase              # word | phrase | regex | fuzzy
        variants: [free delivery]  # more literal forms of the same entry
        pattern: null              # the regex, for match: regex
        fields: [title]            # title | description | category
        severity: error            # or {title: error, description: warning}
        allow: ['free shipping label']   # regex contexts (matching the allowed span) that make it OK
        require: []                # regex: the entry counts only when one of these is in the field
        label: promotional wording
        rationale: "..."           # one line, why
        source: [J1, A4]           # keys of shared/reference/marketplace-policy.md §11, or 'own'

Entries are matched on the search form of the text (see normalise.py), whole words only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..model import ConfigError
from .normalise import search_form_py

MATCH_MODES = ("word", "phrase", "regex", "fuzzy")
FIELDS = ("title", "description", "category")
SEVERITIES = ("error", "warning", "info")
# Rules that read their terms from wordlists (the rest use structural wordlists).
WORDLIST_RULES = ("TTL007", "TTL008", "TRM001", "TRM002", "TRM003", "CMP001")
ENTRY_KEYS = {
    "term", "match", "variants", "pattern", "rule", "fields", "severity", "allow", "require",
    "label", "rationale", "source", "owner", "fix", "leet",
}
FILE_KEYS = {"topic", "lang", "defaults", "entries", "description"}


class WordlistError(ConfigError):
    """A wordlist file does not follow the schema."""


@dataclass(frozen=True, eq=False)  # identity hash: entries are cached, never compared
class Entry:
    """One wordlist entry, validated and normalised."""

    id: str
    term: str
    match: str
    rule: str
    fields: tuple[str, ...]
    severity: Mapping[str, str]
    variants: tuple[str, ...] = ()
    pattern: str | None = None
    allow: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    label: str = ""
    rationale: str = ""
    source: tuple[str, ...] = ()
    owner: str | None = None
    fix: str | None = None
    leet: bool = True
    origin: str = ""
    excluded: tuple[str, ...] = ()  # forms waived by config allow-entries (search form)

    def severity_for(self, field_name: str) -> str:
        """Severity of a hit in `field_name`."""
        return self.severity.get(field_name) or self.severity.get("*") or "error"

    @functools.cached_property
    def regex(self) -> str:
        """The entry's regex over the search form (whole words for literal entries)."""
        if self.match == "regex":
            return f"(?:{self.pattern})"
        forms = {search_form_py(f) for f in (self.term, *self.variants)} - set(self.excluded)
        return "(?:" + "|".join(literal_regex(f) for f in sorted(forms, key=len, reverse=True)) + ")"

    @functools.cached_property
    def forms(self) -> set[str]:
        """The literal forms still matched (search form)."""
        return {search_form_py(f) for f in (self.term, *self.variants)} - set(self.excluded)


def literal_regex(term: str) -> str:
    """Whole-word regex for a literal term: spaces and hyphens are interchangeable."""
    parts = [re.escape(p) for p in re.split(r"[\s\-_]+", term) if p]
    body = r"[\s\-_]*".join(parts) if len(parts) > 1 else parts[0]
    # \b only where the term starts/ends with a word character ('#1' cannot have one before).
    head = r"\b" if re.match(r"\w", term) else ""
    tail = r"\b" if re.search(r"\w$", term) else ""
    return f"{head}{body}{tail}"


def _as_tuple(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise WordlistError(f"{where}: '{key}' must be a string or a list of strings")


def _check_regex(pattern: str, where: str) -> None:
    # Patterns run in polars (Rust regex: no look-around, no back-references) and in Python
    # (vocabulary mapping); they must compile in both.
    if re.search(r"\(\?<?[=!]|\\[1-9]", pattern):
        raise WordlistError(f"{where}: look-around and back-references are not supported: {pattern!r}")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise WordlistError(f"{where}: invalid regex {pattern!r}: {exc}") from None


def parse_entry(raw: Any, defaults: Mapping[str, Any], where: str, index: int) -> Entry:
    """Validate one raw YAML entry (with file defaults) into an Entry."""
    if not isinstance(raw, dict):
        raise WordlistError(f"{where}: entry {index} is not a mapping")
    data = {**defaults, **raw}
    unknown = set(data) - ENTRY_KEYS
    if unknown:
        raise WordlistError(f"{where}: entry {index}: unknown keys {sorted(unknown)}")
    term = data.get("term")
    if not isinstance(term, str) or not term.strip():
        raise WordlistError(f"{where}: entry {index}: 'term' is required")
    at = f"{where}: entry {index} ({term!r})"
    match = data.get("match", "word")
    if match not in MATCH_MODES:
        raise WordlistError(f"{at}: match must be one of {', '.join(MATCH_MODES)}")
    rule = data.get("rule")
    if rule not in WORDLIST_RULES:
        raise WordlistError(f"{at}: rule must be one of {', '.join(WORDLIST_RULES)}")
    fields = _as_tuple(data.get("fields", ["title", "description"]), at, "fields")
    if not fields or any(f not in FIELDS for f in fields):
        raise WordlistError(f"{at}: fields must be among {', '.join(FIELDS)}")
    sev = data.get("severity", "error")
    severity: dict[str, str] = {"*": sev} if isinstance(sev, str) else dict(sev or {})
    if not severity or any(v not in SEVERITIES for v in severity.values()) or any(
        k not in (*FIELDS, "*") for k in severity
    ):
        raise WordlistError(f"{at}: severity must be error|warning|info or a map field -> severity")
    pattern = data.get("pattern")
    if match == "regex":
        if not isinstance(pattern, str) or not pattern:
            raise WordlistError(f"{at}: match: regex needs a 'pattern'")
        _check_regex(pattern, at)
    elif pattern is not None:
        raise WordlistError(f"{at}: 'pattern' is only for match: regex")
    allow = _as_tuple(data.get("allow"), at, "allow")
    require = _as_tuple(data.get("require"), at, "require")
    for p in (*allow, *require):
        _check_regex(p, at)
    rationale = data.get("rationale")
    if not isinstance(rationale, str) or not rationale.strip():
        raise WordlistError(f"{at}: 'rationale' (one line: why) is required")
    source = _as_tuple(data.get("source"), at, "source")
    if not source:
        raise WordlistError(f"{at}: 'source' is required (a policy source key or 'own')")
    leet = data.get("leet", rule in ("TRM001", "TRM002", "TRM003"))
    if not isinstance(leet, bool):
        raise WordlistError(f"{at}: 'leet' must be true or false")
    return Entry(
        id=f"{where}#{index}", term=term.strip(), match=match, rule=rule, fields=fields,
        severity=severity, variants=_as_tuple(data.get("variants"), at, "variants"),
        pattern=pattern, allow=allow, require=require, label=str(data.get("label") or ""),
        rationale=rationale.strip(), source=source, owner=data.get("owner"),
        fix=data.get("fix"), leet=leet, origin=where,
    )


# libyaml's parser (in PyYAML's wheels) reads the shipped wordlists ~8x faster than the
# pure-Python one (0.017 vs 0.141 s, every run); both build the data with SafeConstructor.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    """Plain data of a YAML text (safe tags only)."""
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader (SafeConstructor)


def parse_file(text: str, where: str) -> list[Entry]:
    """Parse and validate one wordlist file's text."""
    try:
        doc = _yaml(text)
    except yaml.YAMLError as exc:
        raise WordlistError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise WordlistError(f"{where}: a wordlist is a mapping with an 'entries' list")
    unknown = set(doc) - FILE_KEYS
    if unknown:
        raise WordlistError(f"{where}: unknown top-level keys {sorted(unknown)}")
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise WordlistError(f"{where}: 'defaults' must be a mapping")
    return [parse_entry(raw, defaults, where, i) for i, raw in enumerate(doc["entries"], 1)]


def wordlists_root() -> Path:
    """The shipped wordlists folder (inside the wheel, or the repo's top level when editable)."""
    try:
        packaged = resources.files("listing_preflight") / "wordlists"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        pass
    return Path(__file__).resolve().parents[3] / "wordlists"


def builtin_files(kind: str = "terms") -> list[Path]:
    """Shipped term wordlists (every *.yaml outside the structural folders)."""
    root = wordlists_root()
    structural = {"structure"}
    files = sorted(p for p in root.rglob("*.yaml") if p.relative_to(root).parts[0] not in structural)
    return files if kind == "terms" else sorted((root / "structure").glob("*.yaml"))


def load_structure(name: str) -> Any:
    """A structural wordlist (wordlists/structure/<name>.yaml) as plain data."""
    path = wordlists_root() / "structure" / f"{name}.yaml"
    return _yaml(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=16)
def _load_entries(paths: tuple[str, ...]) -> tuple[Entry, ...]:
    root = wordlists_root()
    entries: list[Entry] = []
    for p in builtin_files():
        entries += parse_file(p.read_text(encoding="utf-8"), str(p.relative_to(root)))
    for p in paths:
        path = Path(p)
        if path.is_dir():
            raise WordlistError(f"wordlist {p} is a folder; name the .yaml file(s) in it")
        if not path.is_file():
            raise WordlistError(f"wordlist {p} does not exist")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise WordlistError(f"wordlist {p} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
        except OSError as exc:
            raise WordlistError(f"wordlist {p} cannot be read: {exc.strerror or exc}") from None
        entries += parse_file(text, str(path))
    return tuple(entries)


def apply_allow(entries: Iterable[Entry], allow: Sequence[Mapping[str, Any]]) -> list[Entry]:
    """Apply config allow-entries that name a term: drop it, or add allowed contexts."""
    out = list(entries)
    for item in allow:
        if "term" not in item:
            continue  # per-SKU waivers are the engine's
        term = search_form_py(str(item["term"]))
        rules = item.get("rules") or item.get("rule")
        rules = {rules} if isinstance(rules, str) else set(rules or [])
        contexts = _as_tuple(item.get("context") or item.get("contexts"), "allow", "context")
        for c in contexts:
            _check_regex(c, f"allow entry for {item['term']!r}")
        known = False
        for i, e in enumerate(out):
            if term not in e.forms or (rules and e.rule not in rules):
                continue
            known = True
            if contexts:
                out[i] = replace(e, allow=e.allow + contexts)
            elif e.match == "regex" or len(e.forms) == 1:
                out[i] = replace(e, rule="")  # the whole entry is waived
            else:
                out[i] = replace(e, excluded=e.excluded + (term,))  # only this form
        if not known:
            raise ConfigError(f"allow entry: term {item['term']!r} is in no wordlist")
    return [e for e in out if e.rule]


def load_entries(paths: Sequence[str] = (), allow: Sequence[Mapping[str, Any]] = ()) -> list[Entry]:
    """Built-in plus user wordlists, with the config's allow-entries applied."""
    return apply_allow(_load_entries(tuple(paths)), allow)


def rust_regex(pattern: str) -> str:
    """The polars (Rust) form of a pattern: ASCII word boundaries.

    Unicode \\b makes Rust's lazy DFA give up on non-ASCII text and fall back to a slow
    engine (measured 40x slower on descriptions); our search form is lower-case Latin for
    everything that has a \\b, and Cyrillic/CJK terms are written without one.
    """
    return pattern.replace(r"\b", r"(?-u:\b)")


NEVER = r"[^\s\S]"


@dataclass
class Matcher:
    """Compiled matching data for one field: alternations over the entries, longest first.

    Literal entries and regex entries form two chunks (two passes): one huge alternation
    mixing both thrashes the regex engine's DFA cache (measured 15x slower on titles).
    Within a chunk the leftmost-longest literal wins ('hot sale' before 'hot').
    """

    field: str
    entries: list[Entry]
    regex: str = ""  # the whole alternation (Python syntax), for validation and tests
    chunks: list[tuple[str, list[Entry]]] = field(default_factory=list, repr=False)
    # Per chunk: True when its entries contain non-ASCII letters (run on non-ASCII rows only).
    non_ascii: list[bool] = field(default_factory=list, repr=False)
    _py: list[list[tuple[re.Pattern[str], Entry]]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        ordered = sorted(self.entries, key=lambda e: (-len(e.term), e.id))
        self.entries = ordered
        self.regex = "|".join(e.regex for e in ordered) if ordered else NEVER
        foreign = [e for e in ordered if not e.regex.isascii()]  # CJK / Cyrillic terms
        plain = [e for e in ordered if e.regex.isascii()]
        parts = [[e for e in plain if e.match != "regex"], [e for e in plain if e.match == "regex"], foreign]
        self.chunks = [(rust_regex("|".join(e.regex for e in part)), part) for part in parts if part]
        self.non_ascii = [part is foreign for part in parts if part]
        self._py = [[(re.compile(e.regex), e) for e in part] for _, part in self.chunks]

    def entry_for(self, matched: str, chunk: int = 0) -> Entry | None:
        """The entry of `chunk` a matched string belongs to (first in match order), by full match."""
        for pattern, entry in self._py[chunk]:
            if pattern.fullmatch(matched):
                return entry
        return None


def matchers(entries: Sequence[Entry]) -> dict[str, Matcher]:
    """One Matcher per field for the non-fuzzy part of the entries (fuzzy also match exactly)."""
    return {f: Matcher(f, [e for e in entries if f in e.fields]) for f in FIELDS}
