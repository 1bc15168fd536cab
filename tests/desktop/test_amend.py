"""The scorer app's history of the match, for previewing corrections and reviews."""

from __future__ import annotations

import pytest

from desktop import amend
from desktop.ledger import Ledger
from relay.rules import MatchState, apply
from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Event, Raid
from relay.wire import LoggedEvent, Score

START = 1_700_000_000_000


def logged_match(events: list[Event]) -> tuple[list[LoggedEvent], MatchState]:
    state: MatchState | None = None
    log = []
    for seq, event in enumerate(events, start=1):
        at = START + seq * 1_000
        stamped = event.model_copy(update={"at": at})
        state, text = apply(state, stamped, at)
        log.append(LoggedEvent(seq=seq, event=stamped, text=text, score=Score.of(state)))
    assert state is not None
    return log, state


def raid(cid: str, raider: str, **fields: object) -> Raid:
    return Raid(client_event_id=cid, raider_id=raider, **fields)  # type: ignore[arg-type]


EVENTS: list[Event] = [
    demo_setup(),
    Clock(client_event_id="k", action="start"),
    raid("r1", "h1", raid_type="successful", touched_ids=("a1",)),
    raid("r2", "a2", raid_type="empty"),
]


def test_history_replays_the_log_and_previews_a_correction() -> None:
    log, state = logged_match(EVENTS)
    ledger = Ledger()
    ledger.welcome("e1", state, log[:3], recovered=False)
    history = amend.History()
    first = history.state(ledger, START + 10_000)
    assert first is not None
    assert [link.seq for link in amend.correctable(first)] == [3]
    ledger.accepted(log[3], state)
    second = history.state(ledger, START + 10_000)
    assert second is not None
    assert second == state
    assert [link.seq for link in amend.correctable(second)] == [4, 3]
    fixed = raid("f", "h1", raid_type="unsuccessful", raider_out="cant")
    result = amend.preview(second, amend.correction("c", 3, fixed), START + 10_000)
    assert result.refusal is None
    assert result.score == "PAT 0–1 BEN"
    assert result.line == (
        "CORRECTED #3: Pardeep (PAT) raids: lost his cant (+1 BEN) "
        "(was: Pardeep (PAT) raids: 1 touch point (Pawan))"
    )
    refused = amend.preview(second, amend.correction("c", 3, EVENTS[1]), START + 10_000)  # type: ignore[arg-type]
    assert refused.refusal == (
        "#3 is a raid event: a correction replaces it with another raid, not a clock."
    )


def test_history_needs_the_log_from_the_setup() -> None:
    log, state = logged_match(EVENTS)
    ledger = Ledger()
    ledger.welcome("e1", state, log[2:], recovered=False)
    history = amend.History()
    assert history.state(ledger, START) is None
    assert history.problem is not None
    assert history.problem.startswith("This scorer has only the latest events of the match")


def test_jersey_numbers_and_ids() -> None:
    _log, state = logged_match(EVENTS)
    assert amend.ids_of(state, "away", "3, 4 7") == ("a3", "a4", "a7")
    assert amend.numbers(state, "away", ("a3", "a7")) == "3 7"
    with pytest.raises(ValueError, match=r"^Nobody in Patna Pirates wears #13\.$"):
        amend.ids_of(state, "home", "13")
