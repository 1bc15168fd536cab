"""Asked before the scoring window closes while events are still on their way.

It never blocks (it is opened with ``open``, not ``exec``), and it says the truth:
nothing is lost either way, because queued events are on disk and are sent the next
time this match is opened.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def quit_question(queued: int) -> str:
    events = "1 event has" if queued == 1 else f"{queued} events have"
    return (
        f"{events} not reached the relay yet.\n\n"
        "Nothing is lost either way: they are saved on this computer. Keep scoring and "
        "they are sent as soon as the relay answers; quit and they are sent the next "
        "time you open this match."
    )


class QuitPrompt(QMessageBox):
    def __init__(self, queued: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quit_box")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Quit with events not yet sent?")
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.AcceptRole)
        self.keep_button = self.addButton("Keep scoring", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.set_queued(queued)

    def set_queued(self, queued: int) -> None:
        self.setText(quit_question(queued))

    def quits(self) -> bool:
        """Whether the scorer chose to quit."""
        return self.clickedButton() is self.quit_button
