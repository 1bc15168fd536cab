"""One team's squad as a list model, in the order the tiles show it.

The order is fixed for the match: the players on the mat when the model first sees
the squad, then the rest, each in squad order. Going out, coming back, a substitution
or a card changes a tile's look, never its place (a scorer's hand learns the places).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from relay.rules.countdown import suspension_remaining_ms
from relay.rules.events import Side
from relay.rules.state import MatchState, PlayerState, TeamState

STATUS_LABELS = {
    "onCourt": "On the mat",
    "out": "Out",
    "suspended": "Suspended",
    "bench": "Bench",
    "sentOff": "Sent off",
}


class PlayerRole(IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Number = Qt.ItemDataRole.UserRole + 2
    Name = Qt.ItemDataRole.UserRole + 3
    Status = Qt.ItemDataRole.UserRole + 4
    Revival = Qt.ItemDataRole.UserRole + 5  # 1 = first back, None when not out
    RaidPoints = Qt.ItemDataRole.UserRole + 6
    TacklePoints = Qt.ItemDataRole.UserRole + 7


def first_order(team: TeamState) -> list[str]:
    """The tiles' places: on the mat (the starting seven, at the start), then the rest."""
    on_mat = [p.id for p in team.players if p.status == "onCourt"]
    return on_mat + [p.id for p in team.players if p.id not in on_mat]


def ordered_players(team: TeamState, order: list[str]) -> list[PlayerState]:
    by_id = {p.id: p for p in team.players}
    return [by_id[pid] for pid in order if pid in by_id]


class PlayersModel(QAbstractListModel):
    def __init__(self, side: Side, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self._players: list[PlayerState] = []
        self._revival: dict[str, int] = {}
        self._order: list[str] = []
        self.state: MatchState | None = None

    def update(self, state: MatchState | None) -> None:
        self.beginResetModel()
        self.state = state
        if state is None:
            self._players, self._revival = [], {}
        else:
            team = state.home if self.side == "home" else state.away
            if sorted(self._order) != sorted(p.id for p in team.players):
                self._order = first_order(team)  # a new squad: a new match
            self._players = ordered_players(team, self._order)
            self._revival = {pid: i + 1 for i, pid in enumerate(team.out_order)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._players)

    def player(self, row: int) -> PlayerState:
        return self._players[row]

    def players(self) -> list[PlayerState]:
        return list(self._players)

    def suspension_left_ms(self, player: PlayerState, now: int) -> int | None:
        """Match-clock time until a suspended player may return (the clock must run)."""
        if self.state is None:
            return None
        return suspension_remaining_ms(player, self.state.clock, now)

    def by_number(self, number: int) -> PlayerState | None:
        return next((p for p in self._players if p.number == number), None)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._players):
            return None
        p = self._players[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{p.number} {p.name}"
        values: dict[int, Any] = {
            PlayerRole.Id: p.id,
            PlayerRole.Number: p.number,
            PlayerRole.Name: p.name,
            PlayerRole.Status: p.status,
            PlayerRole.Revival: self._revival.get(p.id),
            PlayerRole.RaidPoints: p.stats.raid_points,
            PlayerRole.TacklePoints: p.stats.tackle_points,
        }
        return values.get(role)

    def roleNames(self) -> dict[int, QByteArray]:
        return {role.value: QByteArray(role.name.lower().encode()) for role in PlayerRole}
