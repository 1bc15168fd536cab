"""Every frame of the wire contract, typed, with one adapter to decode them.

Text frames, one JSON object each, camelCase on the wire, ``type`` names the frame.
``decode`` turns text into a frame or raises :class:`WireError` with a stable
``code`` and a message that names the offending field; ``encode`` turns a frame
into text. See ``docs/protocol.md`` for the contract in prose.
"""

from __future__ import annotations

import copy
import json
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, TypeAdapter, ValidationError, WithJsonSchema, field_validator

from relay.rules.base import Frozen, Record
from relay.rules.events import (
    AnyEvent,
    Event,
)
from relay.rules.state import MatchState

T = TypeVar("T")
MAX_FRAME_BYTES = 64 * 1024
MATCH_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
PROTOCOL_VERSIONS = (1, 2)  # what this relay speaks; a hello without ``protocol`` means 1
PROTOCOL_VERSION = PROTOCOL_VERSIONS[-1]

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
    protocol: int | None = Field(
        None, description="the protocol version the client speaks; absent means 1"
    )

    @field_validator("protocol")
    @classmethod
    def _spoken(cls, value: int | None) -> int | None:
        if value is not None and value not in PROTOCOL_VERSIONS:
            spoken = " and ".join(str(v) for v in PROTOCOL_VERSIONS)
            raise ValueError(f"protocol {value} is unknown: this relay speaks protocols {spoken}")
        return value

    @property
    def version(self) -> int:
        """The protocol this client speaks."""
        return self.protocol or 1


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
    protocol: Literal[1] = 1
    now: int | None = Field(None, description="relay time in ms when the welcome was sent")


# The protocol-2 match state (relay.shape): plain JSON here, described in the schema.
WireState = Annotated[dict[str, Any], WithJsonSchema({"type": "object", "title": "WireMatchState"})]
MergePatch = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "description": "RFC 7386 JSON Merge Patch from the state after seq - 1 "
            "(protocol-2 shape) to the state after seq",
        }
    ),
]


class WelcomeV2(Record):
    """The protocol-2 welcome: ``state`` in the protocol-2 shape (see relay.shape)."""

    type: Literal["welcome"] = "welcome"
    match_id: str
    role: Role
    connection_id: str
    epoch: str
    seq: int
    recovered: bool
    state: WireState | None
    events: list[LoggedEvent]
    protocol: Literal[2] = 2
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


class PatchFrame(Record):
    """A protocol-2 ``event``: what changed, as a merge patch, instead of the whole state."""

    type: Literal["event"] = "event"
    seq: int
    event: Event
    text: str
    patch: MergePatch


class Scorer(Record):
    client_id: str
    name: str


class Presence(Record):
    type: Literal["presence"] = "presence"
    scorers: list[Scorer]
    viewers: int


ClientFrame = Hello | AnyEvent
RelayFrame = Welcome | Ack | Error | EventFrame | Presence
Frame = Annotated[ClientFrame | RelayFrame, Field(discriminator="type")]

FRAME: TypeAdapter[Frame] = TypeAdapter(Frame)
RELAY_FRAME: TypeAdapter[RelayFrame] = TypeAdapter(
    Annotated[RelayFrame, Field(discriminator="type")]
)
# What a protocol-2 client receives: the welcome and the event frame differ from protocol 1.
RelayFrameV2 = Annotated[
    WelcomeV2 | Ack | Error | PatchFrame | Presence, Field(discriminator="type")
]
RELAY_FRAME_V2: TypeAdapter[RelayFrameV2] = TypeAdapter(RelayFrameV2)
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
    """Parse a frame the relay sent to a protocol-1 client, as a client should.

    Fields this version does not know (a newer relay's additions) are dropped, and their
    paths ("state.home.players.0.mood") added to ``ignored`` for the client to log, so a
    client keeps working across a relay upgrade. Anything else wrong raises
    :class:`WireError`. The models stay strict: a frame is validated as it is first, and
    only a frame refused for unknown fields alone is stripped of them and validated again.
    """
    return _decode_tolerant(RELAY_FRAME, text, ignored)


def decode_relay_v2(text: str | bytes, ignored: set[str] | None = None) -> RelayFrameV2:
    """Parse a frame the relay sent to a protocol-2 client, as :func:`decode_from_relay`
    does. A protocol-2 state and patch are plain JSON here: see :func:`drop_unknown`
    for reading a state."""
    return _decode_tolerant(RELAY_FRAME_V2, text, ignored)


def _decode_tolerant(adapter: TypeAdapter[T], text: str | bytes, ignored: set[str] | None) -> T:
    try:
        return adapter.validate_json(text)
    except ValidationError as exc:
        first_error = exc
    data = _peek(text)
    # The first element of each location names the frame type.
    if not isinstance(data, dict) or not drop_unknown(data, first_error, ignored, tagged=True):
        raise _classify(text, first_error) from None
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise _classify(text, exc) from None


def drop_unknown(
    data: dict[str, Any], error: ValidationError, ignored: set[str] | None, tagged: bool = False
) -> bool:
    """Delete from ``data`` the fields ``error`` refused as unknown, when they are all it
    refused; their paths go to ``ignored``. False (nothing deleted) otherwise. ``tagged``:
    the locations start with a union tag (the frame type)."""
    errors = error.errors(include_url=False, include_context=False, include_input=False)
    extra = [e["loc"] for e in errors if e["type"] == "extra_forbidden"]
    if not extra or len(extra) < len(errors):
        return False
    for loc in extra:
        path = _drop(data, loc[1:] if tagged else loc)
        if ignored is not None:
            ignored.add(path)
    return True


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
    """The JSON Schema of every frame of both protocol versions, as written to
    ``resources/schema/frames.schema.json``."""
    schema = FRAME.json_schema(by_alias=True, mode="serialization")
    v2 = RELAY_FRAME_V2.json_schema(by_alias=True, mode="serialization")
    schema["$defs"].update(v2["$defs"])
    schema["$defs"].update(_wire_state_defs(schema["$defs"]))
    welcome_v2 = schema["$defs"]["WelcomeV2"]["properties"]
    welcome_v2["state"] = {"anyOf": [{"$ref": "#/$defs/WireMatchState"}, {"type": "null"}]}
    # Two frames share a ``type`` across versions: one match by shape, not by tag.
    del schema["discriminator"]
    schema["oneOf"] += [{"$ref": "#/$defs/WelcomeV2"}, {"$ref": "#/$defs/PatchFrame"}]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kabaddi Live wire frames"
    return schema


def _wire_state_defs(defs: dict[str, Any]) -> dict[str, Any]:
    """MatchState as protocol 2 shapes it (relay.shape): players keyed by id, plus squad."""
    player = copy.deepcopy(defs["PlayerState"])
    del player["properties"]["id"]
    player["required"] = [name for name in player["required"] if name != "id"]
    player["title"] = "WirePlayerState"
    team = copy.deepcopy(defs["TeamState"])
    team["title"] = "WireTeamState"
    team["properties"]["players"] = {
        "type": "object",
        "description": "the squad's players keyed by id",
        "additionalProperties": {"$ref": "#/$defs/WirePlayerState"},
    }
    team["properties"]["squad"] = {
        "type": "array",
        "description": "the player ids in squad order",
        "items": {"type": "string"},
    }
    team["required"] = [*team["required"], "squad"]
    match = copy.deepcopy(defs["MatchState"])
    match["title"] = "WireMatchState"
    match["description"] = (
        "The match state in the protocol-2 shape: members whose value is null are left out."
    )
    for side in ("home", "away"):
        match["properties"][side] = {"$ref": "#/$defs/WireTeamState"}
    return {"WirePlayerState": player, "WireTeamState": team, "WireMatchState": match}
