"""The packaged app has no console: its log file, and --version/--self-test without one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.logfile import (
    BACKUPS,
    LOG_FILE,
    MAX_BYTES,
    install_log_file,
    log_folder,
    remove_log_file,
)
from desktop.report import message_box, needs_message_box
from relay.version import package_version

ROOT = Path(__file__).resolve().parents[2]


def windowed(args: list[str], data: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``kabaddi-scorer ARGS`` as a windowed executable runs: no stdout, no stderr."""
    script = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from desktop.__main__ import main\n"
        f"sys.exit(main({[*args, '--data-dir', str(data)]!r}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(data)}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_version_without_a_console_goes_to_the_log(tmp_path: Path) -> None:
    done = windowed(["--version"], tmp_path)
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("", "")
    log = (tmp_path / "logs" / "scorer.log").read_text(encoding="utf-8")
    assert f"INFO desktop: kabaddi-scorer {package_version()}\nLog: " in log


def test_self_test_without_a_console_goes_to_the_log(tmp_path: Path) -> None:
    done = windowed(["--self-test"], tmp_path, timeout=240)
    assert done.returncode == 0
    log = (tmp_path / "logs" / "scorer.log").read_text(encoding="utf-8")
    assert "INFO desktop: self-test passed: PAT 1–0\nwindow soak: 500 rounds" in log


def test_the_log_file_rotates(tmp_path: Path) -> None:
    path = install_log_file(tmp_path)
    try:
        assert path == log_folder(tmp_path) / LOG_FILE
        logger = logging.getLogger("desktop.test")
        line = "x" * 1000
        for _ in range((MAX_BYTES // 1000) * (BACKUPS + 2)):
            logger.warning(line)
        names = sorted(p.name for p in log_folder(tmp_path).iterdir())
        assert names == [
            "scorer.log",
            "scorer.log.1",
            "scorer.log.2",
            "scorer.log.3",
            "scorer.log.4",
        ]
        assert all(p.stat().st_size <= MAX_BYTES for p in log_folder(tmp_path).iterdir())
    finally:
        remove_log_file()


def test_an_uncaught_exception_is_logged(tmp_path: Path) -> None:
    path = install_log_file(tmp_path)
    try:
        try:
            raise RuntimeError("the scoring window fell over")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        text = path.read_text(encoding="utf-8")
        assert "CRITICAL desktop.logfile: uncaught exception" in text
        assert "RuntimeError: the scoring window fell over" in text
    finally:
        remove_log_file()
    assert sys.excepthook is sys.__excepthook__


def test_a_message_box_only_on_a_real_screen_without_a_console(qtbot: QtBot) -> None:
    assert needs_message_box(None, "windows")
    assert needs_message_box(None, "cocoa")
    assert not needs_message_box(sys.__stdout__, "windows")
    assert not needs_message_box(None, "offscreen")
    box = message_box("self-test FAILED: the relay did not start", failed=True)
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == "self-test FAILED: the relay did not start"
    assert box.windowTitle() == "Kabaddi Live Scorer"
