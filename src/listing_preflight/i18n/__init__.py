"""User-facing text in several languages (gettext catalogs under i18n/locale/).

`_t(template)` marks a message template for extraction (Babel keyword `_t`) and returns it
unchanged: rules build their English messages from marked templates, e.g.
`pl.format(_t("image '{}' is {} MB, above the {} MB limit"), ...)`, and reporters translate
a finding's message at render time by matching it against the marked templates.
"""

from __future__ import annotations


def _t(template: str) -> str:
    """Mark `template` as a translatable message template; returns it unchanged."""
    return template
