"""The raid clock is part of the rules: one open raid, its result, the half after it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rules_kit import After, Match, check_after

OPEN = "(Pardeep (PAT) is raiding): enter the raid's result first."
# While h1's raid is open: (name, the event, the refusal)
REFUSED_WHILE_OPEN: list[tuple[str, Any, str]] = [
    ("a second raid start", lambda m: m.raid_start("h2"), f"A raid is open {OPEN}"),
    (
        "a result for another raider",
        lambda m: m.raid_event("h2", touched=("a1",)),
        "The open raid is Pardeep (PAT)'s: enter its result for him (or correct the raid start).",
    ),
    ("a timeout", lambda m: m.timeout_event("away"), f"No timeouts while a raid is open {OPEN}"),
    (
        "a substitution",
        lambda m: m.sub_event("a1", "a8"),
        f"No substitutions while a raid is open {OPEN}",
    ),
    (
        "a card to a defender",
        lambda m: m.card_event("a1", "yellow"),
        f"No cards while a raid is open {OPEN}",
    ),
    (
        "a card to the raider",
        lambda m: m.card_event("h1", "yellow"),
        f"No cards while a raid is open {OPEN}",
    ),
    (
        "a lost raid turn",
        lambda m: m.lost_turn_event("away"),
        f"No lost raid turn while a raid is open {OPEN}",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"),
    [c[1:] for c in REFUSED_WHILE_OPEN],
    ids=[c[0] for c in REFUSED_WHILE_OPEN],
)
def test_refused_while_a_raid_is_open(make: Any, message: str) -> None:
    m = Match()
    m.send(m.raid_start("h1"))
    error = m.refuse(make(m))
    assert (error.code, error.message) == ("rule_violation", message)


def test_pause_and_technical_points_are_fine_during_a_raid() -> None:
    m = Match()
    m.send(m.raid_start("h1"))
    m.clock("pause")
    m.send(m.technical_event("home"))
    m.clock("resume")
    check_after(
        m,
        m.raid("h1", touched=("a1",)),
        After((2, 0), (7, 6), ([], ["a1"]), "Pardeep (PAT) raids: 1 touch point (Pawan)"),
    )
    assert m.state.raid_clock is None


# Time runs out during a raid: the raid is completed, then the half ends.
TIME_UP: list[tuple[str, Callable[[Match], str], After]] = [
    (
        "time is up mid-raid",
        lambda m: m.clock("endHalf"),
        After((0, 0), (7, 7), ([], []), "Time is up: the half ends after this raid"),
    ),
    (
        "the raid's result, then half time",
        lambda m: m.raid("h1", touched=("a1",)),
        After(
            (1, 0),
            (7, 6),
            ([], ["a1"]),
            "Pardeep (PAT) raids: 1 touch point (Pawan) — Half time",
        ),
    ),
]


def test_the_last_raid_of_a_half_is_completed() -> None:
    m = Match()
    m.send(m.raid_start("h1"))
    played = m.state.clock.played_ms
    check_after(m, TIME_UP[0][1](m), TIME_UP[0][2])
    assert (m.state.phase, m.state.clock.running, m.state.half_ends_after_raid) == (
        "firstHalf",
        False,
        True,
    )
    assert m.refuse(m.clock_event("endHalf")).message == (
        "The half already ends after this raid: enter the raid's result."
    )
    assert m.refuse(m.clock_event("resume")).message == (
        "Time is up: the half ends after this raid; enter the raid's result."
    )
    check_after(m, TIME_UP[1][1](m), TIME_UP[1][2])
    assert (m.state.phase, m.state.half_ends_after_raid) == ("halfTime", False)
    assert m.state.clock.played_ms == played + 1_000  # stopped when time was up


def test_end_half_between_raids_ends_it_at_once() -> None:
    m = Match()
    m.raid("h1", "empty")
    assert m.clock("endHalf") == "Half time"
