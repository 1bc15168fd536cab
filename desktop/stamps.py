"""Ids and times stamped on events as the scorer enters them."""

from __future__ import annotations

import time
import uuid


def new_event_id() -> str:
    """A fresh ``clientEventId``: what lets the relay recognise a re-sent event."""
    return str(uuid.uuid4())


def now_ms() -> int:
    """This machine's clock, in ms since the Unix epoch."""
    return int(time.time() * 1000)
