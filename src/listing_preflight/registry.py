"""Rule registration (decorators) and rule selection by code, prefix, name, group or ALL."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable

from .model import CODE_RE, NAME_RE, ConfigError, Rule, RuleFunc, Scope, Severity

# Rule families by code prefix (DESIGN §6); the group is how users select a family by word.
GROUPS: dict[str, str] = {
    "TTL": "title",
    "DSC": "description",
    "TRM": "terms",
    "CMP": "compliance",
    "IMG": "image",
    "SIM": "similarity",
    "PRC": "price",
    "CAT": "catalog",
}

REGISTRY: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if not CODE_RE.match(rule.code):
        raise ValueError(f"rule code {rule.code!r} is not PREFIX + 3 digits")
    if not NAME_RE.match(rule.name):
        raise ValueError(f"rule name {rule.name!r} is not kebab-case")
    if rule.code[:3] not in GROUPS:
        raise ValueError(f"rule code {rule.code!r} has an unknown family prefix")
    if rule.code in REGISTRY and REGISTRY[rule.code].func is not rule.func:
        raise ValueError(f"duplicate rule code {rule.code}")
    if rule.name in _BY_NAME and _BY_NAME[rule.name].code != rule.code:
        raise ValueError(f"duplicate rule name {rule.name}")
    if not (rule.func.__doc__ or "").strip():
        raise ValueError(f"rule {rule.code} has no docstring (its user documentation)")
    if rule.options is not None and not dataclasses.is_dataclass(rule.options):
        raise ValueError(f"rule {rule.code} options must be a dataclass")
    REGISTRY[rule.code] = rule
    _BY_NAME[rule.name] = rule
    return rule


def _decorator(kind: str) -> Callable[..., Callable[[RuleFunc], RuleFunc]]:
    def factory(
        code: str,
        name: str,
        severity: Severity,
        *,
        scope: Scope = "product",
        requires: Iterable[str] = (),
        options: type | None = None,
        review_only: bool = False,
        reject_rate: float | None = None,
    ) -> Callable[[RuleFunc], RuleFunc]:
        def wrap(func: RuleFunc) -> RuleFunc:
            _register(
                Rule(
                    code=code,
                    name=name,
                    group=GROUPS.get(code[:3], ""),
                    severity=severity,
                    kind=kind,  # type: ignore[arg-type]
                    scope=scope,
                    func=func,
                    requires=tuple(requires),
                    options=options,
                    review_only=review_only,
                    reject_rate=reject_rate,
                )
            )
            return func

        return wrap

    return factory


@dataclasses.dataclass(frozen=True, slots=True)
class Deriver:
    """Columns computed once per table before the rules run (shared by several rules)."""

    name: str
    scope: Scope
    provides: tuple[str, ...]
    func: Callable[..., object]  # (table: pl.DataFrame, ctx: RunContext) -> pl.DataFrame


DERIVERS: dict[str, Deriver] = {}


def derived_columns(name: str, *, scope: Scope = "product",
                    provides: Iterable[str]) -> Callable[[RuleFunc], RuleFunc]:
    """Register `func(table, ctx) -> table` adding the `provides` columns to the `scope` table.

    The engine calls it once per run, before the rules, when an active rule lists one of
    the provided columns in its `requires` (non-canonical names there are not input columns).
    """
    def wrap(func: RuleFunc) -> RuleFunc:
        DERIVERS[name] = Deriver(name=name, scope=scope, provides=tuple(provides), func=func)
        return func

    return wrap


#: Declare a row rule: `func(opts)` or `func(opts, ctx)` -> Check, evaluated over the table of its `scope`.
row_rule = _decorator("row")
#: Declare a frame rule: `func(ctx, opts) -> LazyFrame` of findings-shaped rows.
frame_rule = _decorator("frame")


def all_rules() -> dict[str, Rule]:
    """Every registered rule, built-ins loaded, sorted by code."""
    from . import rules  # noqa: F401  (importing registers the built-in rules)

    return dict(sorted(REGISTRY.items()))


def lookup(ref: str) -> Rule:
    """Find one rule by code or name, with a suggestion when unknown."""
    rules = all_rules()
    key = ref.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    if key.lower() in _BY_NAME:
        return _BY_NAME[key.lower()]
    close = difflib.get_close_matches(key, [*rules, *_BY_NAME], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ConfigError(f"unknown rule {ref!r}{hint}")


def _specificity(selector: str, rule: Rule) -> int:
    """How specifically `selector` names `rule`: 0 = no match; higher wins."""
    sel = selector.strip()
    if not sel:
        return 0
    if sel.upper() == "ALL":
        return 1
    if sel.lower() == rule.group:
        return 2
    if sel.upper() == rule.code or sel.lower() == rule.name:
        return 100
    if rule.code.startswith(sel.upper()) and sel[:1].isalpha() and sel.isalnum():
        return 10 + len(sel)
    return 0


def _check_selectors(selectors: Iterable[str], rules: dict[str, Rule]) -> None:
    for sel in selectors:
        if not any(_specificity(sel, r) for r in rules.values()):
            choices = ["ALL", *rules, *GROUPS.values(), *(r.name for r in rules.values())]
            close = difflib.get_close_matches(sel, choices, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ConfigError(f"selector {sel!r} matches no rule{hint}")


def split_selectors(values: Iterable[str] | str | None) -> list[str]:
    """Flatten repeated and comma-separated selector values."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [part.strip() for v in values for part in str(v).split(",") if part.strip()]


def resolve(
    select: Iterable[str],
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> dict[str, bool]:
    """Return {code: explicit} for the enabled rules.

    `select` replaces the default set, `extend_select` adds to it, `ignore` removes; when a
    rule matches both sides, the more specific selector wins (exact code or name > longer
    prefix > group > ALL); on a tie, ignore wins. `explicit` is True when the rule was enabled
    by its exact code or name.
    """
    rules = all_rules()
    select, extend_select, ignore = list(select), list(extend_select), list(ignore)
    _check_selectors([*select, *extend_select, *ignore], rules)
    enabled: dict[str, bool] = {}
    for code, rule in rules.items():
        on = max((_specificity(s, rule) for s in [*select, *extend_select]), default=0)
        off = max((_specificity(s, rule) for s in ignore), default=0)
        if on > off:
            enabled[code] = on >= 100
    return enabled
