"""Every frame of the wire contract, typed, with one adapter to decode them.

Text frames, one JSON object each, camelCase on the wire, ``type`` names the frame.
``decode`` turns text into a frame or raises :class:`WireError` with a stable
``code`` and a message that names the offending field; ``encode`` turns a frame
into text. See ``docs/protocol.md`` for the contract in prose.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from relay.rules.base import Frozen, Record
from relay.rules.events import (
    Card,
    Clock,
    Correct,
    Event,
    Raid,
    RaidStart,
    Review,
    Setup,
    Substitution,
    Technical,
    Timeout,
    Toss,
    Undo,
)
from relay.rules.state import MatchState

MAX_FRAME_BYTES = 64 * 1024
MATCH_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
PROTOCOL_VERSION = 1

ErrorCode = Literal[
    "bad_frame",
    "too_large",
    "unknown_type",
    "invalid_field",
    "unauthorized",
    "forbidden",
    "not_set_up",
    "already_set_up",
    "rule_violation",
    "conflict",
    "rate_limited",
    "limit_reached",
    "unavailable",
]
Role = Literal["scorer", "viewer"]


# --- client -> relay ---------------------------------------------------------------


class Hello(Frozen):
    type: Literal["hello"] = "hello"
    role: Role
    match_id: str = Field(pattern=MATCH_ID_PATTERN)
    token: str | None = Field(None, max_length=200)
    client_id: str | None = Field(None, min_length=1, max_length=64)
    name: str | None = Field(None, max_length=40)
    last_seq: int | None = Field(None, ge=0)
    epoch: str | None = Field(None, max_length=64)


# --- relay -> client ---------------------------------------------------------------


class Score(Record):
    """The score after an event, kept with it: what a play-by-play line or an export shows."""

    home: int
    away: int

    @classmethod
    def of(cls, state: MatchState) -> Score:
        return cls(home=state.home.score, away=state.away.score)


_SCORE_DOC = "the score after this event (absent only from relays that predate it)"


class LoggedEvent(Record):
    """An accepted event as kept in the log: the event (with ``at`` and ``by``), its
    commentary (a sentence) and the score after it."""

    seq: int
    event: Event
    text: str
    score: Score | None = Field(None, description=_SCORE_DOC)


class Welcome(Record):
    type: Literal["welcome"] = "welcome"
    match_id: str
    role: Role
    connection_id: str
    epoch: str
    seq: int
    recovered: bool
    state: MatchState | None
    events: list[LoggedEvent]
    protocol: int = PROTOCOL_VERSION
    now: int | None = Field(None, description="relay time in ms when the welcome was sent")


class Ack(Record):
    type: Literal["ack"] = "ack"
    client_event_id: str
    seq: int
    duplicate: bool = False


class Error(Record):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    client_event_id: str | None = None


class EventFrame(Record):
    type: Literal["event"] = "event"
    seq: int
    event: Event
    text: str
    score: Score | None = Field(None, description=_SCORE_DOC)
    state: MatchState


class Scorer(Record):
    client_id: str
    name: str


class Presence(Record):
    type: Literal["presence"] = "presence"
    scorers: list[Scorer]
    viewers: int


ClientFrame = (
    Hello
    | Setup
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
RelayFrame = Welcome | Ack | Error | EventFrame | Presence
Frame = Annotated[ClientFrame | RelayFrame, Field(discriminator="type")]

FRAME: TypeAdapter[Frame] = TypeAdapter(Frame)
RELAY_FRAME: TypeAdapter[RelayFrame] = TypeAdapter(
    Annotated[RelayFrame, Field(discriminator="type")]
)
CLIENT_TYPES = frozenset(
    {
        "hello",
        "setup",
        "raidStart",
        "raid",
        "technical",
        "card",
        "substitution",
        "timeout",
        "clock",
        "toss",
        "undo",
        "correct",
        "review",
    }
)
RELAY_TYPES = frozenset({"welcome", "ack", "error", "event", "presence"})


class WireError(Exception):
    """A frame that could not be decoded; ``code`` is one of the wire error codes."""

    def __init__(self, code: ErrorCode, message: str, client_event_id: str | None = None):
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message
        self.client_event_id = client_event_id

    def to_frame(self) -> Error:
        return Error(code=self.code, message=self.message, client_event_id=self.client_event_id)


def decode(text: str | bytes) -> Frame:
    """Parse one frame, or raise :class:`WireError` saying what is wrong with it."""
    if len(text) > MAX_FRAME_BYTES:
        raise WireError("too_large", f"Frame is {len(text)} bytes; the limit is {MAX_FRAME_BYTES}.")
    try:
        return FRAME.validate_json(text)
    except ValidationError as exc:
        raise _classify(text, exc) from None


def decode_from_relay(text: str | bytes, ignored: set[str] | None = None) -> RelayFrame:
    """Parse a frame the relay sent, as a client should.

    Fields this version does not know (a newer relay's additions) are dropped, and their
    paths ("state.home.players.0.mood") added to ``ignored`` for the client to log, so a
    client keeps working across a relay upgrade. Anything else wrong raises
    :class:`WireError`. The models stay strict: a frame is validated as it is first, and
    only a frame refused for unknown fields alone is stripped of them and validated again.
    """
    try:
        return RELAY_FRAME.validate_json(text)
    except ValidationError as exc:
        first_error = exc
    data = _peek(text)
    errors = first_error.errors(include_url=False, include_context=False, include_input=False)
    extra = [e["loc"] for e in errors if e["type"] == "extra_forbidden"]
    if not isinstance(data, dict) or not extra or len(extra) < len(errors):
        raise _classify(text, first_error) from None
    for loc in extra:
        path = _drop(data, loc[1:])  # the first element names the frame type
        if ignored is not None:
            ignored.add(path)
    try:
        return RELAY_FRAME.validate_python(data)
    except ValidationError as exc:
        raise _classify(text, exc) from None


def _drop(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """Delete the field at an error location; returns its path without union tags.

    A location names the keys and list indexes down to the field, with the tag of each
    discriminated union on the way (``event.raid.extra``): a part that is not a key of
    the object at hand is such a tag and is skipped.
    """
    node: Any = data
    path: list[str] = []
    for part in loc[:-1]:
        if _has(node, part):
            node = node[part]
            path.append(str(part))
    if isinstance(node, dict):
        node.pop(loc[-1], None)
    return ".".join([*path, str(loc[-1])])


def encode(frame: Record | Frozen) -> str:
    """The JSON text of a frame."""
    return frame.model_dump_json()


def _classify(text: str | bytes, exc: ValidationError) -> WireError:
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    first = errors[0]
    kind = first["type"]
    if kind == "json_invalid":
        return WireError("bad_frame", f"Frame is not valid JSON: {first['msg']}.")
    if kind == "model_attributes_type" or not isinstance(_peek(text), dict):
        return WireError("bad_frame", "A frame must be a JSON object.")
    client_event_id = _client_event_id(text)
    if kind == "union_tag_not_found":
        return WireError(
            "invalid_field", "Field 'type' is missing: every frame names its type.", client_event_id
        )
    if kind == "union_tag_invalid":
        frame_type = _peek(text).get("type")
        return WireError("unknown_type", f"Unknown frame type {frame_type!r}.", client_event_id)
    details = "; ".join(_describe(error) for error in errors[:3])
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return WireError("invalid_field", details + more, client_event_id)


def _describe(error: Any) -> str:
    # The first element of the location is the union member (the frame type): skip it.
    path = ".".join(str(part) for part in error["loc"][1:]) or "frame"
    return f"field '{path}': {error['msg']}"


def _peek(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _client_event_id(text: str | bytes) -> str | None:
    data = _peek(text)
    value = data.get("clientEventId") if isinstance(data, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of every frame, as written to ``resources/schema/frames.schema.json``."""
    schema = FRAME.json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kabaddi Live wire frames"
    return schema
