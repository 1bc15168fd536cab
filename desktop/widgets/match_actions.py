"""Buttons for the match-level events, for scorers who click rather than type."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

# action -> (label, shortcut)
MATCH_ACTIONS: dict[str, tuple[str, str]] = {
    "clock": ("Start clock", "C"),
    "endHalf": ("End half", "Ctrl+E"),
    "timeout": ("Timeout", "Ctrl+T"),
    "technical": ("Technical", "Ctrl+P"),
    "card": ("Card", "Ctrl+K"),
    "substitution": ("Substitution", "Ctrl+U"),
    "lostTurn": ("Lost turn", "Ctrl+L"),
    "correct": ("Correct…", "Ctrl+R"),
    "review": ("Review…", "Ctrl+Shift+R"),
    "undo": ("Undo", "Ctrl+Z"),
}


class MatchActions(QWidget):
    action = Signal(str)  # one of MATCH_ACTIONS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, (name, (label, key)) in enumerate(MATCH_ACTIONS.items()):
            button = QPushButton(f"{label} [{key}]")
            button.setObjectName(f"match_{name}")
            button.setFocusPolicy(button.focusPolicy().NoFocus)
            button.setToolTip(f"{label} ({key})")
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            self.buttons[name] = button
            layout.addWidget(button, i // 5, i % 5)

    def show_state(
        self,
        clock_label: str | None,
        clock_refusal: str | None,
        can_undo: bool,
        refusals: dict[str, str | None] | None = None,
    ) -> None:
        """Enable what the rules allow; a refused button says why in its tooltip."""
        for name, reason in (refusals or {}).items():
            button = self.buttons[name]
            label, key = MATCH_ACTIONS[name]
            button.setEnabled(reason is None)
            button.setToolTip(reason or f"{label} ({key})")
        clock = self.buttons["clock"]
        clock.setText(f"{clock_label or 'Clock'} [C]")
        clock.setEnabled(clock_label is not None and clock_refusal is None)
        clock.setToolTip(clock_refusal or f"{clock_label or 'Clock'} (C)")
        undo = self.buttons["undo"]
        undo.setEnabled(can_undo)
        undo.setToolTip("Undo the latest event (Ctrl+Z)" if can_undo else "Nothing to undo.")
