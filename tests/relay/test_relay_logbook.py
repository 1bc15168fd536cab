"""A database written before the relay stored scores: its log is read back as sentences and
scores, and new events are stored with their score."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import StartRelay
from relay_kit import http_get, open_peer

from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Event, Raid
from relay.server import DATABASE_FILE

# The tables as the first release created them: no score columns, and each line began
# with the score.
OLD_SCHEMA = """
CREATE TABLE matches (
    match_id TEXT PRIMARY KEY,
    epoch TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    summary TEXT
);
CREATE TABLE events (
    match_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    client_event_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (match_id, seq),
    UNIQUE (match_id, client_event_id)
);
"""
OLD_LOG: list[tuple[Event, int, str]] = [
    (
        demo_setup("setup-old"),
        1_000,
        "PAT 0–0 BEN · Patna Pirates v Bengaluru Bulls (pkl rules), PAT won the toss",
    ),
    (Clock(client_event_id="start-old", action="start"), 2_000, "PAT 0–0 BEN · Kick-off!"),
    (
        Raid(
            client_event_id="raid-old", raider_id="h1", raid_type="successful", touched_ids=("a1",)
        ),
        30_000,
        "PAT 1–0 BEN · Pardeep (PAT) raids: 1 touch point (Pawan)",
    ),
]


def write_old_database(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    path = data_dir / DATABASE_FILE
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        for seq, (event, at, text) in enumerate(OLD_LOG, start=1):
            stamped = event.model_copy(update={"at": at, "by": "Old"})
            db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                ("old", seq, event.client_event_id, at, stamped.model_dump_json(), text),
            )
        db.execute("INSERT INTO matches VALUES ('old', 'epoch-old', 3, '{}')")
    db.close()
    return path


async def test_an_old_log_reads_back_as_sentences_and_scores(
    start_relay: StartRelay, tmp_path: Path, backend_kind: str
) -> None:
    if backend_kind == "redis":
        pytest.skip("an old SQLite database; a match in Redis always has its scores")
    path = write_old_database(tmp_path / "data")
    relay = await start_relay(tmp_path / "data")

    viewer = await open_peer(relay, "viewer", "old")
    events = viewer.welcome["events"]
    assert [e["text"] for e in events] == [
        "Patna Pirates v Bengaluru Bulls (pkl rules), PAT won the toss and raid first",
        "Kick-off! PAT raid first",
        "Pardeep (PAT) raids: 1 touch point (Pawan)",
    ]
    assert [e["score"] for e in events] == [
        {"home": 0, "away": 0},
        {"home": 0, "away": 0},
        {"home": 1, "away": 0},
    ]

    scorer = await open_peer(relay, "scorer", "old", name="New")
    raid = {"type": "raid", "raiderId": "a2", "raidType": "successful", "touchedIds": ["h2"]}
    await scorer.send({**raid, "clientEventId": "raid-new"})
    assert (await scorer.answer())["type"] == "ack"
    frame = await viewer.recv_type("event")
    assert frame["score"] == {"home": 1, "away": 1}
    assert not frame["text"].startswith("PAT")

    listed = (await http_get(relay, "/api/matches/old/events")).json()
    assert [e["score"]["away"] for e in listed] == [0, 0, 0, 1]
    assert listed[0]["text"].startswith("Patna Pirates v")
    await viewer.close()
    await scorer.close()

    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT seq, home_score, away_score FROM events WHERE match_id = 'old' ORDER BY seq"
        ).fetchall()
    db.close()
    # The old rows stay as they were written; the new one has its score.
    assert rows == [(1, None, None), (2, None, None), (3, None, None), (4, 1, 1)]
    assert listed[3]["event"]["by"] == "New"
