"""The play-by-play: accepted events, then the scorer's pending and refused ones.

An event a later one undid, corrected or overturned says so in its status (greyed; an
undone one struck through); the status column stays one short word, the reason is in
the tooltip.
"""

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
from PySide6.QtGui import QColor, QFont

from desktop.ledger import Ledger, RejectedEvent
from desktop.marks import marks, what_it_did
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
    mark: str = ""  # "undone", "corrected", "overturned": what a later event did to it


def score_text(score: Score | None, state: MatchState | None) -> str:
    """The score after an event as the play-by-play shows it, with the teams' short names."""
    if score is None or state is None:
        return ""
    return f"{state.home.short_name} {score.home}–{score.away} {state.away.short_name}"


def rows_of(ledger: Ledger, me: str = "") -> list[PlayRow]:
    teams = ledger.preview or ledger.confirmed
    later = marks(ledger.log)
    rows = [
        PlayRow(
            e.seq,
            e.text,
            e.event.by or "",
            "accepted",
            detail=later[e.seq].text if e.seq in later else what_it_did(e),
            event_type=e.event.type,
            score=score_text(e.score, teams),
            mark=later[e.seq].word if e.seq in later else "",
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
            seq = "" if row.seq is None else str(row.seq)
            values = (seq, row.score, row.text, row.by, status_text(row))
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{row.text}\n{row.detail}" if row.detail else row.text
            return tip or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "rejected":
                return QColor("#B00020")
            if row.status == "pending":
                return QColor("#8A6D00")
            if row.mark:
                return QColor("#808080")
        if role == Qt.ItemDataRole.FontRole and row.mark == "undone":
            font = QFont()
            font.setStrikeOut(index.column() == COLUMNS.index("Play"))
            return font
        return None


def status_text(row: PlayRow) -> str:
    """One short word; the reason is in the tooltip."""
    if row.status == "rejected":
        return "refused"
    if row.status == "pending":
        return "sending…" if row.seq is None else "✓ sent"
    return row.mark or "✓"
