"""Shortcuts in Qt's standard names (⌘ on macOS), and a system Quit that closes properly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.quit_filter import QuitAsClose
from desktop.widgets.help_overlay import SHORTCUTS, native_keys


def test_every_key_combination_in_the_help_is_one_standard_qt_key() -> None:
    combinations = [keys for keys, _what in SHORTCUTS if "+" in keys]
    assert "Ctrl+Shift+R" in combinations
    for keys in combinations:
        sequence = QKeySequence.fromString(keys, QKeySequence.SequenceFormat.PortableText)
        assert sequence.count() == 1, keys
        assert sequence.toString(QKeySequence.SequenceFormat.PortableText) == keys


def test_words_and_ranges_are_left_as_they_are() -> None:
    for keys in ("0–9", "Click a tile", "O / L / K / N / U", "F1 or ?", "Esc", "Enter"):
        assert native_keys(keys) == keys
    # Here (Linux) the native text is Qt's portable text; on macOS "Ctrl+E" reads "⌘E".
    assert native_keys("Ctrl+E") == QKeySequence("Ctrl+E").toString(
        QKeySequence.SequenceFormat.NativeText
    )


async def test_a_system_quit_closes_the_window_as_the_scorer_would(
    tmp_path: Path, qtbot: QtBot
) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)  # as in the app (desktop.__main__)
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    finished: list[bool] = []
    app.finished.connect(lambda: finished.append(True))
    try:
        screen = app.show_start()
        quit_filter = QuitAsClose(app.request_quit)
        screen.installEventFilter(quit_filter)
        quit_event = QEvent(QEvent.Type.Quit)
        assert quit_filter.eventFilter(screen, quit_event)  # taken: the loop is not stopped
        assert not screen.isVisible()
        assert not QCoreApplication.closingDown()
    finally:
        await app.shutdown()
        qt_app.setQuitOnLastWindowClosed(True)


def test_help_opens_the_log_folder(tmp_path: Path, qtbot: QtBot) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    opened: list[QUrl] = []
    url = app.open_log_folder(opened.append)
    assert opened == [url]
    assert url.toLocalFile() == str(tmp_path / "data" / "logs")
    assert (tmp_path / "data" / "logs").is_dir()
