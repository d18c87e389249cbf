"""Configuration: profile defaults, then pyproject/preflight.toml, then --config, then flags."""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
import types
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .i18n import _t
from .model import ConfigError, RuleSettings, Severity
from .registry import all_rules, lookup, resolve, split_selectors

FAIL_ON = ("error", "warning", "info", "never")

# Top-level keys accepted in a config file (kebab-case, as in TOML).
KNOWN_KEYS = {
    "profile", "select", "extend-select", "ignore", "fail-on", "images", "columns", "rules",
    "wordlists", "allow", "market-prices", "reference", "jobs", "cache-dir", "no-cache", "lang",
    "sheet", "rates", "baseline", "allow-outside-images", "calibration", "currency",
    "engine", "engine-address", "fetch",
}


@dataclass
class Config:
    """Effective settings of one run."""

    profile: str = "joom"
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    images: str | None = None
    columns: dict[str, str | list[str]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> raw table
    wordlists: list[str] = field(default_factory=list)
    allow: list[dict[str, Any]] = field(default_factory=list)
    market_prices: str | None = None
    reference: str | None = None
    jobs: int | None = None
    cache_dir: str | None = None
    no_cache: bool = False
    lang: str = "en"
    sheet: str | None = None
    rates: dict[str, float] = field(default_factory=dict)
    currency: str = "USD"
    baseline: str | None = None
    allow_outside_images: bool = False
    calibration: str | None = None
    engine: str = "local"  # where the image pass runs: local | ray | dask (images/engines)
    engine_address: str | None = None  # a running ray/dask cluster (None: env, else start one)
    fetch: bool = True  # fetch image URLs (false / --no-fetch: leave them unfetched, say so)
    # Where each setting came from, for error messages.
    origin: str = "defaults"

    def rule_settings(self) -> dict[str, RuleSettings]:
        """Enabled rules with their effective severity and options instance."""
        enabled = resolve(self.select, self.extend_select, self.ignore)
        if not enabled:
            # A gate that checks nothing would pass every catalog (issue 14: `--select ''`).
            raise ConfigError(_t("no rule is selected (select {select}, ignore {ignore}); name "
                                 "at least one rule, prefix, group or ALL")
                              .format(select=self.select or "[]", ignore=self.ignore or "[]"))
        rules = all_rules()
        out: dict[str, RuleSettings] = {}
        for code, explicit in enabled.items():
            rule = rules[code]
            table = self.rules.get(code, {})
            if "severity" in table and not isinstance(table["severity"], str):
                raise ConfigError(_t("[rules.{name}] severity = {value!r}: expected one of "
                                     "\"error\", \"warning\", \"info\"")
                                  .format(name=rule.name, value=table["severity"]))
            severity = Severity.parse(table["severity"]) if "severity" in table else rule.severity
            options = build_options(rule.options, {k: v for k, v in table.items() if k != "severity"},
                                    f"[rules.{rule.name}]")
            out[code] = RuleSettings(severity=severity, options=options, explicit=explicit)
        return out


def build_options(options_type: type | None, table: dict[str, Any], where: str) -> Any:
    """Instantiate a rule's options dataclass from kebab-case keys, strictly validated."""
    if options_type is None:
        if table:
            raise ConfigError(f"{where}: this rule has no options (got {', '.join(table)})")
        return None
    fields = {f.name: f for f in dataclasses.fields(options_type)}
    hints = typing.get_type_hints(options_type)
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in fields:
            close = difflib.get_close_matches(key, [f.replace("_", "-") for f in fields], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}: unknown option {key!r}{hint}")
        values[name] = _coerce(value, hints[name], f"{where} {key}")
    return options_type(**values)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _coerce(value, args[0], where)
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)):
            value = [value]
        return tuple(value) if origin is tuple else list(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {value!r}")
        return dict(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return _non_negative(float(value), where)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        return _non_negative(value, where)
    if hint is str and not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


def _non_negative(value: float, where: str) -> Any:
    """Rule options are limits, counts and percentages: finite and not negative."""
    if not math.isfinite(value) or value < 0:
        raise ConfigError(_t("{where}: expected a number of at least 0, got {value!r}")
                          .format(where=where, value=value))
    return value


# A currency rate outside this range is a typo (or 1e-308): conversions would overflow.
RATE_RANGE = (1e-6, 1e9)


def _check_rate(code: Any, rate: Any, where: str) -> None:
    low, high = RATE_RANGE
    if (isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate)
            or not low <= rate <= high):
        raise ConfigError(_t("{where}: [rates] {code} = {rate!r}: a rate must be a number between "
                             "{low} and {high} (units per 1 unit of the base, e.g. CNY = 7.2)")
                          .format(where=where, code=code, rate=rate, low=f"{low:g}", high=f"{high:g}"))


def _check_selectors(key: str, value: Any, where: str) -> None:
    ok = isinstance(value, str) or (isinstance(value, (list, tuple))
                                    and all(isinstance(v, str) for v in value))
    if not ok:
        raise ConfigError(_t("{where}: {key} must be a rule code, name, prefix or group, or a list "
                             "of them (e.g. {key} = [\"TTL\", \"PRC001\"]), got {value!r}")
                          .format(where=where, key=key, value=value))
    if key == "select" and not split_selectors(value):
        raise ConfigError(_t("{where}: select is empty, so no rule would run; name at least one "
                             "rule, prefix, group or ALL").format(where=where))


def _check_column(name: str, value: Any, where: str) -> None:
    ok = (isinstance(value, str) and value.strip()) or (
        isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value))
    if not ok:
        raise ConfigError(_t("{where}: [columns] {name} = {value!r}: give the source column's "
                             "name as text (or a list of names)").format(where=where, name=name,
                                                                        value=value))


def _check_allow(entry: dict[str, Any], where: str) -> None:
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        what = ", ".join(f"{k} = {v!r}" for k, v in entry.items() if k != "reason")[:120]
        raise ConfigError(_t("{where}: [[allow]] {what}: every waiver needs a reason "
                             "(reason = \"...\"), so that the next person knows why")
                          .format(where=where, what=what or "(empty)"))


def load_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file; a syntax error is a ConfigError naming the file."""
    try:
        data = path.read_bytes()
        # Windows Notepad and many editors save UTF-8 with a BOM, which tomllib refuses
        # ("Invalid statement at line 1"): the BOM is no part of the settings.
        return tomllib.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:  # tomllib decodes the bytes itself
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except RecursionError:
        raise ConfigError(_t("{path}: invalid TOML: nested too deeply").format(path=path)) from None


def discover(start: Path) -> tuple[dict[str, Any], Path] | None:
    """The nearest preflight.toml, or pyproject.toml with [tool.preflight], from `start` up."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "preflight.toml"
        if candidate.is_file():
            return load_toml(candidate), candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = load_toml(pyproject).get("tool")
            table = tool.get("preflight") if isinstance(tool, dict) else None
            if table is not None:
                if not isinstance(table, dict):  # `[tool] preflight = 5`
                    raise ConfigError(_t("{path}: tool.preflight must be a table of settings "
                                         "([tool.preflight])").format(path=pyproject))
                return table, pyproject
    return None


def load_profile(name: str) -> dict[str, Any]:
    """The built-in profile data file (profiles/<name>.toml)."""
    folder = resources.files("listing_preflight") / "profiles"
    available = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
    if name not in available:
        close = difflib.get_close_matches(name, available, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"unknown profile {name!r}{hint} (available: {', '.join(available)})")
    return tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))


def _check_keys(table: dict[str, Any], where: str) -> None:
    for key in table:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")


def merge(config: Config, table: dict[str, Any], where: str, *, base: Path | None = None) -> None:
    """Apply one config table (file or flags) on top of `config`; relative paths resolve to `base`."""
    _check_keys(table, where)

    def path(value: Any) -> str:
        if "://" in str(value)[:16]:
            return str(value)  # an object-store URL (e.g. cache-dir = "s3://bucket/cache")
        p = Path(str(value)).expanduser()
        return str(base / p) if base is not None and not p.is_absolute() else str(p)

    for key, value in table.items():
        if key in {"select", "extend-select", "ignore"}:
            _check_selectors(key, value, where)
            values = split_selectors(value)
            if key == "extend-select":
                config.extend_select += values
            elif key == "ignore":
                config.ignore += values
            else:
                config.select = values
        elif key == "fail-on":
            if str(value).lower() not in FAIL_ON:
                raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON)}, got {value!r}")
            config.fail_on = str(value).lower()
        elif key == "columns":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [columns] must be a table of canonical = source column")
            from .io.columns import check_canonical

            for name in value:
                check_canonical(name, where)
                _check_column(name, value[name], where)
            config.columns.update(value)
        elif key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [rules] must be a table of rule tables")
            for ref, rule_table in value.items():
                rule = lookup(ref)
                if not isinstance(rule_table, dict):
                    raise ConfigError(f"{where}: [rules.{ref}] must be a table")
                config.rules.setdefault(rule.code, {}).update(rule_table)
        elif key == "wordlists":
            config.wordlists += [path(v) for v in (value if isinstance(value, list) else [value])]
        elif key == "allow":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(f"{where}: allow must be a list of tables (e.g. [[allow]] term = ...)")
            for entry in value:
                _check_allow(entry, where)
            config.allow += value
        elif key == "rates":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [rates] must map currency codes to a rate")
            for code, rate in value.items():
                # A rate is units of that currency per 1 unit of the base (listing_preflight.currency).
                _check_rate(code, rate, where)
            config.rates.update({k.upper(): float(v) for k, v in value.items()})
        elif key == "jobs":
            if not isinstance(value, int) or value < 0:
                raise ConfigError(f"{where}: jobs must be a positive integer (0 = all cores)")
            config.jobs = value
        elif key in {"images", "market-prices", "reference", "cache-dir", "baseline", "calibration"}:
            setattr(config, key.replace("-", "_"), path(value) if value is not None else None)
        elif key in {"fetch", "no-fetch"}:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
            config.fetch = value if key == "fetch" else not value
        elif key in {"no-cache", "allow-outside-images"}:
            setattr(config, key.replace("-", "_"), bool(value))
        elif key == "engine":
            if value not in ("local", "ray", "dask"):
                raise ConfigError(f"{where}: engine must be local, ray or dask, got {value!r}")
            config.engine = value
        elif key == "lang":
            if value not in ("en", "zh"):
                raise ConfigError(f"{where}: lang must be 'en' or 'zh', got {value!r}")
            config.lang = value
        else:
            setattr(config, key.replace("-", "_"), value)
    config.origin = where


def build_config(
    *,
    config_file: Path | None = None,
    flags: dict[str, Any] | None = None,
    discover_from: Path | None = None,
) -> Config:
    """Layer profile, discovered file, --config file and flags into one validated Config."""
    layers: list[tuple[dict[str, Any], str, Path | None]] = []
    if config_file is None:
        found = discover(discover_from or Path.cwd())
        if found:
            layers.append((found[0], str(found[1]), found[1].parent))
    else:
        layers.append((load_toml(config_file), str(config_file), config_file.parent))
    flags = {k: v for k, v in (flags or {}).items() if v not in (None, (), [])}
    profile_name = flags.get("profile") or next(
        (t["profile"] for t, _, _ in reversed(layers) if "profile" in t), "joom"
    )
    config = Config(profile=profile_name)
    profile = load_profile(profile_name)
    merge(config, profile, f"profile {profile_name}")
    for table, where, base in layers:
        merge(config, table, where, base=base)
    merge(config, flags, "command line")
    config.rule_settings()  # validate selectors and rule options now, not mid-run
    return config


EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


def check_run_inputs(config: Config, catalogs: list[Path] | tuple[Path, ...]) -> None:
    """Options that make no sense for these catalogs are usage errors (exit 2), before any work."""
    if config.sheet and not any(Path(c).suffix.lower() in EXCEL_SUFFIXES for c in catalogs):
        raise ConfigError(_t("--sheet {sheet!r} was given but no catalog is a spreadsheet "
                             "(XLSX/XLS/ODS); leave --sheet out").format(sheet=config.sheet))
    if config.images:
        images = Path(config.images)
        if not images.exists():
            raise ConfigError(_t("--images {path}: no such folder").format(path=images))
        if not images.is_dir():
            raise ConfigError(_t("--images {path}: not a folder; name the folder the relative "
                                 "image paths start from").format(path=images))
