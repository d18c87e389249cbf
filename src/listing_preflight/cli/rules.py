"""`preflight rules` and `preflight explain`: the rule catalog and one rule's documentation."""

from __future__ import annotations

import textwrap

import click

from ..i18n import LANGUAGES, _t, language_from_env
from .app import main
from .errors import friendly_errors

# --lang defaults to PREFLIGHT_LANG, else a zh_* locale (LANG/LC_ALL), else English.
_LANG_OPTION = click.option(
    "--lang", type=click.Choice(list(LANGUAGES)), default=None,
    help="Language of the rule documentation (default: PREFLIGHT_LANG or the locale).")


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@_LANG_OPTION
@friendly_errors
def rules_command(fmt: str, lang: str | None) -> None:
    """List the rules: code, name, default severity and summary."""
    import json

    from ..i18n import translator
    from ..i18n.docs import summary
    from ..i18n.labels import SEVERITY_LABELS
    from ..registry import all_rules

    lang = lang or language_from_env()
    gettext = translator(lang).gettext
    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps(
            [{"code": r.code, "name": r.name, "group": r.group, "severity": r.severity.label,
              "summary": summary(r.doc, gettext) or r.name} for r in rules.values()],
            indent=2, ensure_ascii=False))
        return
    for rule in rules.values():
        severity = rule.severity.label if lang == "en" else gettext(SEVERITY_LABELS[rule.severity.label])
        click.echo(f"{rule.code}  {rule.name:<34} {severity:<8} {summary(rule.doc, gettext) or rule.name}")


@main.command()
@click.argument("rule")
@_LANG_OPTION
@friendly_errors
def explain(rule: str, lang: str | None) -> None:
    """Print one rule's documentation, options and defaults (RULE is a code or a name)."""
    from ..i18n import translate_doc, translator
    from ..i18n.labels import SEVERITY_LABELS
    from ..registry import lookup

    lang = lang or language_from_env()
    gettext = translator(lang).gettext
    found = lookup(rule)
    heading = gettext(_t("{code} {name}  (group {group}, default severity {severity}{review})"))
    click.echo(heading.format(
        code=found.code, name=found.name, group=found.group,
        severity=found.severity.label if lang == "en" else gettext(SEVERITY_LABELS[found.severity.label]),
        review=gettext(_t(", manual review")) if found.review_only else "") + "\n")
    click.echo(translate_doc(found.doc, lang))
    fields = found.option_fields()
    if fields:
        click.echo("\n" + gettext(_t("Options (set under [rules.{name}]):")).format(name=found.name))
        defaults = found.default_options()
        for f in fields:
            value = getattr(defaults, f.name)
            shown = textwrap.shorten(repr(list(value) if isinstance(value, tuple) else value), 90)
            click.echo(f"  {f.name.replace('_', '-')} = {shown}")
