"""``kabaddi-scorer --version`` and ``--self-test`` as the installer's smoke test runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOME = tempfile.mkdtemp(prefix="kabaddi-cli-home-")  # the app's log and data stay out of ~


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(HOME=HOME, XDG_DATA_HOME=HOME, XDG_CONFIG_HOME=HOME)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "kabaddi-scorer 0.1.0"


def test_self_test_passes_offscreen_without_a_display() -> None:
    result = run("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    passed, soaked = result.stdout.strip().splitlines()
    assert passed == "self-test passed: PAT 1–0"
    assert soaked.startswith("window soak: 500 rounds, "), soaked
