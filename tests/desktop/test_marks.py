"""What later events did to earlier ones, read once for the view, the CSV and the sheet."""

from __future__ import annotations

from desktop_helpers import raid, start_clock

from desktop.ledger import Ledger
from desktop.marks import Mark, marks, what_it_did
from desktop.models.play_by_play import rows_of, status_text
from desktop.stamps import new_event_id
from relay.rules.demo import demo_setup
from relay.rules.events import Correct, Review, Undo
from relay.wire import LoggedEvent


def logged(seq: int, event: object, text: str = "") -> LoggedEvent:
    return LoggedEvent.model_validate({"seq": seq, "event": event, "text": text or f"e{seq}"})


def test_undone_corrected_and_overturned_events_are_named() -> None:
    log = [
        logged(1, demo_setup("s1")),
        logged(2, start_clock()),
        logged(3, raid("h1", touched=("a1",))),
        logged(4, raid("a2", "empty")),
        logged(5, raid("h3", "empty")),
        logged(6, Undo(client_event_id=new_event_id(), target_seq=5)),
        logged(7, Correct(client_event_id=new_event_id(), target_seq=3, event=raid("h1"))),
        logged(
            8,
            Review(
                client_event_id=new_event_id(),
                team="home",
                target_seq=4,
                overturned=True,
                event=raid("a2", "unsuccessful", touched=("h1",)),
            ),
        ),
    ]
    assert marks(log) == {
        5: Mark("undone", 6),
        3: Mark("corrected", 7),
        4: Mark("overturned", 8),
    }
    assert [what_it_did(e) for e in log[5:]] == [
        "undoes event 5",
        "corrects event 3",
        "review overturns event 4",
    ]
    ledger = Ledger(log=log)
    shown = {row.seq: status_text(row) for row in rows_of(ledger)}
    assert shown == {
        1: "✓",
        2: "✓",
        3: "corrected",
        4: "overturned",
        5: "undone",
        6: "✓",
        7: "✓",
        8: "✓",
    }
