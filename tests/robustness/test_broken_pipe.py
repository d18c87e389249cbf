"""A reader that goes away (`preflight check … | head -1`) ends the run quietly with status 141.

141 is what a shell reports for a process ended by SIGPIPE (`yes | head`); it is never 1, which
means "findings". No message and no traceback: the reader left on purpose. A report written to a
file is not affected by stdout's reader leaving.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from catalog_factory import many_products, write_csv

from listing_preflight.cli.errors import BROKEN_PIPE

CLI = [sys.executable, "-m", "listing_preflight", "check", "--select", "TTL001,TTL002"]


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pipe")
    write_csv(folder / "small.csv", products=many_products(3, bad_every=1))
    write_csv(folder / "big.csv", products=many_products(3000, bad_every=2))  # text report > 64 KiB
    return folder


def run_and_close(folder: Path, *args: str, read_lines: int) -> tuple[int, str]:
    """Run the CLI with stdout on a real pipe whose reader closes after `read_lines` lines."""
    proc = subprocess.Popen([*CLI, *args], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    for _ in range(read_lines):
        assert proc.stdout.readline()
    proc.stdout.close()  # before the run writes anything when read_lines == 0
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


def test_a_reader_gone_before_a_small_report_is_status_141_without_a_word(catalogs: Path) -> None:
    status, err = run_and_close(catalogs, "small.csv", read_lines=0)
    assert (status, err) == (BROKEN_PIPE, "")


def test_a_reader_gone_after_one_line_of_a_large_report(catalogs: Path) -> None:
    status, err = run_and_close(catalogs, "big.csv", read_lines=1)
    assert (status, err) == (BROKEN_PIPE, "")


def test_a_report_written_in_place_to_dev_stdout_is_the_same(catalogs: Path) -> None:
    status, err = run_and_close(catalogs, "big.csv", "--output", "/dev/stdout", read_lines=1)
    assert (status, err) == (BROKEN_PIPE, "")


def test_a_report_to_a_file_is_written_whole_and_keeps_its_status(catalogs: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    status, err = run_and_close(catalogs, "big.csv", "--format", "json", "--output", str(out),
                                read_lines=0)
    assert status == 1 and "Traceback" not in err  # findings: the report reached its file
    assert json.loads(out.read_text())["summary"]["products"] == 3000


def test_a_shell_pipeline_with_pipefail_sees_141(catalogs: Path) -> None:
    command = " ".join(f"'{a}'" for a in CLI) + " big.csv | head -1 >/dev/null"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=catalogs,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == BROKEN_PIPE and done.stderr == ""
