"""Pick a player by typing the jersey number (as in the raid entry) or from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.choices import Pick

ID_ROLE = Qt.ItemDataRole.UserRole
ENTER_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


class _NumberField(QLineEdit):
    """Enter here picks (see PlayerPicker.confirmed); it does not press the dialog's OK."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in ENTER_KEYS:
            event.accept()


class PlayerPicker(QWidget):
    picked = Signal()  # the selection changed
    confirmed = Signal()  # Enter in the number field, with a player picked

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.number = _NumberField()
        self.number.setObjectName(f"{name}_number")
        self.number.setPlaceholderText("Type the jersey number")
        self.number.setValidator(QIntValidator(0, 999, self))
        self.list = QListWidget()
        self.list.setObjectName(f"{name}_list")
        self.note = QLabel("")
        self.note.setObjectName(f"{name}_note")
        self.note.setStyleSheet("color: #8A1C1C;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        self.number.textEdited.connect(self._typed)
        self.number.returnPressed.connect(self._enter)
        self.list.currentItemChanged.connect(lambda *_: self.picked.emit())
        self._picks: list[Pick] = []

    def set_players(self, picks: list[Pick], empty_note: str = "") -> None:
        self._picks = list(picks)
        self.list.clear()
        for pick in picks:
            item = QListWidgetItem(pick.label)
            item.setData(ID_ROLE, pick.id)
            self.list.addItem(item)
        self.number.clear()
        self.note.setText("" if picks else empty_note)
        if picks:
            self.list.setCurrentRow(0)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def _typed(self, text: str) -> None:
        if not text:
            self.note.setText("")
            return
        row = next((i for i, p in enumerate(self._picks) if str(p.number) == text), None)
        if row is None:
            self.note.setText(f"No #{text} to pick here.")
            return
        self.note.setText("")
        self.list.setCurrentRow(row)

    def _enter(self) -> None:
        if self.number.text() and self.note.text():
            return  # a number nobody here wears: nothing to confirm
        if self.selected() is not None:
            self.confirmed.emit()
