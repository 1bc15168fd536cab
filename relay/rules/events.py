"""The scorer's events: a closed set of small immutable types.

Each is one ``type`` of the wire contract. The relay decodes them (see
:mod:`relay.wire`), the rules engine applies them, the store keeps them. An event
carries the scorer's ``clientEventId`` so that a re-sent event is recognised.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from relay.rules.base import Frozen
from relay.rules.settings import Preset, SettingsOverrides

Side = Literal["home", "away"]
Id = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
ClientEventId = Annotated[str, Field(min_length=1, max_length=64)]
Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class Player(Frozen):
    id: Id
    name: str = Field(min_length=1, max_length=40)
    number: int = Field(ge=0, le=999)


class Team(Frozen):
    name: str = Field(min_length=1, max_length=40)
    short_name: str = Field(min_length=1, max_length=6)
    color: Color | None = None
    players: tuple[Player, ...] = Field(min_length=7, max_length=15)
    starting: tuple[Id, ...] = Field(min_length=7, max_length=7)


class EventBase(Frozen):
    client_event_id: ClientEventId
    # Stamped by the relay when it accepts the event; a scorer's values are replaced.
    at: int | None = Field(None, description="relay time in ms, set by the relay")
    by: str | None = Field(None, max_length=40, description="scorer name, set by the relay")


class Setup(EventBase):
    type: Literal["setup"] = "setup"
    rules: Preset
    settings: SettingsOverrides | None = None
    home: Team
    away: Team
    first_raid: Side


class RaidStart(EventBase):
    type: Literal["raidStart"] = "raidStart"
    raider_id: Id


RaiderOut = Literal["outOfBounds", "lobby", "baulkLine", "cant", "timeUp"]


class Raid(EventBase):
    type: Literal["raid"] = "raid"
    raider_id: Id
    raid_type: Literal["successful", "unsuccessful", "empty"]
    touched_ids: tuple[Id, ...] = Field((), max_length=7)
    bonus: bool = False
    tackler_ids: tuple[Id, ...] = Field((), max_length=7)
    line_out_ids: tuple[Id, ...] = Field((), max_length=7)
    raider_out: RaiderOut | None = Field(
        None,
        description="how an unsuccessful raider went out without a tackle; not with tacklerIds",
    )


class Technical(EventBase):
    type: Literal["technical"] = "technical"
    team: Side
    points: int = Field(ge=1, le=10)
    reason: str = Field(min_length=1, max_length=120)
    passes_raid: bool = Field(
        False, description="the other team (due to raid) loses its raid turn to this team"
    )


class Card(EventBase):
    type: Literal["card"] = "card"
    player_id: Id
    color: Literal["green", "yellow", "red"]


class Substitution(EventBase):
    type: Literal["substitution"] = "substitution"
    out_id: Id
    in_id: Id


class Timeout(EventBase):
    type: Literal["timeout"] = "timeout"
    team: Side


class Clock(EventBase):
    type: Literal["clock"] = "clock"
    action: Literal["start", "pause", "resume", "endHalf"]


class Toss(EventBase):
    """The referee's toss in the golden raid: who raids it, or, still level, who wins."""

    type: Literal["toss"] = "toss"
    winner: Side


class Undo(EventBase):
    type: Literal["undo"] = "undo"
    target_seq: int = Field(ge=1)


Correctable = Annotated[
    RaidStart | Raid | Technical | Card | Substitution | Timeout | Clock | Toss,
    Field(discriminator="type"),
]


class Correct(EventBase):
    """Replace the event ``target_seq`` (still in effect) with ``event`` of the same type."""

    type: Literal["correct"] = "correct"
    target_seq: int = Field(ge=2)
    event: Correctable


class Review(EventBase):
    """A team challenges the call on a raid; overturned carries the raid as it should be."""

    type: Literal["review"] = "review"
    team: Side
    target_seq: int = Field(ge=2)
    overturned: bool
    event: Raid | None = None


# Every event a scorer may send; wire.ClientFrame is this and the hello.
AnyEvent = (
    Setup
    | RaidStart
    | Raid
    | Technical
    | Card
    | Substitution
    | Timeout
    | Clock
    | Toss
    | Undo
    | Correct
    | Review
)
Event = Annotated[AnyEvent, Field(discriminator="type")]
EVENT_TYPES: tuple[type[EventBase], ...] = (
    Setup,
    RaidStart,
    Raid,
    Technical,
    Card,
    Substitution,
    Timeout,
    Clock,
    Toss,
    Undo,
    Correct,
    Review,
)
