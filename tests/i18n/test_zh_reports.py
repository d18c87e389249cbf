"""`--lang zh` end to end: every message the rules produce on real catalogs reads in Chinese.

Catalog values (titles, SKUs, numbers, paths, currency codes) stay as they are; what is left
in Latin letters must be the seller's own text or a technical token.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from catalog_factory import RULES, write_csv
from cli_run import run_cli
from zh_catalog import data_words, write

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample"
GOLDEN = Path(__file__).parent / "golden"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Technical tokens a Chinese seller reads as they are.
TOKENS = {"joom", "sku", "gtin", "html", "jpeg", "png", "logo", "usb", "iso", "mb", "cm", "mah",
          "gb", "tb", "u", "withbattery"}


def english_left(text: str, allowed: set[str]) -> list[str]:
    """Latin words in `text` that are neither catalog text nor technical tokens."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", " ", text)  # quoted catalog text and examples
    text = re.sub(r"\[[a-z]+\]", " ", text)  # config sections ([rates], [columns])
    text = re.sub(r"\S*[/\\.:@]\S*|\S*\d\S*|\b[A-Z]{2,}\b", " ", text)  # paths, numbers, codes
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text)
    return [w for w in words if w.lower() not in allowed and w.lower() not in TOKENS]


def finding_lines(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("  ")]


def assert_all_chinese(report: str, allowed: set[str]) -> None:
    lines = finding_lines(report)
    assert lines
    leftovers = {line: english_left(line, allowed) for line in lines}
    bad = {line: words for line, words in leftovers.items() if words}
    assert not bad, "English left in:\n" + "\n".join(f"{w}: {line}" for line, w in bad.items())
    assert all(CJK.search(line.split("：", 1)[-1]) for line in lines)


@pytest.fixture
def zh_catalog(isolated: Path) -> Path:
    return write(isolated / "zh.csv")


def test_every_text_price_and_catalog_finding_reads_in_chinese(zh_catalog: Path) -> None:
    status, out, _ = run_cli("check", str(zh_catalog), "--select", "ALL", "--lang", "zh")
    assert status == 1
    assert_all_chinese(out, data_words(zh_catalog))
    codes = {line.split()[0] for line in finding_lines(out)}
    # The catalog exercises most of the non-image rules; all of their messages translated.
    assert len(codes) >= 30, sorted(codes)
    assert "已跳过 IMG013：表格中没有“视频”列" in out
    assert "缺少主图" in out
    assert "U 盘容量为 2048 GB，不可信" in out  # TRM005: a wordlist name inside the template
    assert "28 英寸 = 71.1 厘米、40 英寸 = 101.6 厘米" in out  # DSC003: a list of templates


def test_the_sample_catalog_with_its_photos_reads_in_chinese(isolated: Path) -> None:
    shutil.copytree(SAMPLE, isolated / "sample")
    catalog = isolated / "sample" / "catalog.csv"
    status, out, _ = run_cli("check", str(catalog), "--lang", "zh")
    assert status == 1
    assert_all_chinese(out, data_words(catalog))
    assert "（sample/catalog.csv:35，风险 100%）" in out
    assert re.search(r"主图 'images/js-1006-main\.jpg' 背景不是纯白（#[0-9A-F]{6}，接近白色），"
                     r"请改为纯白背景 #FFFFFF", out)
    assert "结论：" in out and "个可能转人工审核" in out


def test_chinese_text_report_golden(isolated: Path) -> None:
    """The factory catalog's zh text report, as a seller sees it (UPDATE_GOLDEN=1 rewrites)."""
    write_csv(isolated / "catalog.csv")
    _, out, _ = run_cli("check", "catalog.csv", "--select", RULES, "--lang", "zh")
    golden = GOLDEN / "factory.zh.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_every_format_but_json_carries_the_chinese_messages(zh_catalog: Path, isolated: Path) -> None:
    formats = ["csv", "junit", "sarif", "github", "html", "xlsx", "json"]
    args = [a for f in formats for a in ("--report", f"{f}:out.{f}")]
    run_cli("check", str(zh_catalog), "--select", "TTL,PRC001", "--lang", "zh", *args)
    wanted = "标题全部大写"
    assert wanted in (isolated / "out.csv").read_text(encoding="utf-8")
    assert "标题：" + wanted in (isolated / "out.github").read_text(encoding="utf-8")
    html = (isolated / "out.html").read_text(encoding="utf-8")
    assert wanted in html
    assert '"TTL003","warning","标题"' in html  # the field names are Chinese too
    junit = ET.parse(isolated / "out.junit")
    assert any(wanted in (f.get("message") or "") + (f.text or "") for f in junit.iter("failure"))
    sarif = json.loads((isolated / "out.sarif").read_text(encoding="utf-8"))
    assert any(wanted in r["message"]["text"] for r in sarif["runs"][0]["results"])
    import openpyxl

    book = openpyxl.load_workbook(isolated / "out.xlsx")
    texts = [str(c.value) + str(c.comment.text if c.comment else "")
             for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(wanted in t for t in texts)
    # JSON is the machine contract: messages stay English.
    document = (isolated / "out.json").read_text(encoding="utf-8")
    assert "title is written in capitals" in document and wanted not in document


def test_rules_and_explain_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    _, listing, _ = run_cli("rules", "--lang", "zh")
    lines = listing.splitlines()
    assert len(lines) >= 50 and all(CJK.search(line) for line in lines)
    assert "TTL002  title-too-long" in listing and "标题超过平台允许的长度（Joom：150 个字符）。" in listing
    _, doc, _ = run_cli("explain", "IMG006", "--lang", "zh")
    assert doc.startswith("IMG006 image-background-not-white（规则组 image，默认级别：错误）")
    assert "主图背景不是纯白。" in doc and "原因：" in doc and "示例：" in doc
    _, options, _ = run_cli("explain", "TTL002", "--lang", "zh")
    assert "可调参数（写在配置的 [rules.title-too-long] 下）：" in options and "max-chars = 150" in options
    # The language follows PREFLIGHT_LANG, else a zh_* locale.
    monkeypatch.setenv("PREFLIGHT_LANG", "zh")
    assert CJK.search(run_cli("explain", "TTL001")[1])
    monkeypatch.delenv("PREFLIGHT_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    assert CJK.search(run_cli("rules")[1])
    monkeypatch.setenv("LANG", "C.UTF-8")
    english = run_cli("rules")[1]
    # English rule docs may quote Chinese photo text (IMG014: 微信); no summary is translated.
    assert "The title is longer than the marketplace allows" in english
    assert not CJK.search(english.replace("微信", ""))
    # Every rule's full documentation is translated, paragraph by paragraph.
    from listing_preflight.i18n import translate_doc
    from listing_preflight.i18n.docs import paragraphs
    from listing_preflight.registry import all_rules

    for rule in all_rules().values():
        translated = paragraphs(translate_doc(rule.doc, "zh"))
        assert all(CJK.search(p.splitlines()[0]) for p in translated), rule.code


def test_help_in_chinese_with_preflight_lang() -> None:
    """--help follows PREFLIGHT_LANG (read at start-up, so a fresh process)."""
    import subprocess
    import sys

    env = {**os.environ, "PREFLIGHT_LANG": "zh"}
    out = subprocess.run([sys.executable, "-m", "listing_preflight", "check", "--help"], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert "检查 CATALOG 文件，报出可能被驳回的商品。" in out and "报告语言。" in out
    top = subprocess.run([sys.executable, "-m", "listing_preflight", "--help"], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert "plan      规划 CATALOG 的三阶段上传：覆盖所有类目和模板的测试批次、主批次和预留批次\n" in top


def test_a_fatal_error_reads_in_chinese_under_lang_zh(isolated: Path) -> None:
    """A catalog without a main image column stops the run; --lang zh says why in Chinese."""
    (isolated / "c.csv").write_text("product_sku,title,price\nP1,Lamp,9.99\n", encoding="utf-8")
    status, _, err = run_cli("check", "c.csv", "--lang", "zh")
    assert status == 2
    assert "c.csv：核心字段 主图 找不到对应的列；没有做任何检查。" in err
    assert "找到的列：'product_sku', 'title', 'price'" in err
    assert 'main_image = "<your column>"' in err  # the config line stays as it must be typed
    _, _, english = run_cli("check", "c.csv")
    assert "no column for the core field(s) main_image; nothing was checked." in english
