"""The notice line's one message: what the scorer's last action led to, or a problem.

A message belongs to the situation it was said in: it clears when the match moves on
(an event entered here or by another scorer, a refusal) or when the raid being entered
changes, so a refusal never outlives its truth. Problems with the link stay until the
scorer dismisses them or something newer is said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Signal

from desktop.ledger import Ledger

NoticeKind = Literal["refusal", "error", "info", "success"]


@dataclass(frozen=True)
class Notice:
    text: str
    kind: NoticeKind
    sticky: bool = False  # stays when the situation changes (a problem with the link)


def situation(ledger: Ledger) -> frozenset[str]:
    """The events in effect here (accepted or on their way): a new one, or one refused,
    is a new situation; an acknowledgement is not."""
    ids = {e.event.client_event_id for e in ledger.log}
    ids.update(p.event.client_event_id for p in ledger.pending)
    return frozenset(ids)


class NoticeModel(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: Notice | None = None
        self._situation: frozenset[str] = frozenset()

    def say(self, text: str, kind: NoticeKind = "info", sticky: bool = False) -> None:
        self.current = Notice(text, kind, sticky)
        self.changed.emit()

    def dismiss(self) -> None:
        if self.current is not None:
            self.current = None
            self.changed.emit()

    def entry_changed(self) -> None:
        """The raid being entered changed: a refusal of the raid before is out of date."""
        if self.current is not None and self.current.kind == "refusal":
            self.dismiss()

    def match_changed(self, ledger: Ledger) -> None:
        now = situation(ledger)
        if now == self._situation:
            return
        self._situation = now
        if self.current is not None and not self.current.sticky:
            self.dismiss()
