"""The wheel carries the package, its profiles, the wordlists and the watermark network."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_wordlists_and_profiles(tmp_path):
    """Build the wheel (no network: --no-isolation) and list what it ships."""
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("listing_preflight-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped_wordlists = {n for n in names if n.startswith("listing_preflight/wordlists/")}
    repo_wordlists = {f"listing_preflight/wordlists/{p.relative_to(ROOT / 'wordlists').as_posix()}"
                      for p in (ROOT / "wordlists").rglob("*") if p.is_file()}
    assert repo_wordlists and repo_wordlists <= shipped_wordlists
    assert "listing_preflight/profiles/joom.toml" in names
    assert "listing_preflight/cli/__init__.py" in names
    # The watermark network and its thresholds: nothing is downloaded at run time.
    assert {"listing_preflight/images/watermark_net.onnx",
            "listing_preflight/images/watermark_net.json"} <= set(names)
    # The Chinese catalog, compiled at build time (the .mo is not in git).
    mo = "listing_preflight/i18n/locale/zh/LC_MESSAGES/preflight.mo"
    assert mo in names
    import gettext
    import io

    zh = gettext.GNUTranslations(io.BytesIO(zipfile.ZipFile(wheel).read(mo)))
    assert zh.gettext("reject likely") == "可能被拒"
    # The PP-OCRv4 text detector and recogniser of the overlay-text cascade, with their notice.
    assert {"listing_preflight/images/ppocr/ch_PP-OCRv4_det_infer.onnx",
            "listing_preflight/images/ppocr/ch_PP-OCRv4_rec_infer.onnx",
            "listing_preflight/images/ppocr/NOTICE"} <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "preflight = listing_preflight.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
