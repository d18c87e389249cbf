"""User-facing text in several languages (gettext catalogs under i18n/locale/).

`_t(template)` marks a message template for extraction (Babel keyword `_t`) and returns it
unchanged: rules build their English messages from marked templates, e.g.
`pl.format(_t("image '{}' is {} MB, above the {} MB limit"), ...)`, and reporters translate
a finding's message at render time (`translate_message`). Headings and labels of reports go
through `translator(lang)` (a gettext translations object; Jinja2 templates install it with
`env.install_gettext_translations(translator(lang))`).

The catalog is `locale/<lang>/LC_MESSAGES/preflight.po`, compiled to `preflight.mo` at build
time (hatch build hook) or by `python -m listing_preflight.i18n.tools`; a source checkout
without the `.mo` reads the `.po` through Babel when it is installed.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "preflight"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _t(template: str) -> str:
    """Mark `template` as a translatable message template; returns it unchanged."""
    return template


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The gettext translations for `lang` ('en' is the source language: no translation)."""
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations()
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    # The .po wins when it is newer (a source checkout after editing translations).
    if mo.is_file() and not (po.is_file() and po.stat().st_mtime > mo.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.is_file():
        from .catalog import translations_from_po

        found = translations_from_po(po)
        if found is not None:
            return found
    return gettext.NullTranslations()


def language_from_env(default: str = "en") -> str:
    """The report language asked for by PREFLIGHT_LANG, else LANGUAGE/LC_ALL/LC_MESSAGES/LANG."""
    explicit = os.environ.get("PREFLIGHT_LANG", "").strip().lower()
    if explicit:
        return explicit if explicit in LANGUAGES else default
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip().lower()
        if value:
            return "zh" if value.startswith("zh") else default
    return default


def gettext_for(lang: str) -> Callable[[str], str]:
    """The `gettext` function of `lang` (what reporters bind to `_`)."""
    return translator(lang).gettext


def translate_message(message: str, code: str | None, lang: str) -> str:
    """A finding's English `message` (built from `_t` templates by rule `code`) in `lang`."""
    if lang == "en" or not message:
        return message
    from .matching import matcher

    return matcher(lang).translate(message)


def translate_doc(doc: str, lang: str) -> str:
    """A rule's documentation (its docstring, paragraph by paragraph) in `lang`."""
    if lang == "en":
        return doc
    from .docs import translate_paragraphs

    return translate_paragraphs(doc, translator(lang).gettext)
