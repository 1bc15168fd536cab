"""A scorer's notebook for the rules tests: build a match event by event, keep the log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from relay.rules import MatchState, RuleError, apply
from relay.rules.demo import demo_setup
from relay.rules.events import (
    Card,
    Clock,
    Correct,
    Correctable,
    Event,
    Raid,
    RaiderOut,
    RaidStart,
    Review,
    Side,
    Substitution,
    Technical,
    Timeout,
    Toss,
    Undo,
)
from relay.rules.settings import Preset, SettingsOverrides
from relay.rules.state import TeamState

RaidType = Literal["successful", "unsuccessful", "empty"]
START = 1_700_000_000_000  # relay time of the setup
STEP = 1_000  # each event comes one second after the last unless told otherwise


class Match:
    def __init__(
        self,
        rules: Preset = "pkl",
        first_raid: Side = "home",
        settings: SettingsOverrides | None = None,
        started: bool = True,
    ) -> None:
        self.now = START
        self.log: list[tuple[Event, int]] = []
        self.lines: list[str] = []
        self._n = 0
        state, line = apply(
            None, demo_setup(rules=rules, first_raid=first_raid, settings=settings), self.now
        )
        self.state: MatchState = state
        self.log.append(
            (demo_setup(rules=rules, first_raid=first_raid, settings=settings), self.now)
        )
        self.lines.append(line)
        if started:
            self.clock("start")

    def _id(self) -> str:
        self._n += 1
        return f"e{self._n}"

    def team(self, side: Side) -> TeamState:
        return self.state.home if side == "home" else self.state.away

    def send(self, event: Event, after: int = STEP) -> str:
        self.now += after
        self.state, line = apply(self.state, event, self.now)
        self.log.append((event, self.now))
        self.lines.append(line)
        return line

    def refuse(self, event: Event, after: int = STEP) -> RuleError:
        before = self.state.model_dump_json()
        try:
            apply(self.state, event, self.now + after)
        except RuleError as error:
            assert self.state.model_dump_json() == before
            return error
        raise AssertionError(f"{event!r} was accepted")

    # --- event makers ----------------------------------------------------------------

    def raid_event(
        self,
        raider: str,
        kind: RaidType = "successful",
        touched: tuple[str, ...] = (),
        bonus: bool = False,
        tacklers: tuple[str, ...] = (),
        line_outs: tuple[str, ...] = (),
        raider_out: RaiderOut | None = None,
    ) -> Raid:
        return Raid(
            client_event_id=self._id(),
            raider_id=raider,
            raid_type=kind,
            touched_ids=touched,
            bonus=bonus,
            tackler_ids=tacklers,
            line_out_ids=line_outs,
            raider_out=raider_out,
        )

    def raid(
        self,
        raider: str,
        kind: RaidType = "successful",
        touched: tuple[str, ...] = (),
        bonus: bool = False,
        tacklers: tuple[str, ...] = (),
        line_outs: tuple[str, ...] = (),
        after: int = STEP,
        raider_out: RaiderOut | None = None,
    ) -> str:
        return self.send(
            self.raid_event(raider, kind, touched, bonus, tacklers, line_outs, raider_out), after
        )

    def out(self, raider: str, reason: RaiderOut, **kwargs: object) -> str:
        """The raider went out by himself (no tackle)."""
        return self.send(self.raid_event(raider, "unsuccessful", raider_out=reason, **kwargs))  # type: ignore[arg-type]

    def empty(self, raider: str, after: int = STEP) -> str:
        return self.raid(raider, "empty", after=after)

    def raid_start(self, raider: str) -> RaidStart:
        return RaidStart(client_event_id=self._id(), raider_id=raider)

    def clock_event(self, action: Literal["start", "pause", "resume", "endHalf"]) -> Clock:
        return Clock(client_event_id=self._id(), action=action)

    def clock(
        self, action: Literal["start", "pause", "resume", "endHalf"], after: int = STEP
    ) -> str:
        return self.send(self.clock_event(action), after)

    def card_event(self, player: str, color: Literal["green", "yellow", "red"]) -> Card:
        return Card(client_event_id=self._id(), player_id=player, color=color)

    def card(self, player: str, color: Literal["green", "yellow", "red"], after: int = STEP) -> str:
        return self.send(self.card_event(player, color), after)

    def sub_event(self, out: str, in_: str) -> Substitution:
        return Substitution(client_event_id=self._id(), out_id=out, in_id=in_)

    def timeout_event(self, team: Side) -> Timeout:
        return Timeout(client_event_id=self._id(), team=team)

    def technical_event(self, team: Side, points: int = 1) -> Technical:
        return Technical(client_event_id=self._id(), team=team, points=points, reason="misconduct")

    def lost_turn_event(self, team: Side) -> Technical:
        """The point to ``team``; the other team loses its raid turn."""
        return Technical(
            client_event_id=self._id(),
            team=team,
            points=1,
            reason="raid not begun in time",
            passes_raid=True,
        )

    def toss(self, winner: Side) -> str:
        return self.send(Toss(client_event_id=self._id(), winner=winner))

    def correct_event(self, target: int, event: Correctable) -> Correct:
        return Correct(client_event_id=self._id(), target_seq=target, event=event)

    def correct(self, target: int, event: Correctable) -> str:
        return self.send(self.correct_event(target, event))

    def review_event(self, team: Side, target: int, event: Raid | None = None) -> Review:
        return Review(
            client_event_id=self._id(),
            team=team,
            target_seq=target,
            overturned=event is not None,
            event=event,
        )

    def undo_event(self, target: int | None = None) -> Undo:
        return Undo(client_event_id=self._id(), target_seq=target or self.state.last_seq)

    def undo(self, target: int) -> str:
        return self.send(self.undo_event(target))


def status(state: MatchState, player_id: str) -> str:
    for team in (state.home, state.away):
        for player in team.players:
            if player.id == player_id:
                return player.status
    raise KeyError(player_id)


def stats_of(state: MatchState, player_id: str) -> dict[str, object]:
    for team in (state.home, state.away):
        for player in team.players:
            if player.id == player_id:
                # Every counter, zeros included (the JSON leaves zeros out).
                stats = player.stats
                return {name: getattr(stats, name) for name in type(stats).model_fields}
    raise KeyError(player_id)


def parts_sum(team: TeamState) -> int:
    p = team.points
    return p.raid + p.tackle + p.all_out + p.extra + p.technical


@dataclass(frozen=True)
class After:
    """What the scoreboard shows after a step: (home, away) each."""

    score: tuple[int, int]
    on_mat: tuple[int, int]
    queues: tuple[list[str], list[str]]  # revival queues, first back first
    line: str  # the commentary line of the step


def check_after(m: Match, line: str, after: After) -> None:
    s = m.state
    shown = After(
        score=(s.home.score, s.away.score),
        on_mat=(len(s.home.on_court), len(s.away.on_court)),
        queues=(s.home.out_order, s.away.out_order),
        line=line,
    )
    assert shown == after, f"\n shown:    {shown}\n expected: {after}"
    assert (parts_sum(s.home), parts_sum(s.away)) == after.score
