"""Shared helpers for the desktop tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from desktop.stamps import new_event_id
from desktop.widgets.setup_dialog import SetupDialog
from relay.rules.events import Clock, Raid

DEFAULT_TIMEOUT = 10.0


async def until(condition: Callable[[], bool], limit: float = DEFAULT_TIMEOUT) -> None:
    """Wait (on the event loop) until ``condition()`` holds; fail after ``limit`` seconds."""
    async with asyncio.timeout(limit):
        while not condition():  # noqa: ASYNC110 - polls state that Qt signals change
            await asyncio.sleep(0.01)


def start_clock() -> Clock:
    return Clock(client_event_id=new_event_id(), action="start")


def raid(raider: str, outcome: str = "successful", touched: tuple[str, ...] = ()) -> Raid:
    return Raid(
        client_event_id=new_event_id(),
        raider_id=raider,
        raid_type=outcome,
        touched_ids=touched if outcome == "successful" else (),
        tackler_ids=touched if outcome == "unsuccessful" else (),
    )


TOKEN = "test-token"


def submit_demo(dialog: SetupDialog | None) -> None:
    """Fill the setup dialog with the demo squads and send it."""
    assert dialog is not None
    dialog.load_demo()
    dialog.submit()
