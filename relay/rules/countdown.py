"""What the clocks show: time left on the match clock, the raid clock and a suspension.

The one Python definition of clock arithmetic; ``resources/viewer/clock.js`` is the one
JavaScript definition. Both are checked against the same test vectors,
``resources/vectors/clock.json``.

A countdown shows a second until the whole second has gone, as a referee's clock does:
with 1,199,001 ms left of a 20-minute half it shows 20:00, with 1,199,000 ms 19:59, and
it reaches 00:00 only when no time is left. ``now`` is relay time in ms.
"""

from __future__ import annotations

from relay.rules.state import ClockState, PlayerState, RaidClock

# A team timeout lasts 30 seconds (PKL and federation play alike). The engine does not
# time it (the scorer resumes the clock); screens count it down from the timeout event.
TIMEOUT_MS = 30_000


def running_ms(clock: ClockState, now: int) -> int:
    """Match-clock time since ``clock.since`` (0 while stopped; never negative)."""
    if not clock.running or clock.since is None:
        return 0
    return max(0, now - clock.since)


def half_remaining_ms(clock: ClockState, now: int) -> int:
    """Time still to play in this half, between 0 and the length of a half."""
    elapsed = clock.elapsed_ms + running_ms(clock, now)
    return min(clock.half_ms, max(0, clock.half_ms - elapsed))


def played_ms(clock: ClockState, now: int) -> int:
    """Match-clock time played in the whole match (the clock suspensions run on)."""
    return clock.played_ms + running_ms(clock, now)


def raid_remaining_ms(raid_clock: RaidClock, now: int) -> int:
    """Time left on the raid clock, between 0 and its length."""
    total = raid_clock.seconds * 1000
    return min(total, max(0, total - (now - raid_clock.started_at)))


def suspension_remaining_ms(player: PlayerState, clock: ClockState, now: int) -> int | None:
    """Match-clock time until a suspended player may return; None when not suspended."""
    if player.status != "suspended" or player.suspended_until_ms is None:
        return None
    return max(0, player.suspended_until_ms - played_ms(clock, now))


def timeout_remaining_ms(taken_at: int, now: int) -> int:
    """Time left of a timeout taken at ``taken_at``, between 0 and its length."""
    return min(TIMEOUT_MS, max(0, TIMEOUT_MS - (now - taken_at)))


def seconds_left(ms: int) -> int:
    """Whole seconds, rounded up: a raid clock reads 30 … 1, then 0."""
    return -(-max(0, ms) // 1000)


def mmss(ms: int) -> str:
    """ "mm:ss" of a countdown, rounded up to the whole second."""
    total = seconds_left(ms)
    return f"{total // 60:02d}:{total % 60:02d}"
