"""Run the `preflight` CLI in this process for tests."""

from __future__ import annotations

from click.testing import CliRunner

from listing_preflight.cli import main


def run_cli(*args: str) -> tuple[int, str, str]:
    """Invoke `preflight ARGS`: (exit status, stdout, stderr); no traceback may reach the output."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr
