"""Drive the scoring window's periodic refreshes many times and watch for leaked references.

The window redraws on timers all match long: the match and raid clocks four times a
second, the status line twice, suspension countdowns once, and the tiles, titles,
buttons and play-by-play on every event. A Qt binding release that drops one reference
to ``None`` per label update (PySide6-Essentials 6.12.0 on Python 3.11, where ``None``
is not immortal) aborts the app after a few thousand updates; a soak of the same calls,
without waiting for the timers, shows it in seconds. The soak stops at the first round
whose drift passes the limit, long before ``None`` could be freed.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.link import ConnectionStatus
from desktop.stamps import new_event_id
from desktop.ticker import VisibleTicker
from desktop.widgets.main_window import MainWindow
from relay.rules.events import Card, Clock, Event, Raid, RaidStart

# References to None a soak may gain or lose in all: caches filled on the first calls
# settle during the warm-up, so a healthy binding stays well inside this.
NONE_DRIFT_LIMIT = 64
# Objects the collector tracks that a soak may add: redrawing the same match must not grow.
OBJECT_GROWTH_LIMIT = 2000
YIELD_ROUNDS = 10  # rounds between yields to the event loop
STEP_MS = 250  # the fastest ticker's interval: one round is a quarter second of match
CYCLE_STEPS = 240  # one minute of match clock, then back: raid clocks run out and restart


@dataclass(frozen=True)
class SoakResult:
    rounds: int
    calls: int  # refresh calls made (each sets several labels, styles and tooltips)
    none_refs_at_start: int
    # References to None gained or lost across the redraws themselves; what the event
    # loop does between them (a reconnect, a ping) is not counted.
    none_drift: int
    objects_before: int
    objects_after: int
    immortal_none: bool  # Python 3.12+: None's count never moves, only objects can tell

    @property
    def object_growth(self) -> int:
        return self.objects_after - self.objects_before

    @property
    def leaked(self) -> bool:
        return abs(self.none_drift) > NONE_DRIFT_LIMIT or self.object_growth > OBJECT_GROWTH_LIMIT

    def summary(self) -> str:
        return (
            f"{self.rounds} rounds, {self.calls} refreshes: references to None"
            f" {self.none_drift:+d} (limit ±{NONE_DRIFT_LIMIT}, {self.none_refs_at_start} at the"
            f" start), tracked objects {self.objects_before} ->"
            f" {self.objects_after} ({self.object_growth:+d}, limit +{OBJECT_GROWTH_LIMIT})"
        )


def _none_refs() -> int:
    return sys.getrefcount(None)


def _objects() -> int:
    gc.collect()
    return len(gc.get_objects())


class _SteppingClock:
    """Relay time that advances one step per round and cycles through a minute of match."""

    def __init__(self, start_ms: int) -> None:
        self.start_ms = start_ms
        self.step = 0

    def __call__(self) -> int:
        return self.start_ms + (self.step % CYCLE_STEPS) * STEP_MS


def _refreshes(window: MainWindow, clock: _SteppingClock) -> list[Callable[[], object]]:
    """One round: every ticker of the window, plus what an event or a status change redraws."""
    tickers = window.findChildren(VisibleTicker)
    status = window.view.status
    connected = ConnectionStatus("connected", latency_ms=12.0, queued=0)
    reconnecting = ConnectionStatus("reconnecting", retry_at=None, queued=2)

    def status_flip() -> None:
        window.status_line.show_status(connected if clock.step % 2 else reconnecting)

    calls: list[Callable[[], object]] = [t.tick for t in tickers]
    calls += [window.refresh, status_flip, lambda: window.status_line.show_status(status)]
    return calls


def _stepping_widgets(window: MainWindow) -> list[QWidget]:
    return [t.widget for t in window.findChildren(VisibleTicker) if hasattr(t.widget, "relay_now")]


async def soak(window: MainWindow, rounds: int, warmup: int = 10) -> SoakResult:
    """Refresh ``window`` ``rounds`` times (after ``warmup`` rounds) with its live match.

    The match clock steps a quarter second per round so the clock, raid clock and
    suspension texts change as they do in play. Yields to the event loop every few
    rounds so the connection keeps up its pings; the drift is summed over the redraws
    only. Stops at the first round whose drift is clearly a leak; ``rounds`` in the
    result says how far it got.
    """
    widgets = _stepping_widgets(window)
    saved = {id(w): w.relay_now for w in widgets}  # type: ignore[attr-defined]
    clock = _SteppingClock(window.view.relay_now())
    for widget in widgets:
        widget.relay_now = clock  # type: ignore[attr-defined]
    calls = _refreshes(window, clock)
    made = 0

    def run(count: int) -> None:
        nonlocal made
        for _ in range(count):
            clock.step += 1
            for call in calls:
                call()
            made += len(calls)

    try:
        run(warmup)
        await asyncio.sleep(0.2)  # let Qt lay out and paint what the warm-up changed
        run(warmup)
        objects_before = _objects()
        at_start = _none_refs()
        drift = 0
        done = 0
        while done < rounds and abs(drift) <= NONE_DRIFT_LIMIT:
            before = _none_refs()
            for _ in range(min(YIELD_ROUNDS, rounds - done)):
                run(1)
                done += 1
                if abs(drift + _none_refs() - before) > NONE_DRIFT_LIMIT:
                    break
            drift += _none_refs() - before
            await asyncio.sleep(0)
        objects_after = _objects()
    finally:
        for widget in widgets:
            widget.relay_now = saved[id(widget)]  # type: ignore[attr-defined]
    return SoakResult(
        rounds=done,
        calls=made,
        none_refs_at_start=at_start,
        none_drift=drift,
        objects_before=objects_before,
        objects_after=objects_after,
        immortal_none=sys.version_info >= (3, 12),
    )


def live_match_events() -> list[Event]:
    """After the demo setup: the clock runs, two raids, a yellow card, a raid under way.

    Every timer of the window then has something to count down: the match clock, the
    raid clock and a suspension.
    """
    return [
        Clock(client_event_id=new_event_id(), action="start"),
        Raid(
            client_event_id=new_event_id(),
            raider_id="h1",
            raid_type="successful",
            touched_ids=("a1",),
        ),
        Raid(client_event_id=new_event_id(), raider_id="a2", raid_type="empty"),
        Card(client_event_id=new_event_id(), player_id="h3", color="yellow"),
        RaidStart(client_event_id=new_event_id(), raider_id="h2"),
    ]
