"""The play-by-play: accepted events, then the scorer's pending and refused ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.ledger import Ledger, RejectedEvent
from relay.rules.state import MatchState
from relay.wire import Score

RowStatus = Literal["accepted", "pending", "rejected"]
COLUMNS = ("Seq", "Score", "Play", "Scorer", "Status")


@dataclass(frozen=True)
class PlayRow:
    seq: int | None
    text: str
    by: str
    status: RowStatus
    detail: str = ""
    event_type: str = ""
    score: str = ""  # after the event, "PAT 3–0 BEN"; empty when there is none


def score_text(score: Score | None, state: MatchState | None) -> str:
    """The score after an event as the play-by-play shows it, with the teams' short names."""
    if score is None or state is None:
        return ""
    return f"{state.home.short_name} {score.home}–{score.away} {state.away.short_name}"


def rows_of(ledger: Ledger, me: str = "") -> list[PlayRow]:
    teams = ledger.preview or ledger.confirmed
    rows = [
        PlayRow(
            e.seq,
            e.text,
            e.event.by or "",
            "accepted",
            event_type=e.event.type,
            score=score_text(e.score, teams),
        )
        for e in ledger.log
    ]
    rows += [
        PlayRow(None, _refused_text(r), me, "rejected", r.message, r.event.type)
        for r in ledger.rejected
    ]
    rows += [
        PlayRow(
            p.seq,
            p.text or p.event.type,
            me,
            "pending",
            p.preview_error or "",
            p.event.type,
            score_text(p.score, teams),
        )
        for p in ledger.pending
    ]
    return rows


def _refused_text(rejected: RejectedEvent) -> str:
    return f"{rejected.text or rejected.event.type} — not recorded"


class PlayByPlayModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlayRow] = []

    def update(self, ledger: Ledger, me: str = "") -> None:
        self.beginResetModel()
        self._rows = rows_of(ledger, me)
        self.endResetModel()

    def rows(self) -> list[PlayRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = {
                "accepted": "✓",
                "pending": "pending" if row.seq is None else "✓ (sent)",
                "rejected": f"refused: {row.detail}",
            }[row.status]
            seq = "" if row.seq is None else str(row.seq)
            values = (seq, row.score, row.text, row.by, status)
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "rejected":
                return QColor("#B00020")
            if row.status == "pending":
                return QColor("#8A6D00")
        return None
