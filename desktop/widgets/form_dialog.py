"""A small dialog of labelled choices: timeouts, technical points, cards, substitutions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

MIN_WIDTH = 360


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        # Room for the title in the title bar, which is sized from the dialog's width.
        self.setMinimumWidth(max(MIN_WIDTH, self.fontMetrics().horizontalAdvance(title) * 3))
        self._form = QFormLayout(self)
        self._fields: dict[str, QComboBox | QSpinBox | QLineEdit] = {}
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

    def choice(self, key: str, label: str, options: list[tuple[str, Any]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(key)
        for text, value in options:
            box.addItem(text, value)
        self._add(key, label, box)
        return box

    def number(self, key: str, label: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(key)
        spin.setRange(low, high)
        spin.setValue(value)
        self._add(key, label, spin)
        return spin

    def text(self, key: str, label: str, value: str = "") -> QLineEdit:
        line = QLineEdit(value)
        line.setObjectName(key)
        self._add(key, label, line)
        return line

    def _add(self, key: str, label: str, widget: QComboBox | QSpinBox | QLineEdit) -> None:
        self._fields[key] = widget
        self._form.addRow(label, widget)

    def open_with(self, done: Callable[[dict[str, Any]], object]) -> None:
        """Show the dialog without blocking; ``done`` gets the values when accepted."""
        self._form.addRow(self._buttons)
        self.accepted.connect(lambda: done(self.values()))
        self.open()

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, widget in self._fields.items():
            if isinstance(widget, QComboBox):
                result[key] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                result[key] = widget.value()
            else:
                result[key] = widget.text().strip()
        return result
