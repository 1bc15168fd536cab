"""Closing the window of a hosted match: keep the relay running for the others, or stop it.

Watches the window's close events; the first one is held back while the question is
open (``QMessageBox.open``: no nested event loop, so the match keeps running and a
test can answer it). The answer is reported by ``decided``; the app then closes the
window for good with :meth:`allow_close`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

KEEP = "keep"
STOP = "stop"


class HostedClosePrompt(QObject):
    decided = Signal(str)  # KEEP or STOP; nothing when the scorer cancels

    def __init__(self, window: QWidget, viewers_and_scorers: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.box: QMessageBox | None = None
        self._allowed = False
        self._who = viewers_and_scorers
        window.installEventFilter(self)

    def allow_close(self) -> None:
        self._allowed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self._allowed:
            event.ignore()
            self.ask()
            return True
        return False

    def ask(self) -> QMessageBox:
        if self.box is not None and self.box.isVisible():
            return self.box
        box = QMessageBox(self.window)
        box.setObjectName("hosted_close_prompt")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Close the scorer app")
        box.setText("This laptop hosts the match. Keep the relay running for the others?")
        box.setInformativeText(
            "Keep it running: the other scorers and the viewers carry on, and opening the"
            " app again takes you back to the match.\n"
            "Stop it: everyone is disconnected until someone hosts again."
            + (f"\n\n{self._who}" if self._who else "")
        )
        keep = box.addButton("Keep it running", QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keep_relay")
        stop = box.addButton("Stop the relay", QMessageBox.ButtonRole.DestructiveRole)
        stop.setObjectName("stop_relay")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)

        def clicked(button: QAbstractButton) -> None:
            if button is keep:
                self.decided.emit(KEEP)
            elif button is stop:
                self.decided.emit(STOP)

        box.buttonClicked.connect(clicked)
        self.box = box
        box.open()
        return box
