"""The match's phases and what moves it from one to the next, written once.

The rules, as a table (``TRANSITIONS``), read top to bottom:

- ``scheduled``: set up, the clock not started. The clock's ``start`` → ``firstHalf``.
- ``firstHalf``: raids; the match clock counts the half down. ``endHalf`` → ``halfTime``.
- ``halfTime``: the clock's ``start`` → ``secondHalf``.
- ``secondHalf``: ``endHalf`` → ``fullTime`` when the scores are level and the settings
  ask for a tie-break; otherwise → ``finished``.
- ``fullTime``: the clock's ``start`` → ``tieBreak``.
- ``tieBreak``: once both teams have had their five raids → ``goldenRaid`` when the
  scores are still level; otherwise → ``finished``.
- ``goldenRaid``: the first score → ``finished``; still level after the golden raid(s),
  the referee's ``toss`` → ``finished`` (the toss winner wins).
- ``finished``: nothing moves.

``PHASES`` says what each phase means to a screen: its label, whether raids happen,
whether the match clock counts down and is shown, and what the clock button does when
the clock is stopped. The rules engine moves through ``TRANSITIONS`` only
(:func:`move`); the scorer app and the pages read both tables (the pages through
``resources/viewer/phases.js``, generated with the schema by ``python -m relay.schema``
and published as ``resources/schema/phases.json``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic.alias_generators import to_camel

from relay.rules.errors import violation
from relay.rules.state import Phase

Trigger = Literal["start", "endHalf", "tieBreakRaidsDone", "goldenRaidScored", "toss"]
ClockButton = Literal["start", "pause", "resume"]


@dataclass(frozen=True)
class PhaseRules:
    label: str  # for people: the scoreboard, the viewer page, the match list
    short_label: str  # for the overlay's score bug
    raids: bool  # raids, cards, substitutions and timeouts happen
    half: bool  # the match clock counts a half down
    clock_shown: bool  # a match clock is worth showing
    # What the clock button does while the clock is stopped: start the next part of the
    # match, resume this one, or nothing. While the clock runs, it pauses.
    stopped_clock_button: Literal["start", "resume"] | None
    why_no_raid: str = ""  # when ``raids`` is false: why, in words


@dataclass(frozen=True)
class Transition:
    source: Phase
    trigger: Trigger
    target: Phase
    when: str = ""  # the condition in words; "" when the trigger alone decides


PHASES: dict[Phase, PhaseRules] = {
    "scheduled": PhaseRules(
        "Not started",
        "PRE-MATCH",
        raids=False,
        half=False,
        clock_shown=True,
        stopped_clock_button="start",
        why_no_raid="the match has not started: start the match clock first",
    ),
    "firstHalf": PhaseRules(
        "1st half",
        "1ST",
        raids=True,
        half=True,
        clock_shown=True,
        stopped_clock_button="resume",
    ),
    "halfTime": PhaseRules(
        "Half-time",
        "HALF-TIME",
        raids=False,
        half=False,
        clock_shown=True,
        stopped_clock_button="start",
        why_no_raid="it is half time: start the clock for the second half first",
    ),
    "secondHalf": PhaseRules(
        "2nd half",
        "2ND",
        raids=True,
        half=True,
        clock_shown=True,
        stopped_clock_button="resume",
    ),
    "fullTime": PhaseRules(
        "Full time",
        "FULL TIME",
        raids=False,
        half=False,
        clock_shown=False,
        stopped_clock_button="start",
        why_no_raid="the second half is over and the scores are level: start the tie-break first",
    ),
    "tieBreak": PhaseRules(
        "Tie-break",
        "TIE-BREAK",
        raids=True,
        half=False,
        clock_shown=False,
        stopped_clock_button="resume",
    ),
    "goldenRaid": PhaseRules(
        "Golden raid",
        "GOLDEN RAID",
        raids=True,
        half=False,
        clock_shown=False,
        stopped_clock_button="resume",
    ),
    "finished": PhaseRules(
        "Final",
        "FINAL",
        raids=False,
        half=False,
        clock_shown=False,
        stopped_clock_button=None,
        why_no_raid="the match is over",
    ),
}

TRANSITIONS: tuple[Transition, ...] = (
    Transition("scheduled", "start", "firstHalf"),
    Transition("firstHalf", "endHalf", "halfTime"),
    Transition("halfTime", "start", "secondHalf"),
    Transition(
        "secondHalf",
        "endHalf",
        "fullTime",
        "the scores are level and the settings ask for a tie-break",
    ),
    Transition("secondHalf", "endHalf", "finished", "otherwise"),
    Transition("fullTime", "start", "tieBreak"),
    Transition(
        "tieBreak",
        "tieBreakRaidsDone",
        "goldenRaid",
        "both teams have had their raids and the scores are level",
    ),
    Transition("tieBreak", "tieBreakRaidsDone", "finished", "otherwise"),
    Transition("goldenRaid", "goldenRaidScored", "finished"),
    Transition(
        "goldenRaid", "toss", "finished", "the golden raid is over and the scores are level"
    ),
)


def targets(source: Phase, trigger: Trigger) -> list[Phase]:
    """The phases ``trigger`` can move a match in ``source`` to (none: it does not apply)."""
    return [t.target for t in TRANSITIONS if t.source == source and t.trigger == trigger]


def move(source: Phase, trigger: Trigger, target: Phase | None = None) -> Phase:
    """The phase after ``trigger``; ``target`` picks among several (the code's guard).

    A move the table does not have is a rule violation naming the phase.
    """
    allowed = targets(source, trigger)
    if target is None and len(allowed) == 1:
        return allowed[0]
    if target is not None and target in allowed:
        return target
    raise violation(f"Not possible now: {PHASES[source].why_no_raid or PHASES[source].label}.")


def in_play(phase: Phase) -> bool:
    return PHASES[phase].raids


def clock_button(phase: Phase, running: bool) -> ClockButton | None:
    """What the clock button (or key) does now."""
    if running:
        return "pause"
    return PHASES[phase].stopped_clock_button


def as_json() -> dict[str, Any]:
    """Both tables as plain data (camelCase, like the wire), as published in
    ``resources/schema/phases.json``."""

    def camel(row: Any) -> dict[str, Any]:
        return {to_camel(key): value for key, value in asdict(row).items()}

    return {
        "phases": {name: camel(rules) for name, rules in PHASES.items()},
        "transitions": [camel(t) for t in TRANSITIONS],
    }
