"""Saying what ``--version`` and ``--self-test`` found, with or without a console.

Started from a terminal, the answer is printed. A windowed executable started from a
shortcut has no console (``sys.stdout`` is None): the answer goes to the log file and
a message box. Offscreen (the installer's smoke test), the log file and the exit code
are all there is.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("desktop")

TITLE = "Kabaddi Live Scorer"


def needs_message_box(stdout: TextIO | None, platform_name: str) -> bool:
    return stdout is None and platform_name not in ("offscreen", "minimal")


def report(text: str, failed: bool = False) -> None:
    """Log ``text``; print it, or show it in a message box when there is no console."""
    log.log(logging.ERROR if failed else logging.INFO, "%s", text)
    if sys.stdout is not None:
        print(text, flush=True)
        return
    if needs_message_box(sys.stdout, QApplication.platformName()):
        message_box(text, failed).exec()


def message_box(text: str, failed: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Critical if failed else QMessageBox.Icon.Information
    box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.Ok)
    return box
