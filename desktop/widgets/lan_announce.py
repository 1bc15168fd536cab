"""The host box's LAN option: announce the hosted relay on this network, under a name."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from desktop.lan_settings import MAX_NAME, LanAnnouncement


class LanAnnounceOption(QWidget):
    changed = Signal(object)  # LanAnnouncement

    def __init__(
        self, current: LanAnnouncement, machine_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.advertise = QCheckBox("Let scorers on this network find it, as")
        self.advertise.setObjectName("lan_advertise")
        self.advertise.setChecked(current.advertise)
        self.name = QLineEdit(current.name)
        self.name.setObjectName("lan_name")
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(machine_name)
        self.name.setEnabled(current.advertise)
        self.advertise.toggled.connect(self.name.setEnabled)
        self.advertise.toggled.connect(lambda _on: self._emit())
        self.name.editingFinished.connect(self._emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.advertise)
        layout.addWidget(self.name, 1)

    def choice(self) -> LanAnnouncement:
        return LanAnnouncement(self.advertise.isChecked(), self.name.text().strip())

    def _emit(self) -> None:
        self.changed.emit(self.choice())
