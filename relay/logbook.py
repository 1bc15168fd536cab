"""A match's stored log read back as logged events: each with its line and the score after it.

Rows written before the relay stored the score have none, and their line began with
the score ("PAT 3–0 BEN · ..."). Those are rebuilt by replaying the log with the rules
engine, which gives each event its sentence and its score as data; the stored text of
such a row is never picked apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter

from relay.rules import RuleError, apply
from relay.rules.events import Event
from relay.rules.state import MatchState
from relay.store import StoredEvent
from relay.wire import LoggedEvent, Score

EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def stored_score(record: StoredEvent) -> Score | None:
    if record.home_score is None or record.away_score is None:
        return None
    return Score(home=record.home_score, away=record.away_score)


class UnreplayableLog(Exception):
    """A stored log that these rules no longer accept (recorded by an older release)."""


def replay_log(records: Sequence[StoredEvent]) -> tuple[MatchState | None, list[LoggedEvent]]:
    """The state after the whole log, and every event of it as logged.

    Raises :class:`UnreplayableLog` naming the first event the rules now refuse.
    """
    state: MatchState | None = None
    logged: list[LoggedEvent] = []
    for record in records:
        event = EVENT.validate_json(record.event)
        try:
            state, line = apply(state, event, record.at)
        except RuleError as exc:
            raise UnreplayableLog(
                f"event #{record.seq} of its log no longer fits the rules ({exc.message})"
            ) from exc
        score = stored_score(record)
        text = record.text
        if score is None:
            text, score = line, Score.of(state)
        logged.append(LoggedEvent(seq=record.seq, event=event, text=text, score=score))
    return state, logged


def logged_events(records: Sequence[StoredEvent]) -> list[LoggedEvent]:
    """Every event of the log as logged; replays only a log with rows that lack a score."""
    if any(stored_score(record) is None for record in records):
        return replay_log(records)[1]
    return [
        LoggedEvent(
            seq=record.seq,
            event=EVENT.validate_json(record.event),
            text=record.text,
            score=stored_score(record),
        )
        for record in records
    ]
