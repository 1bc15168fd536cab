"""The scoreboard band's data: scores, half, clocks, raiding team, flags."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from relay.rules.countdown import half_remaining_ms, mmss, raid_remaining_ms, seconds_left
from relay.rules.events import Side
from relay.rules.phases import PHASES
from relay.rules.state import MatchState, TeamState


@dataclass(frozen=True)
class TeamLine:
    name: str
    short_name: str
    color: str
    score: int
    all_outs: int
    timeouts_left: int
    do_or_die: bool
    on_mat: int


def _line(team: TeamState) -> TeamLine:
    return TeamLine(
        name=team.name,
        short_name=team.short_name,
        color=team.color or "#555555",
        score=team.score,
        all_outs=team.all_outs_inflicted,
        timeouts_left=team.timeouts_left,
        do_or_die=team.do_or_die,
        on_mat=len(team.on_court),
    )


class ScoreboardModel(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: MatchState | None = None
        self.unconfirmed = 0  # events shown but not yet accepted by the relay

    def update(self, state: MatchState | None, unconfirmed: int = 0) -> None:
        self.state = state
        self.unconfirmed = unconfirmed
        self.changed.emit()

    @property
    def unconfirmed_text(self) -> str:
        if not self.unconfirmed:
            return ""
        return f"includes {self.unconfirmed} event(s) not yet confirmed"

    def team(self, side: Side) -> TeamLine | None:
        if self.state is None:
            return None
        return _line(self.state.home if side == "home" else self.state.away)

    @property
    def raiding(self) -> Side | None:
        return self.state.raiding_team if self.state else None

    @property
    def phase_text(self) -> str:
        return PHASES[self.state.phase].label if self.state else "No match"

    def clock_remaining_ms(self, now: int) -> int | None:
        if self.state is None:
            return None
        return half_remaining_ms(self.state.clock, now)

    def clock_text(self, now: int) -> str:
        """The match clock as shown: "" in phases without one (the tie-break, the end)."""
        if self.state is not None and not PHASES[self.state.phase].clock_shown:
            return ""
        remaining = self.clock_remaining_ms(now)
        return "--:--" if remaining is None else mmss(remaining)

    @property
    def clock_running(self) -> bool:
        return bool(self.state and self.state.clock.running)

    def raid_seconds_left(self, now: int) -> int | None:
        if self.state is None or self.state.raid_clock is None:
            return None
        return seconds_left(raid_remaining_ms(self.state.raid_clock, now))
