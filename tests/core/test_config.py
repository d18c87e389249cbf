"""Configuration layering and strict validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_preflight.config import build_config
from listing_preflight.model import ConfigError, Severity


def write(path: Path, text: str) -> Path:
    """Write a config file and return its path."""
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_the_joom_profile(isolated):
    """Without config the joom profile applies: all rules, fail on error, 150-char titles."""
    config = build_config(discover_from=isolated)
    assert "joom" == config.profile and "error" == config.fail_on
    assert 150 == config.rule_settings()["TTL002"].options.max_chars


def test_preflight_toml_then_config_flag_then_flags(isolated):
    """Later layers win: discovered file < --config file < command-line flags."""
    write(isolated / "preflight.toml", 'fail-on = "warning"\n[rules.title-too-long]\nmax-chars = 120\n')
    config = build_config(discover_from=isolated)
    assert "warning" == config.fail_on and 120 == config.rule_settings()["TTL002"].options.max_chars
    other = write(isolated / "ci.toml", '[rules.TTL002]\nmax-chars = 100\nseverity = "warning"\n')
    config = build_config(config_file=other, flags={"fail-on": "never"})
    settings = config.rule_settings()["TTL002"]
    assert (100, Severity.WARNING, "never") == (settings.options.max_chars, settings.severity, config.fail_on)


def test_pyproject_tool_table_is_discovered_from_a_subfolder(isolated):
    """[tool.preflight] in a parent pyproject.toml applies."""
    write(isolated / "pyproject.toml", '[tool.preflight]\nignore = ["PRC"]\n')
    (isolated / "exports").mkdir()
    config = build_config(discover_from=isolated / "exports")
    assert "PRC001" not in config.rule_settings()


@pytest.mark.parametrize(
    "text,match",
    [
        ('fail_on = "error"\n', "unknown key 'fail_on'; did you mean 'fail-on'"),
        ('[rules.title-too-long]\nmax-char = 10\n', "unknown option 'max-char'; did you mean 'max-chars'"),
        ('[rules.title-too-long]\nmax-chars = "long"\n', "expected an integer"),
        ('[rules.no-such-rule]\nx = 1\n', "unknown rule"),
        ('select = ["TTLX"]\n', "matches no rule"),
        ('fail-on = "sometimes"\n', "fail-on must be one of"),
        ('profile = "amazn"\n', "unknown profile"),
        ("select = [\n", "invalid TOML"),
        ('[columns]\ntitel = "Name"\n', "did you mean title"),
    ],
)
def test_bad_config_is_a_clear_error(isolated, text, match):
    """Unknown keys, options, types and rules are errors with a suggestion."""
    path = write(isolated / "bad.toml", text)
    with pytest.raises(ConfigError, match=match):
        build_config(config_file=path)


def test_config_file_that_is_not_utf8_is_a_clear_error(isolated):
    """A preflight.toml saved in a legacy encoding (GBK) is a ConfigError, not a crash."""
    path = isolated / "gbk.toml"
    path.write_bytes('[columns]\ntitle = "标题"\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        build_config(config_file=path)


def test_missing_config_file(isolated):
    """--config pointing nowhere is a config error."""
    with pytest.raises(ConfigError, match="not found"):
        build_config(config_file=isolated / "nope.toml")
