"""Small facts about a report that several reporters show the same way."""

from __future__ import annotations

import gettext

from ..i18n import translator
from ..model import Severity
from ..results import Report


def failed_rules(report: Report) -> dict[str, str]:
    """Rules that failed internally (code -> error), when the run recorded any."""
    for holder, name in ((report.stats, "failed_rules"), (report.stats, "failed"), (report, "failed")):
        value = getattr(holder, name, None)
        if isinstance(value, dict) and value:
            return {str(k): str(v) for k, v in value.items()}
    return {}


def at_or_above(severity: str, fail_on: str) -> bool:
    """True when a finding of `severity` fails the gate `--fail-on fail_on`."""
    if fail_on == "never":
        return False
    return Severity.parse(severity) >= Severity.parse(fail_on)


# The Chinese report labels that existed before the gettext catalogs, kept (moved here from
# the old text reporter, unchanged) so `--lang zh` does not lose them until the i18n work's
# catalogs are merged; a catalog entry, once there, always wins.
_EARLIER_ZH = {
    "reject likely": "可能被拒", "review likely": "可能人工审核", "pass": "通过",
    "error": "错误", "warning": "警告", "info": "提示",
    "{products} products, {variants} variants, {images} images checked":
        "已检查 {products} 个产品、{variants} 个变体、{images} 张图片",
    "verdicts: {reject} reject likely, {review} review likely, {passed} pass":
        "结论：{reject} 个可能被拒，{review} 个可能人工审核，{passed} 个通过",
    "findings: {error} errors, {warning} warnings, {info} info": "问题：{error} 个错误，{warning} 个警告，{info} 个提示",
    "skipped {code}: {why}": "已跳过 {code}：{why}",
}


class _WithEarlierChinese(gettext.NullTranslations):
    """The language's translations, falling back to the earlier built-in Chinese labels."""

    def __init__(self, inner: gettext.NullTranslations) -> None:
        super().__init__()
        self.inner = inner

    def gettext(self, message: str) -> str:
        """The catalog's translation, else the earlier label, else the message."""
        text = self.inner.gettext(message)
        return _EARLIER_ZH.get(message, text) if text == message else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Plural forms come from the catalog only."""
        return self.inner.ngettext(singular, plural, n)


def translations(lang: str) -> gettext.NullTranslations:
    """The gettext translations reporters use for `lang`."""
    inner = translator(lang)
    return _WithEarlierChinese(inner) if lang == "zh" else inner
