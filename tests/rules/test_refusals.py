"""Every refusal the engine gives in a phase, with its code (raid, setup, card and
substitution details have their own tables next to their rules)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rules_kit import Match

from relay.rules.events import Event
from relay.rules.settings import SettingsOverrides


def finished(m: Match) -> None:
    m.clock("endHalf")
    m.clock("start")
    m.raid("a1", "successful", bonus=True)
    m.clock("endHalf")


def in_tie_break(m: Match) -> None:
    m.clock("endHalf")
    m.clock("start")
    m.clock("endHalf")
    m.clock("start")


def nothing(m: Match) -> None:
    return None


def one_raid(m: Match) -> None:
    m.raid("h1", "empty")


Case = tuple[str, Callable[[Match], None], Callable[[Match], Event], str, str]
CASES: list[Case] = [
    (
        "raid after the match",
        finished,
        lambda m: m.raid_event("h1", "empty"),
        "rule_violation",
        "No raid now: the match is over.",
    ),
    (
        "card after the match",
        finished,
        lambda m: m.card_event("h1", "green"),
        "rule_violation",
        "No cards: the match is over.",
    ),
    (
        "substitution after the match",
        finished,
        lambda m: m.sub_event("h1", "h8"),
        "rule_violation",
        "No substitutions: the match is over.",
    ),
    (
        "technical after the match",
        finished,
        lambda m: m.technical_event("home"),
        "rule_violation",
        "No technical points: the match is over.",
    ),
    (
        "pause after the match",
        finished,
        lambda m: m.clock_event("pause"),
        "rule_violation",
        "The clock cannot pause: the match is over.",
    ),
    (
        "timeout in the tie-break",
        in_tie_break,
        lambda m: m.timeout_event("home"),
        "rule_violation",
        "Timeouts are taken during a half.",
    ),
    (
        "end half in the tie-break",
        in_tie_break,
        lambda m: m.clock_event("endHalf"),
        "rule_violation",
        "The tie-break ends with its raids, not with the clock.",
    ),
    (
        "undo the setup",
        nothing,
        lambda m: m.undo_event(1),
        "rule_violation",
        "The setup cannot be undone",
    ),
    (
        "undo an older event",
        one_raid,
        lambda m: m.undo_event(2),
        "conflict",
        "that is #3, not #2",
    ),
    (
        "second setup",
        nothing,
        lambda m: m.log[0][0],
        "already_set_up",
        "The match is already set up.",
    ),
]


@pytest.mark.parametrize(
    ("before", "event", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_refusal(
    before: Callable[[Match], None], event: Callable[[Match], Event], code: str, message: str
) -> None:
    m = Match(settings=SettingsOverrides(tie_break="fiveRaids"))
    before(m)
    error = m.refuse(event(m))
    assert (error.code, message in error.message) == (code, True), error.message
    assert str(error) == f"{error.code}: {error.message}"
