"""The progress bar shows only on a terminal, never in CI or with --quiet, and only for long runs."""

from __future__ import annotations

import io

from listing_preflight.images import progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_quiet_in_ci_or_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", FakeTTY())
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PREFLIGHT_QUIET", "")
    assert progress.enabled()
    monkeypatch.setenv("PREFLIGHT_QUIET", "1")
    assert not progress.enabled()
    monkeypatch.setenv("PREFLIGHT_QUIET", "")
    monkeypatch.setenv("CI", "true")
    assert not progress.enabled()
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not progress.enabled()


def test_bar_is_drawn_only_after_the_run_has_lasted_a_while(monkeypatch):
    err = FakeTTY()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PREFLIGHT_QUIET", "")
    bar = progress.Progress("images", 10)
    bar.advance(3)
    assert err.getvalue() == ""  # a short run draws nothing
    bar.started -= progress.SHOW_AFTER + 1
    bar.advance(2)
    assert "5/10" in err.getvalue()
    bar.close()
    assert err.getvalue().endswith("\r")
