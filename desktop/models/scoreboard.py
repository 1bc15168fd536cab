"""The scoreboard band's data: scores, half, clocks, raiding team, flags."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.ledger import Ledger
from relay.rules.countdown import (
    half_remaining_ms,
    mmss,
    raid_remaining_ms,
    seconds_left,
    timeout_remaining_ms,
)
from relay.rules.events import Side, Timeout
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


@dataclass(frozen=True)
class TimeoutTaken:
    team: Side
    at: int  # relay time of the timeout


def timeout_taken(ledger: Ledger) -> TimeoutTaken | None:
    """The timeout the clock stopped for: the latest event in effect, if it is one."""
    latest = ledger.latest_in_effect()
    if latest is None or not isinstance(latest.event, Timeout) or latest.event.at is None:
        return None
    return TimeoutTaken(latest.event.team, latest.event.at)


class ScoreboardModel(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: MatchState | None = None
        self.unconfirmed = 0  # events shown but not yet accepted by the relay
        self.timeout: TimeoutTaken | None = None  # the timeout the clock stopped for

    def update(
        self,
        state: MatchState | None,
        unconfirmed: int = 0,
        timeout: TimeoutTaken | None = None,
    ) -> None:
        self.state = state
        self.unconfirmed = unconfirmed
        self.timeout = timeout
        self.changed.emit()

    @property
    def unconfirmed_text(self) -> str:
        if not self.unconfirmed:
            return ""
        events = "event" if self.unconfirmed == 1 else "events"
        return f"includes {self.unconfirmed} {events} not yet confirmed"

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

    @property
    def clock_paused(self) -> bool:
        """Stopped in the middle of a half: a timeout, an injury, the referee."""
        state = self.state
        return bool(state and PHASES[state.phase].half and not state.clock.running)

    def stopped_text(self, now: int) -> str:
        """What the band says under a stopped clock: "" while it runs."""
        if not self.clock_paused or self.state is None:
            return ""
        timeout = self.timeout
        if timeout is None:
            return "PAUSED"
        team = self.state.home if timeout.team == "home" else self.state.away
        left = timeout_remaining_ms(timeout.at, now)
        if left <= 0:
            return f"TIMEOUT {team.short_name} over: resume (C)"
        return f"TIMEOUT {team.short_name} · {mmss(left)}"

    def raid_seconds_left(self, now: int) -> int | None:
        if self.state is None or self.state.raid_clock is None:
            return None
        return seconds_left(raid_remaining_ms(self.state.raid_clock, now))
