"""The match state: everything a scoreboard, a viewer or a stats sheet needs.

The state is plain data. :func:`relay.rules.engine.apply` never changes the
state it is given; it returns a new one. All times are milliseconds: ``at``
values are the relay's clock (Unix epoch), ``*_ms`` durations are match-clock
time, which only runs while the clock runs.
"""

from __future__ import annotations

import operator
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr

from relay.rules.base import Record
from relay.rules.events import Side
from relay.rules.settings import Preset, RuleSettings

Phase = Literal[
    "scheduled",  # set up, clock not started yet
    "firstHalf",
    "halfTime",
    "secondHalf",
    "fullTime",  # second half over, tie-break pending (tieBreak == fiveRaids and level)
    "tieBreak",  # five raids a team
    "goldenRaid",
    "finished",
]
# Left out of the JSON when zero or false; clients read a missing counter as 0.
Count = Annotated[int, Field(exclude_if=operator.not_)]
Flag = Annotated[bool, Field(exclude_if=operator.not_)]
PlayerStatus = Literal["onCourt", "out", "bench", "suspended", "sentOff"]


class PlayerStats(Record):
    """A player's counters. Zeros (and false flags) are left out of the JSON: most players
    have few non-zero counters, and the state goes to every viewer with every event."""

    raid_points: Count = 0  # touch + bonus
    touch_points: Count = 0
    bonus_points: Count = 0
    tackle_points: Count = 0
    raids: Count = 0
    raids_successful: Count = 0
    raids_unsuccessful: Count = 0
    raids_empty: Count = 0
    tackles: Count = 0  # tackle attempts (as a named tackler)
    tackles_successful: Count = 0
    tackles_failed: Count = 0
    super_raids: Count = 0
    super_tackles: Count = 0
    do_or_die_raids: Count = 0
    do_or_die_successful: Count = 0
    super10: Flag = False
    high5: Flag = False
    green_cards: Count = 0
    yellow_cards: Count = 0
    red_cards: Count = 0


class PlayerState(Record):
    id: str
    name: str
    number: int
    status: PlayerStatus
    suspended_until_ms: int | None = None  # on the played clock, see ClockState.played_ms
    # A yellow card while out: the suspension (this long) starts when he would be revived.
    suspension_due_ms: int | None = None
    stats: PlayerStats = Field(default_factory=PlayerStats)


class TeamPoints(Record):
    raid: int = 0
    tackle: int = 0
    all_out: int = 0
    extra: int = 0  # the sum of ExtraPoints
    technical: int = 0  # technical points and cards against the other side


class ExtraPoints(Record):
    """Points a team scores from the other side's mistakes, by kind."""

    line_out: Count = 0  # defenders who stepped out during this team's raids
    raider_out: Count = 0  # raiders out without a tackle (out of bounds, lobby, ...)
    do_or_die: Count = 0  # empty do-or-die raids of the other side


class TeamState(Record):
    name: str
    short_name: str
    color: str | None
    score: int = 0
    points: TeamPoints = Field(default_factory=TeamPoints)
    extras: ExtraPoints = Field(default_factory=ExtraPoints)
    players: list[PlayerState]
    on_court: list[str]  # ids on the mat
    out_order: list[str] = Field(default_factory=list)  # ids out, first back first
    empty_raids: int = 0  # consecutive empty raids
    do_or_die: bool = False  # this team's next raid is do-or-die
    timeouts_left: int
    substitutions_used: int = 0
    all_outs_inflicted: int = 0
    raids: int = 0
    tackles: int = 0
    do_or_die_raids: Count = 0
    do_or_die_successful: Count = 0
    reviews_left: int = 0
    reviews: Count = 0  # reviews taken
    reviews_kept: Count = 0  # successful (overturned) reviews, which the team keeps


class ClockState(Record):
    half: int = 1  # 1, 2; 3 for the tie-break
    running: bool = False
    half_ms: int  # length of a half
    elapsed_ms: int = 0  # of this half, as of ``since``
    played_ms: int = 0  # of the whole match, as of ``since``
    since: int | None = None  # relay time when it last started running


class RaidClock(Record):
    team: Side
    raider_id: str
    started_at: int
    seconds: int


class Leader(Record):
    player_id: str
    team: Side
    points: int


def _no_tie_break_raids() -> dict[Side, list[str]]:
    return {"home": [], "away": []}


class TieBreakState(Record):
    first: Side
    raids: dict[Side, list[str]] = Field(default_factory=_no_tie_break_raids)
    golden_toss: Side | None = None  # who won the toss for the golden raid
    golden_raids: list[Side] = Field(default_factory=list)  # teams that raided it, in order
    winner_toss: Side | None = None  # still level after the golden raid(s): the toss winner


class MatchState(Record):
    rules: Preset
    settings: RuleSettings
    phase: Phase = "scheduled"
    home: TeamState
    away: TeamState
    first_raid: Side  # the toss: who raided first in the first half
    raiding_team: Side
    clock: ClockState
    raid_clock: RaidClock | None = None
    # Time ran out during a raid: the raid is completed, then the half ends.
    half_ends_after_raid: Flag = False
    tie_break: TieBreakState | None = None
    winner: Literal["home", "away", "draw"] | None = None
    top_raider: Leader | None = None
    top_defender: Leader | None = None
    last_seq: int = 0
    last_event_at: int = 0
    # The engine's undo history (relay.rules.history.UndoLink); never serialized, so a
    # state loaded from JSON cannot undo: replay the log instead.
    _undo: object = PrivateAttr(default=None)
