"""`preflight --help` in the user's language: command docstrings and option help texts.

Click builds help from `Command.help` and `Parameter.help`; the texts are msgids of the
catalog (extracted from the `help=` arguments and command docstrings), so localising is
replacing them once at start-up. Click's own words ("Usage:", "Options:") stay English:
click ships no catalog of its own.
"""

from __future__ import annotations

import inspect

import click

from . import translator


def localise_commands(command: click.Command, lang: str) -> None:
    """Translate the help of `command`, its parameters and (for a group) its subcommands."""
    if lang == "en":
        return
    gettext = translator(lang).gettext
    if command.help:
        command.help = gettext(inspect.cleandoc(command.help))
        if command.short_help is None:
            # Click cuts the English short help at the first '.'; Chinese ends its first line
            # with '；' or '。'.
            command.short_help = command.help.splitlines()[0].rstrip("；，")
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = gettext(text)  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise_commands(sub, lang)
