"""The match's history: a chain of earlier states, kept beside the state, never serialized.

Each state the engine returns carries (as a pydantic private attribute) an
:class:`UndoLink`: the seq of the event that made it, the state before that event, the
commentary line, and the event with its relay time. Undo returns the state before (with
a new seq); undoing again follows the chain. A correction (or an overturned review)
rebuilds the match from the corrected event on: its link keeps the state before it (for
undo) and the rebuilt state (``rebuilt``), whose chain holds the events in effect as
corrected. :func:`steps` walks that chain, which is all a correction needs to replay.

States share every player record an event did not touch (see :mod:`relay.rules.draft`),
so a link costs a few small objects, and the chain is bounded by the match's own length.
The link takes no part in equality (states compare by their fields), is shared rather
than copied by ``copy``/``deepcopy`` and pickles to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relay.rules.events import Event
    from relay.rules.state import MatchState


def _nothing() -> None:
    return None


class UndoLink:
    __slots__ = ("before", "depth", "event", "line", "now", "rebuilt", "seq")

    def __init__(
        self,
        seq: int,
        before: MatchState,
        line: str,
        event: Event,
        now: int,
        rebuilt: MatchState | None = None,
    ) -> None:
        self.seq = seq
        self.before = before
        self.line = line
        self.event = event
        self.now = now
        # For a correction or an overturned review: the match as rebuilt.
        self.rebuilt = rebuilt
        previous = link_of(before)
        self.depth: int = previous.depth + 1 if previous else 1

    def __eq__(self, other: object) -> bool:
        # History is bookkeeping, not match state: a state loaded from JSON (no history)
        # equals the same state replayed from the log.
        return other is None or isinstance(other, UndoLink)

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> UndoLink:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> UndoLink:
        return self

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_nothing, ())


def undoable_seqs(state: MatchState) -> list[int]:
    """The seqs of the events still in effect that undo can take back, latest first."""
    seqs = []
    link = link_of(state)
    while link is not None:
        seqs.append(link.seq)
        link = link_of(link.before)
    return seqs


def steps(state: MatchState) -> list[UndoLink]:
    """The events in effect, as corrected, latest first (the setup has no link)."""
    found: list[UndoLink] = []
    link = link_of(state)
    while link is not None:
        if link.rebuilt is not None:
            link = link_of(link.rebuilt)
            continue
        found.append(link)
        link = link_of(link.before)
    return found


def link_of(state: MatchState) -> UndoLink | None:
    link = state._undo
    return link if isinstance(link, UndoLink) else None


def set_link(state: MatchState, link: UndoLink | None) -> None:
    state._undo = link
