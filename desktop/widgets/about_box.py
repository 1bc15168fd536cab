"""Help → About: the app's name, version and where its data lives."""

from __future__ import annotations

from pathlib import Path

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


def show_about(parent: QWidget, data_dir: Path | None = None) -> None:
    QMessageBox.about(parent, "About Kabaddi Live Scorer", about_text(data_dir))
