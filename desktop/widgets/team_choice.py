"""Which team a dialog is about: one radio button per team, named in full."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from relay.rules.events import Side


class TeamChoice(QWidget):
    changed = Signal(str)  # the side picked

    def __init__(self, names: dict[Side, str], side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[Side, QRadioButton] = {}
        group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Team</b>"))
        for team_side in ("home", "away"):
            button = QRadioButton(names[team_side])
            button.setObjectName(f"team_{team_side}")
            button.setChecked(team_side == side)
            button.toggled.connect(lambda on, s=team_side: self.changed.emit(s) if on else None)
            group.addButton(button)
            layout.addWidget(button)
            self.buttons[team_side] = button
        layout.addStretch(1)

    @property
    def side(self) -> Side:
        return "home" if self.buttons["home"].isChecked() else "away"
