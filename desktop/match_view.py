"""The match as the scoring window shows it: the widgets' one way to read the client.

A view-model: it forwards the client's signals and answers what the window asks (the
state to draw, the play-by-play, the link, the relay's clock), so that widgets never
hold the network client. What the scorer does goes the other way, through
:class:`desktop.scoring.ScoringController`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.client import ScorerClient
from desktop.ledger import Ledger
from desktop.link import ConnectionStatus, PresenceInfo
from relay.rules.state import MatchState


class MatchView(QObject):
    changed = Signal()  # state, log or pending events changed
    statusChanged = Signal(object)  # ConnectionStatus
    presenceChanged = Signal(object)  # PresenceInfo
    refused = Signal(object)  # RejectedEvent: the relay refused one of this scorer's events
    problem = Signal(str)  # something the scorer should know and act on, in words

    def __init__(self, client: ScorerClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        client.changed.connect(self.changed)
        client.statusChanged.connect(self.statusChanged)
        client.presenceChanged.connect(self.presenceChanged)
        client.refused.connect(self.refused)
        client.problem.connect(self.problem)

    @property
    def state(self) -> MatchState | None:
        """The match as the scorer sees it: the relay's word plus the events in flight."""
        return self._client.ledger.preview

    @property
    def ledger(self) -> Ledger:
        return self._client.ledger

    @property
    def status(self) -> ConnectionStatus:
        return self._client.status

    @property
    def presence(self) -> PresenceInfo:
        return self._client.presence

    @property
    def me(self) -> str:
        """This scorer's name."""
        target = self._client.target
        return target.name if target else ""

    def queued(self) -> int:
        """Events entered here that the relay has not acknowledged yet (kept on disk)."""
        return self._client.queued()

    def relay_now(self) -> int:
        """The relay's time now, for the clocks."""
        return self._client.ledger_clock()
