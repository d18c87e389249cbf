"""`preflight rules` and `preflight explain`: the rule catalog and one rule's documentation."""

from __future__ import annotations

import textwrap

import click

from .app import main
from .errors import friendly_errors


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@friendly_errors
def rules_command(fmt: str) -> None:
    """List the rules: code, name, default severity and summary."""
    import json

    from ..registry import all_rules

    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps(
            [{"code": r.code, "name": r.name, "group": r.group, "severity": r.severity.label,
              "summary": r.summary} for r in rules.values()], indent=2, ensure_ascii=False))
        return
    for rule in rules.values():
        click.echo(f"{rule.code}  {rule.name:<34} {rule.severity.label:<8} {rule.summary}")


@main.command()
@click.argument("rule")
@friendly_errors
def explain(rule: str) -> None:
    """Print one rule's documentation, options and defaults (RULE is a code or a name)."""
    from ..registry import lookup

    found = lookup(rule)
    click.echo(f"{found.code} {found.name}  (group {found.group}, default severity "
               f"{found.severity.label}{', manual review' if found.review_only else ''})\n")
    click.echo(found.doc)
    fields = found.option_fields()
    if fields:
        click.echo("\nOptions (set under [rules." + found.name + "]):")
        defaults = found.default_options()
        for f in fields:
            value = getattr(defaults, f.name)
            shown = textwrap.shorten(repr(list(value) if isinstance(value, tuple) else value), 90)
            click.echo(f"  {f.name.replace('_', '-')} = {shown}")
