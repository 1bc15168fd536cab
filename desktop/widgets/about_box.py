"""Help → About: the app's name, version and where its data lives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relay.version import package_version


def about_text(data_dir: Path | None = None) -> str:
    lines = [
        f"<h3>Kabaddi Live Scorer {package_version()}</h3>",
        "<p>Live kabaddi scoring: every raid goes to the relay, which checks it against "
        "the rules, stores it and shows it to viewers and the other scorers.</p>",
    ]
    if data_dir is not None:
        lines.append(f"<p>Matches and queued events are kept in <tt>{data_dir}</tt>.</p>")
    return "".join(lines)


class AboutBox(QMessageBox):
    """Shown with ``open()``: it never blocks the event loop, and deletes itself when closed."""

    def __init__(self, parent: QWidget | None = None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Kabaddi Live Scorer")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(about_text(data_dir))
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
