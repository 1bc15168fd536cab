"""Frames assembled from parts encoded once: what a broadcast or a crowd of welcomes costs.

An event is encoded once as JSON when it is accepted (the store keeps that text); its
log entry, its protocol-2 ``event`` frame and every welcome that lists it reuse those
bytes. A welcome is the same for every newcomer but for a few small fields, so its
state and event list are encoded once per ``seq`` and only joined per connection.
The output is the same JSON the typed frames of :mod:`relay.wire` describe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from relay.rules.events import Event, EventBase
from relay.rules.state import MatchState
from relay.wire import LoggedEvent, Role


def dumps(value: Any) -> bytes:
    """Compact JSON, UTF-8 (not ASCII-escaped: a dash is 3 bytes, not 6)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def compact_event(event: Event) -> bytes:
    """An event as protocol 2 sends it: fields at their default (an empty list, ``false``)
    are left out, ``type`` is always there, in the events a correction or review carries too."""
    return dumps(_compact(event))


def _compact(event: EventBase) -> dict[str, Any]:
    data = event.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for name, field in type(event).model_fields.items():
        inner = getattr(event, name)
        if isinstance(inner, EventBase):
            data[field.alias or name] = _compact(inner)
    return {"type": getattr(event, "type"), **data}  # noqa: B009 - every event type has one


def logged_event(logged: LoggedEvent, event_json: bytes, *, compact: bool = False) -> bytes:
    """A ``LoggedEvent`` ``{seq, event, text, score}`` with its event already encoded;
    ``compact`` (protocol 2) leaves out a missing score instead of sending null."""
    score = logged.score
    if score is None:
        tail = b"" if compact else b',"score":null'
    else:
        tail = b',"score":{"home":%d,"away":%d}' % (score.home, score.away)
    return b'{"seq":%d,"event":%s,"text":%s%s}' % (logged.seq, event_json, dumps(logged.text), tail)


def patch_event(seq: int, event_json: bytes, text: str, patch: dict[str, Any]) -> bytes:
    """A protocol-2 ``event`` frame. No ``score``: it is in the state the patch gives."""
    return b'{"type":"event","seq":%d,"event":%s,"text":%s,"patch":%s}' % (
        seq,
        event_json,
        dumps(text),
        dumps(patch),
    )


def state_json(state: MatchState | None) -> bytes:
    """A protocol-1 ``state``: the whole :class:`MatchState`, as its model encodes it."""
    return b"null" if state is None else state.model_dump_json().encode()


def welcome(
    *,
    match_id: str,
    role: Role,
    connection_id: str,
    epoch: str,
    seq: int,
    recovered: bool,
    state: bytes,
    events: Iterable[bytes] | bytes,
    protocol: int,
    now: int,
) -> bytes:
    """A ``welcome`` (either version): ``state`` and ``events`` arrive encoded.

    ``events`` is either the encoded log entries or their ready-joined array body.
    """
    head = dumps(
        {
            "type": "welcome",
            "matchId": match_id,
            "role": role,
            "connectionId": connection_id,
            "epoch": epoch,
            "seq": seq,
            "recovered": recovered,
        }
    )
    body = events if isinstance(events, bytes) else b",".join(events)
    return b'%s,"state":%s,"events":[%s],"protocol":%d,"now":%d}' % (
        head[:-1],
        state,
        body,
        protocol,
        now,
    )
