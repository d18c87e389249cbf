"""Command line: `preflight` and its commands, one module per command (`main` is the entry point)."""

from ..i18n import language_from_env
from . import baseline, cache, check, columns, index, learn, plan, rules  # noqa: F401  (register the commands)
from .app import main

# --help in the user's language (PREFLIGHT_LANG=zh or a zh_* locale), as far as click allows.
if language_from_env() != "en":
    from ..i18n.cli_help import localise_commands

    localise_commands(main, language_from_env())

__all__ = ["main"]
