"""Outputs never damage inputs or special files, and are checked before the run (issue 14, item 3)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from catalog_factory import write_csv
from cli_run import run_cli

from listing_preflight.report import write_atomic_bytes

SELECT = ("--select", "TTL001,PRC001")


def test_an_output_that_is_the_catalog_is_refused_and_the_catalog_kept(isolated: Path) -> None:
    catalog = write_csv(isolated / "cat.csv")
    before = catalog.read_bytes()
    status, _, err = run_cli("check", "cat.csv", *SELECT, "--format", "json", "--output", "cat.csv")
    assert status == 2 and "it is an input" in err
    assert catalog.read_bytes() == before


def test_an_output_reaching_the_catalog_by_another_name_is_refused(isolated: Path) -> None:
    catalog = write_csv(isolated / "cat.csv")
    (isolated / "sub").mkdir()
    os.link(catalog, isolated / "sub" / "link.csv")
    status, _, err = run_cli("check", "cat.csv", *SELECT, "--format", "csv",
                             "--output", "sub/../sub/link.csv")
    assert status == 2 and "it is an input" in err
    status, _, err = run_cli("check", "cat.csv", *SELECT, "--report", "json:r.json",
                             "--report", "csv:./r.json")
    assert status == 2 and "two reports" in err


def test_an_output_that_is_the_config_file_is_refused(isolated: Path) -> None:
    write_csv(isolated / "cat.csv")
    (isolated / "c.toml").write_text('fail-on = "never"\n')
    status, _, err = run_cli("check", "cat.csv", "--config", "c.toml", "--format", "json",
                             "--output", "c.toml")
    assert status == 2 and "it is an input" in err
    assert (isolated / "c.toml").read_text() == 'fail-on = "never"\n'


def test_a_fifo_is_written_in_place_not_replaced(isolated: Path) -> None:
    write_csv(isolated / "cat.csv")
    fifo = isolated / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status, _, err = run_cli("check", "cat.csv", *SELECT, "--format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert status in (0, 1), err
    assert fifo.is_fifo()
    assert json.loads(received[0])["summary"]["products"] == 12


def test_dev_null_stays_a_device(isolated: Path) -> None:
    write_csv(isolated / "cat.csv")
    status, _, err = run_cli("check", "cat.csv", *SELECT, "--format", "json", "--output", "/dev/null")
    assert status in (0, 1), err
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_output_is_refused_before_the_run(isolated: Path) -> None:
    write_csv(isolated / "cat.csv")
    locked = isolated / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, _, err = run_cli("check", "cat.csv", *SELECT, "--format", "json",
                                 "--output", "locked/r.json")
    finally:
        locked.chmod(0o700)
    assert status == 2 and "cannot write" in err


def test_an_unwritable_output_is_refused_before_reading_the_catalog(isolated: Path) -> None:
    # The catalog does not even exist: the output error comes first, so no work was done.
    (isolated / "folder.json").mkdir()
    status, _, err = run_cli("check", "missing.csv", "--format", "json", "--output", "folder.json")
    assert status == 2 and "it is a folder" in err


def test_a_killed_write_leaves_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "big.json"
    # A child writes a big report; SIGTERM arrives mid-write; the temporary must be gone.
    code = ("import sys; from pathlib import Path; from listing_preflight.report import "
            "write_atomic_bytes; print('go', flush=True); "
            "write_atomic_bytes(Path(sys.argv[1]), b'x' * (1 << 27))")
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE)
    assert child.stdout.readline().strip() == b"go"
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".big.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) != 0
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_left_by_a_sigkilled_run_is_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".r.json.{dead.pid}.abc123.tmp"
    stale.write_bytes(b"half a report")
    write_atomic_bytes(tmp_path / "r.json", b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_baseline_and_learn_refuse_to_overwrite_their_inputs(isolated: Path) -> None:
    catalog = write_csv(isolated / "cat.csv")
    before = catalog.read_bytes()
    status, _, err = run_cli("baseline", "cat.csv", "-o", "cat.csv")
    assert status == 2 and "it is an input" in err
    (isolated / "rejections.csv").write_text("sku,status\nP01-BK,rejected\n")
    status, _, err = run_cli("learn", "--catalog", "cat.csv", "--rejections", "rejections.csv",
                             "--output", "rejections.csv")
    assert status == 2 and "it is an input" in err, err
    assert catalog.read_bytes() == before
