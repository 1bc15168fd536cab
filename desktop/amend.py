"""Corrections and team reviews in the scorer app: the match with its history, previews.

A correction replays the match after the event it replaces, so the rules engine needs the
history of the match: the state the relay sends has none. :class:`History` replays the
accepted log (kept by the ledger) once per new event and applies the scorer's pending
events on top; a correction or a review is then previewed on it exactly as the relay
will apply it. Plain Python (no Qt, no I/O).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.ledger import Ledger
from relay.rules import MatchState, RuleError, apply
from relay.rules.events import (
    Card,
    Correct,
    Correctable,
    Event,
    Raid,
    RaiderOut,
    Review,
    Side,
    Technical,
    Undo,
)
from relay.rules.history import UndoLink, steps

RaidType = Literal["successful", "unsuccessful", "empty"]
# What the app lets a scorer correct, and how an outcome reads in its editor.
CORRECTABLE = (Raid, Technical, Card)
OUTCOMES: dict[str, tuple[RaidType, RaiderOut | None]] = {
    "Successful": ("successful", None),
    "Tackled": ("unsuccessful", None),
    "Out of bounds": ("unsuccessful", "outOfBounds"),
    "Lobby": ("unsuccessful", "lobby"),
    "Short of the baulk line": ("unsuccessful", "baulkLine"),
    "Lost his cant": ("unsuccessful", "cant"),
    "Out of time": ("unsuccessful", "timeUp"),
    "Empty": ("empty", None),
}


@dataclass(frozen=True)
class Preview:
    """What sending an event would do: the state and line, or why the rules refuse it."""

    state: MatchState | None
    line: str
    refusal: str | None

    @property
    def score(self) -> str:
        s = self.state
        if s is None:
            return ""
        return f"{s.home.short_name} {s.home.score}–{s.away.score} {s.away.short_name}"


class History:
    def __init__(self) -> None:
        self._seq = -1
        self._applied = 0  # events of the log applied to ``_confirmed``
        self._confirmed: MatchState | None = None
        self._problem: str | None = None

    def state(self, ledger: Ledger, now: int) -> MatchState | None:
        """The match with its history: the log replayed, then the pending events."""
        if ledger.last_seq != self._seq:
            self._replay(ledger)
        state = self._confirmed
        for item in ledger.pending:
            if isinstance(item.event, Undo) or state is None:
                continue
            try:
                state, _ = apply(state, item.event, max(state.last_event_at, now))
            except RuleError:
                continue  # the play-by-play shows it as refused by the preview
        return state

    @property
    def problem(self) -> str | None:
        """Why corrections cannot be previewed (the log does not reach back to the setup)."""
        return self._problem

    def _replay(self, ledger: Ledger) -> None:
        """Apply the log's new events; start over when it no longer extends what we have."""
        log = ledger.log
        extends = (
            self._confirmed is not None
            and self._problem is None
            and len(log) >= self._applied
            and self._applied > 0
            and log[self._applied - 1].seq == self._confirmed.last_seq
        )
        if not extends:
            self._confirmed, self._problem, self._applied = None, None, 0
        self._seq = ledger.last_seq
        if not log:
            return
        if log[0].seq != 1:
            self._problem = (
                "This scorer has only the latest events of the match: reconnect to load the "
                "whole log before correcting."
            )
            return
        state = self._confirmed
        try:
            for logged in log[self._applied :]:
                state, _ = apply(state, logged.event, logged.event.at or 0)
        except RuleError as error:
            self._confirmed, self._applied = None, 0
            self._problem = f"The match log could not be replayed here: {error.message}"
            return
        self._confirmed, self._applied = state, len(log)


def correctable(state: MatchState | None) -> list[UndoLink]:
    """Events in effect the app can correct, latest first."""
    if state is None:
        return []
    return [link for link in steps(state) if isinstance(link.event, CORRECTABLE)]


def latest_raid(state: MatchState | None) -> UndoLink | None:
    if state is None:
        return None
    return next((link for link in steps(state) if isinstance(link.event, Raid)), None)


def preview(state: MatchState | None, event: Event, now: int) -> Preview:
    if state is None:
        return Preview(None, "", "Nothing to correct yet.")
    try:
        after, line = apply(state, event, max(now, state.last_event_at))
    except RuleError as error:
        return Preview(None, "", error.message)
    return Preview(after, line, None)


def correction(event_id: str, target_seq: int, event: Correctable) -> Correct:
    return Correct(client_event_id=event_id, target_seq=target_seq, event=event)


def review(event_id: str, team: Side, target_seq: int, event: Raid | None) -> Review:
    return Review(
        client_event_id=event_id,
        team=team,
        target_seq=target_seq,
        overturned=event is not None,
        event=event,
    )


def numbers(state: MatchState, side: Side, ids: tuple[str, ...]) -> str:
    team = state.home if side == "home" else state.away
    by_id = {p.id: p.number for p in team.players}
    return " ".join(str(by_id[i]) for i in ids if i in by_id)


def ids_of(state: MatchState, side: Side, text: str) -> tuple[str, ...]:
    """Jersey numbers (spaces or commas) of ``side`` as player ids; ValueError names a
    number nobody in the squad wears."""
    team = state.home if side == "home" else state.away
    by_number = {p.number: p.id for p in team.players}
    found: list[str] = []
    for part in text.replace(",", " ").split():
        if not part.isdigit() or int(part) not in by_number:
            raise ValueError(f"Nobody in {team.name} wears #{part}.")
        found.append(by_number[int(part)])
    return tuple(found)
