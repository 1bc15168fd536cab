"""Ids and times stamped on events as the scorer enters them."""

from __future__ import annotations

import base64
import os
import time


def new_event_id() -> str:
    """A fresh ``clientEventId``: what lets the relay recognise a re-sent event.

    128 random bits, as many as a UUID has, in 22 URL-safe characters rather than a
    UUID's 36: every event frame the relay sends to every viewer carries it.
    """
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode("ascii")


def now_ms() -> int:
    """This machine's clock, in ms since the Unix epoch."""
    return int(time.time() * 1000)
