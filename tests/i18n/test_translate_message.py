"""translate_message: a finished English finding message, matched against the catalog's
templates, comes back in Chinese with its values (SKUs, numbers, paths, catalog text) intact."""

from __future__ import annotations

import string

import pytest

from listing_preflight.i18n import translate_message, translator
from listing_preflight.i18n.matching import matcher, plain_format

FORMATTER = string.Formatter()


def zh(message: str) -> str:
    return translate_message(message, None, "zh")


def _templates() -> list[tuple[str, str]]:
    catalog = translator("zh")._catalog  # type: ignore[attr-defined]
    out = []
    for msgid, msgstr in catalog.items():
        if not msgid:
            continue
        try:
            fields = [f for _, f, _, _ in FORMATTER.parse(msgid) if f is not None]
        except ValueError:
            continue
        if fields:
            out.append((msgid, msgstr))
    return sorted(out)


def test_every_template_translates_its_own_english_messages():
    """Each template, filled with values, is recognised as itself (no other template wins)."""
    wrong = []
    for msgid, msgstr in _templates():
        fields = [f for _, f, _, _ in FORMATTER.parse(msgid) if f is not None]
        named = {f: f"Q{f}z" for f in fields if f and not f.isdigit()}
        values = [f"Q{i}z" for i in range(sum(1 for f in fields if not f or f.isdigit()))]
        english = plain_format(msgid).format(*values, **named)
        expected = plain_format(msgstr).format(*values, **named)
        got = zh(english)
        if got != expected:
            wrong.append((english, got, expected))
    assert len(_templates()) > 100
    assert not wrong, "\n".join(map(repr, wrong))


def test_values_that_are_marked_phrases_are_translated_too():
    assert zh("title is written in capitals: 'WIRELESS EARBUDS'; use normal capitalisation "
              "(capitalise the main words, keep acronyms such as USB)") == (
        "标题全部大写：'WIRELESS EARBUDS'；请使用正常大小写（主要单词首字母大写，USB 等缩写保持大写）")
    # Wordlist hits: item template, label and the rule's fix, each from the catalog.
    assert zh("title contains 'best seller' (absolute claim), 'hot' (promotional wording); "
              "remove the claim; say what the product is") == (
        "标题中含有 'best seller'（绝对化用语）、'hot'（促销用语）；请删除该说法，直接写商品是什么")
    # The watermark position is built from pieces ('at the {} {}' with 'top', 'left').
    assert zh("image 'a.jpg' has a watermark, logo or overlay text at the top left (score 0.93); "
              "upload the photo without it") == (
        "图片 'a.jpg' 上有水印、Logo 或叠加文字（位于左上角，得分 0.93）；请上传不带这些内容的图片")
    # An image error reason produced by the image pass, inside IMG002's message.
    assert zh("image 'p/1.jpg' cannot be used: file not found: p/1.jpg (looked in /shop); fix the "
              "path or URL, or re-export the file") == (
        "图片 'p/1.jpg' 无法使用：找不到文件：p/1.jpg（查找位置：/shop）；请修正路径或链接，或重新导出图片")


def test_reader_and_image_pass_texts_are_translated():
    assert zh("row 5 has 16 fields where the header has 15; extra values were ignored") == (
        "第 5 行有 16 个字段，而表头有 15 个；多出的值已忽略")
    assert zh("catalog.csv: the header is row 3 and the data starts at row 4; the rows above the "
              "data that are not the header were skipped") == (
        "catalog.csv：表头在第 3 行，数据从第 4 行开始；数据上方不是表头的行已跳过")


def test_product_groups_and_fields_inside_messages():
    assert zh("title of a power bank product lacks its capacity in mAh; add it (e.g. '20000mAh')") == (
        "充电宝类商品的标题缺少容量（mAh）；请补上（例如 '20000mAh'）")
    assert zh("no main_image column") == "表格中没有“主图”列"


def test_catalog_text_is_never_translated():
    # The seller's own title happens to look like a generic template ("'{}' ({})"): kept.
    message = ("title ''Hot' (new)' is too short (11 characters); say what the product is, its "
               "brand, model and core parameters (size, capacity, colour)")
    assert zh(message).startswith("标题 ''Hot' (new)' 太短（11 个字符）")
    # A title that equals a label stays as it is inside quotes too.
    assert "'error'" in zh("title 'error' is too short (5 characters); say what the product is, its "
                           "brand, model and core parameters (size, capacity, colour)")


def test_unknown_messages_and_english_are_left_alone():
    assert zh("a message from a plugin rule that nobody translated") == (
        "a message from a plugin rule that nobody translated")
    english = "price 0 is not positive; set the selling price"
    assert translate_message(english, "PRC001", "en") == english
    assert zh(english) == "价格 0 不是正数；请填写实际售价"


def test_a_broken_translation_keeps_the_english_message(monkeypatch):
    m = matcher("zh")
    template = next(t for t in m.templates if t.msgid == "price {} is not positive; set the selling price")
    broken = type(template)(template.msgid, "价格 {5}", template.regex, template.names,
                            template.quoted, template.lead, template.rust_pattern,
                            template.literal_chars)
    monkeypatch.setattr(m, "templates", [broken if t is template else t for t in m.templates])
    assert m._text("price 0 is not positive; set the selling price", 0) == (
        "price 0 is not positive; set the selling price")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_other_languages_are_the_english_source(lang):
    assert translator(lang).gettext("reject likely") == "reject likely"


def test_many_messages_at_once_translate_exactly_as_one_by_one():
    """localise_report's vectorised scan gives the same text as the per-message matcher."""
    messages = [plain_format(msgid).format(*[f"Q{i}z" for i in range(12)], **{
        f: f"Q{f}z" for _, f, _, _ in FORMATTER.parse(msgid) if f and not f.isdigit()})
        for msgid, _ in _templates()]
    messages += [("title is written in capitals: 'ABC'; use normal capitalisation (capitalise the "
                  "main words, keep acronyms such as USB)"), "not a template", "42", "pass"]
    fresh = matcher("zh").translate_many(messages)
    assert fresh == {m: zh(m) for m in messages}
