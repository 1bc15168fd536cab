"""The relays found on the LAN as a tree model: each relay, and under it its live matches.

Fed by :class:`desktop.discovery.RelayBrowser` (``show`` and ``forget``); a match row
carries the relay's websocket URL and the match id, which is all a scorer needs besides
the token.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

if TYPE_CHECKING:
    from desktop.discovery import FoundRelay


class RelayRole(IntEnum):
    Key = Qt.ItemDataRole.UserRole + 1  # the relay's service name (relay rows)
    Url = Qt.ItemDataRole.UserRole + 2  # the websocket URL (match rows)
    MatchId = Qt.ItemDataRole.UserRole + 3  # (match rows)


def relay_label(relay: FoundRelay) -> str:
    secure = ", secure" if relay.tls else ""
    label = f"{relay.name} — {relay.address}:{relay.port}{secure}"
    return f"{label} — {relay.problem}" if relay.problem else label


class RelayListModel(QStandardItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Relays on this network"])

    def show(self, relay: FoundRelay) -> None:
        """Add the relay, or bring its row and its matches up to date."""
        row = self._row_of(relay.key)
        if row is None:
            row = QStandardItem()
            row.setEditable(False)
            row.setData(relay.key, RelayRole.Key)
            self.appendRow(row)
        row.setText(relay_label(relay))
        row.setData(relay.ws_url, RelayRole.Url)
        row.removeRows(0, row.rowCount())
        for match in relay.matches:
            item = QStandardItem(match.label)
            item.setEditable(False)
            item.setData(relay.ws_url, RelayRole.Url)
            item.setData(match.match_id, RelayRole.MatchId)
            row.appendRow(item)
        if not relay.matches and relay.problem is None:
            empty = QStandardItem("No match being scored yet")
            empty.setEditable(False)
            empty.setEnabled(False)
            row.appendRow(empty)

    def forget(self, key: str) -> None:
        row = self._row_of(key)
        if row is not None:
            self.removeRow(row.row())

    def relay_names(self) -> list[str]:
        """The relays listed, as their rows read."""
        return [self.item(r).text() for r in range(self.rowCount())]

    def matches_of(self, key: str) -> list[tuple[str, str]]:
        """The (URL, match id) of each match listed under a relay."""
        row = self._row_of(key)
        if row is None:
            return []
        children = (row.child(r) for r in range(row.rowCount()))
        return [
            (child.data(RelayRole.Url), child.data(RelayRole.MatchId))
            for child in children
            if child.data(RelayRole.MatchId)
        ]

    def choice(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str] | None:
        """The (URL, match id) a row stands for; None for a relay or a placeholder row."""
        match_id = index.data(RelayRole.MatchId)
        return (index.data(RelayRole.Url), match_id) if match_id else None

    def relay_keys(self) -> list[str]:
        return [self.item(r).data(RelayRole.Key) for r in range(self.rowCount())]

    def _row_of(self, key: str) -> QStandardItem | None:
        for r in range(self.rowCount()):
            item = self.item(r)
            if item.data(RelayRole.Key) == key:
                return item
        return None
