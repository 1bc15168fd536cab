"""Event ids the app stamps: unique, short, and what the relay takes."""

from __future__ import annotations

import re

from desktop.stamps import new_event_id
from relay.rules.events import Clock


def test_event_ids_are_22_url_safe_characters_and_do_not_repeat() -> None:
    ids = [new_event_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i) for i in ids)
    # Every one of the 64 characters turns up: the 128 bits are spread over all 22.
    assert set("".join(ids)) == set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_the_relay_accepts_the_id() -> None:
    event_id = new_event_id()
    assert Clock(client_event_id=event_id, action="start").client_event_id == event_id
