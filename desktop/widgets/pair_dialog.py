"""A dialog whose answer is two ids (a player and a colour, a player off and one on)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QVBoxLayout, QWidget


class PairDialog(QDialog):
    """Accepts only once ``values()`` has an answer, and hands it on without blocking.

    Laid out the same for every pair: the team, the pickers (``body``), why the rules
    refuse it now (``refusal``), then OK and Cancel (``buttons``).
    """

    def _lay_out(self, team: QWidget, body: QLayout) -> None:
        self.refusal = QLabel("")
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #8A1C1C; font-weight: 600;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(team)
        layout.addLayout(body)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[str, str] | None:
        raise NotImplementedError

    def _accept(self) -> None:
        if self.values() is not None:
            self.accept()

    def open_with(self, done: Callable[[str, str], object]) -> None:
        """Show without blocking; ``done`` gets the two values when accepted."""

        def finished() -> None:
            picked = self.values()
            if picked is not None:
                done(*picked)

        self.accepted.connect(finished)
        self.open()
