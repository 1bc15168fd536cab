"""Files only their owner may read, on POSIX by mode and on Windows by access list."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from relay.private_file import make_private, restrict_command
from relay.tokens import load_or_create_token


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no mode bits to check")
def test_a_new_token_file_is_mode_0600(tmp_path: Path) -> None:
    load_or_create_token(tmp_path)
    assert stat.S_IMODE(os.stat(tmp_path / "token").st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no mode bits to check")
def test_posix_sets_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("x")
    path.chmod(0o644)
    assert make_private(path, platform="linux")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_windows_drops_inherited_access_and_keeps_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("x")
    commands: list[list[str]] = []

    def icacls(command: list[str]) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, "processed file: token", "")

    assert make_private(path, platform="win32", run=icacls)
    assert commands == [["icacls", str(path), "/inheritance:r", "/grant:r", "*S-1-3-4:(F)"]]
    assert restrict_command(path) == commands[0]


def test_a_failure_on_windows_is_logged_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def icacls(command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 5, "", "Access is denied.")

    assert not make_private(tmp_path / "token", platform="win32", run=icacls)
    assert "Access is denied." in caplog.text
