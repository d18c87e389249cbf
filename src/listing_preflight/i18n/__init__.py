"""User-facing text in several languages (gettext catalogs under i18n/locale/).

`_t(template)` marks a message template for extraction (Babel keyword `_t`) and returns it
unchanged: rules build their English messages from marked templates, e.g.
`pl.format(_t("image '{}' is {} MB, above the {} MB limit"), ...)`, and reporters translate
a finding's message at render time (`translate_message`). Headings and labels of reports go
through `translator(lang)` (a gettext translations object; Jinja2 templates install it with
`env.install_gettext_translations(translator(lang))`).
"""

from __future__ import annotations

import gettext

LANGUAGES = ("en", "zh")


def _t(template: str) -> str:
    """Mark `template` as a translatable message template; returns it unchanged."""
    return template


def translator(lang: str) -> gettext.NullTranslations:
    """The gettext translations for `lang` ('en' is the source language: no translation)."""
    return gettext.NullTranslations()


def translate_message(message: str, code: str | None, lang: str) -> str:
    """A finding's English `message` (built from `_t` templates by rule `code`) in `lang`."""
    return message
