"""Cheap checks on an incoming frame, made before the frame is fully validated.

Full validation of a frame (``relay.wire.decode``) costs time in proportion to
what the frame holds, and an error per bad item: a 64 KiB raid listing 32,000
touched players takes tens of milliseconds. These checks cost one ``json.loads``
at most and refuse any frame with more than a real match ever sends: more items
in a list, longer strings, more fields or deeper nesting. A hello is small, so it
is refused by its length alone before it is parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from relay.wire import WireError

HELLO_MAX_BYTES = 1024
# A real frame's largest list is a squad (15 players), its longest string a reason
# (120 characters), its deepest nesting setup -> team -> players -> player.
MAX_LIST_ITEMS = 32
MAX_STRING = 256
MAX_FIELDS = 32
MAX_DEPTH = 6
# Commas (items and fields) in the whole frame: a setup with two full squads has a
# few hundred. Counting them costs almost nothing; parsing 32,000 items does not.
MAX_COMMAS = 2000

_CLIENT_EVENT_ID = re.compile(rb'"clientEventId"\s*:\s*"([^"\\]{1,64})"')


def check_hello(message: str | bytes) -> None:
    """Refuse a would-be hello that is binary or longer than any hello."""
    if isinstance(message, bytes):
        raise WireError("bad_frame", "Frames are JSON text; binary frames are refused.")
    if len(message) > HELLO_MAX_BYTES:
        raise WireError("too_large", f"A hello is at most {HELLO_MAX_BYTES} bytes.")


def check_event(message: str | bytes) -> None:
    """Refuse a frame whose shape no event has, before it is validated field by field."""
    if isinstance(message, bytes):
        raise WireError("bad_frame", "Frames are JSON text; binary frames are refused.")
    if message.count(",") > MAX_COMMAS:
        raise WireError(
            "invalid_field",
            f"Frame has more than {MAX_COMMAS} items and fields; no event has as many.",
            client_event_id(message),
        )
    try:
        data = json.loads(message)
    except (ValueError, RecursionError):
        raise WireError("bad_frame", "Frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise WireError("bad_frame", "A frame must be a JSON object.")
    problem = _shape_problem(data, "", 0)
    if problem is not None:
        raise WireError("invalid_field", problem, client_event_id(message))


def client_event_id(message: str | bytes) -> str | None:
    """The frame's ``clientEventId``, found without parsing it (for cheap answers)."""
    raw = message.encode() if isinstance(message, str) else message
    found = _CLIENT_EVENT_ID.search(raw, 0, 64 * 1024)
    return found.group(1).decode(errors="replace") if found else None


def _shape_problem(value: Any, path: str, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return f"field '{path}' is nested deeper than any frame"
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            return f"field '{path}' is longer than {MAX_STRING} characters"
        return None
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            return (
                f"field '{path}' has {len(value)} items; no list holds more than {MAX_LIST_ITEMS}"
            )
        for index, item in enumerate(value):
            problem = _shape_problem(item, f"{path}.{index}", depth + 1)
            if problem is not None:
                return problem
        return None
    if isinstance(value, dict):
        if len(value) > MAX_FIELDS:
            return f"field '{path or 'frame'}' has {len(value)} fields; no object has {MAX_FIELDS}"
        for key, item in value.items():
            if len(key) > MAX_STRING:
                return f"a field name in '{path or 'frame'}' is longer than {MAX_STRING} characters"
            problem = _shape_problem(item, f"{path}.{key}" if path else key, depth + 1)
            if problem is not None:
                return problem
    return None
