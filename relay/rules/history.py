"""The undo history: a chain of earlier states, kept beside the state, never serialized.

Each state the engine returns carries (as a pydantic private attribute) an
:class:`UndoLink`: the seq of the event that made it, the state before that event and
the commentary line. Undo returns the state before (with a new seq); undoing again
follows the chain. States share every player record an event did not touch (see
:mod:`relay.rules.draft`), so a link costs a few small objects, and the chain is bounded
by the match's own length. The link takes no part in equality beyond its seq and depth,
is shared rather than copied by ``copy``/``deepcopy`` and pickles to nothing.
"""

from __future__ import annotations

from typing import Any

from relay.rules.state import MatchState


def _nothing() -> None:
    return None


class UndoLink:
    __slots__ = ("before", "depth", "line", "seq")

    def __init__(self, seq: int, before: MatchState, line: str) -> None:
        self.seq = seq
        self.before = before
        self.line = line
        previous = link_of(before)
        self.depth: int = previous.depth + 1 if previous else 1

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UndoLink):
            return NotImplemented
        return (self.seq, self.depth) == (other.seq, other.depth)

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> UndoLink:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> UndoLink:
        return self

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_nothing, ())


def link_of(state: MatchState) -> UndoLink | None:
    link = state._undo
    return link if isinstance(link, UndoLink) else None


def set_link(state: MatchState, link: UndoLink | None) -> None:
    state._undo = link
