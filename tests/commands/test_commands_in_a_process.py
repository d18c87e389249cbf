"""The workflow commands as a user runs them: a real process, real exit statuses, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from catalog_factory import RULES, write_csv


def preflight(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "listing_preflight", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_baseline_plan_learn_check_round_trip(tmp_path: Path) -> None:
    write_csv(tmp_path / "catalog.csv")
    (tmp_path / "rej.csv").write_text("SKU,Reason\nP03,Incorrect title\n", encoding="utf-8")
    steps = [
        (["baseline", "catalog.csv", "--select", RULES, "-o", "base.json"], 0),
        (["check", "catalog.csv", "--select", RULES, "--baseline", "base.json", "-q"], 0),
        (["check", "catalog.csv", "--select", RULES, "--report", "xlsx:out/r.xlsx", "-q"], 1),
        (["plan", "catalog.csv", "--out", "plan", "--select", RULES, "-q"], 0),
        (["learn", "--catalog", "catalog.csv", "--rejections", "rej.csv", "--select", RULES, "-q"], 0),
        (["plan", "catalog.csv", "--out", "p2", "--split", "1,2,3"], 2),
        (["learn", "--catalog", "catalog.csv", "--rejections", "none.csv"], 3),
        (["check", "catalog.csv", "--format", "xlsx"], 2),
    ]
    for args, expected in steps:
        done = preflight(tmp_path, *args)
        assert done.returncode == expected, (args, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
        if expected >= 2:
            assert done.stderr.startswith("preflight: error: ") and done.stderr.count("\n") == 1
    assert (tmp_path / "out/r.xlsx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "preflight-calibration.json").is_file()


def test_a_closed_pipe_stops_the_report_quietly(tmp_path: Path) -> None:
    """`preflight check big.csv | head -1`: no 'internal error', no traceback."""
    from catalog_factory import many_products

    write_csv(tmp_path / "big.csv", products=many_products(3000, bad_every=2))
    proc = subprocess.Popen([sys.executable, "-m", "listing_preflight", "check", "big.csv",
                             "--select", "TTL001"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141 and err == ""  # SIGPIPE's status; 1 would mean findings
