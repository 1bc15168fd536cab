"""The client against a real relay: acks, other scorers, offline queue, rejections."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, raid, start_clock, until

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from relay.rules.demo import demo_setup
from relay.server import Relay, RelayConfig

MakeClient = Callable[[str, str], ScorerClient]


@pytest.fixture
async def make_client(tmp_path: Path) -> AsyncIterator[Callable[..., ScorerClient]]:
    made: list[tuple[ScorerClient, Outbox]] = []

    def make(url: str, name: str = "Asha", match_id: str = "m1") -> ScorerClient:
        outbox = Outbox(tmp_path / f"outbox-{name}.sqlite3")
        client = ScorerClient(outbox, client_id=f"id-{name}")
        client.join(JoinTarget(url, match_id, TOKEN, name))
        made.append((client, outbox))
        return client

    yield make
    for client, outbox in made:
        await client.stop()
        outbox.close()


async def test_events_are_acked_and_leave_the_outbox(
    relay: Relay, make_client: Callable[..., ScorerClient]
) -> None:
    client = make_client(relay.url)
    await until(lambda: client.status.state == "connected")
    client.submit(demo_setup(client_event_id="setup-a"))
    client.submit(start_clock())
    client.submit(raid("h1", touched=("a1", "a2")))
    await until(lambda: client.ledger.last_seq == 3 and not client.ledger.pending)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.away.score) == (2, 0)
    assert [e.event.by for e in client.ledger.log] == ["Asha"] * 3
    assert client.outbox.pending(relay.url, "m1") == []


async def test_two_scorers_see_each_others_events(
    relay: Relay, make_client: Callable[..., ScorerClient]
) -> None:
    first = make_client(relay.url, "Asha")
    second = make_client(relay.url, "Ravi")
    await until(lambda: first.status.state == second.status.state == "connected")
    first.submit(demo_setup())
    await until(lambda: second.ledger.last_seq == 1)
    second.submit(start_clock())
    await until(lambda: first.ledger.last_seq == 2)
    first.submit(raid("h1", "unsuccessful", touched=("a3",)))
    second.submit(raid("a1", "empty"))
    await until(lambda: first.ledger.last_seq == second.ledger.last_seq == 4)
    assert first.ledger.confirmed == second.ledger.confirmed
    assert [e.event.by for e in second.ledger.log] == ["Asha", "Ravi", "Asha", "Ravi"]
    await until(lambda: {s.name for s in first.presence.scorers} == {"Asha", "Ravi"})


async def test_refused_event_is_shown_and_changes_nothing(
    relay: Relay, make_client: Callable[..., ScorerClient]
) -> None:
    client = make_client(relay.url)
    await until(lambda: client.status.state == "connected")
    refused: list[object] = []
    client.refused.connect(refused.append)
    client.submit(demo_setup())
    client.submit(raid("h1", touched=("a1",)))  # the clock has not started: refused
    await until(lambda: bool(refused))
    assert client.ledger.last_seq == 1
    assert client.ledger.rejected[0].code == "rule_violation"
    assert "clock" in client.ledger.rejected[0].message
    assert client.ledger.preview == client.ledger.confirmed
    assert client.outbox.pending(relay.url, "m1") == []


async def test_an_event_the_relay_cannot_store_stays_queued_and_the_scorer_is_told(
    relay: Relay, make_client: Callable[..., ScorerClient]
) -> None:
    client = make_client(relay.url)
    await until(lambda: client.status.state == "connected")
    client.submit(demo_setup())
    client.submit(start_clock())
    await until(lambda: client.ledger.last_seq == 2)
    shutil.rmtree(relay.config.data_dir)  # the relay's database is gone from under it
    waiting = raid("h1", touched=("a1",))
    client.submit(waiting)
    await until(lambda: client.status.state == "connected" and bool(client.status.detail))
    assert client.status.detail.startswith("The relay could not store this event: the database")
    assert "Your app keeps it and sends it again" in client.status.detail
    assert client.ledger.rejected == []
    assert [p.event for p in client.ledger.pending] == [waiting]
    assert client.outbox.pending(relay.url, "m1") == [waiting]
    assert client.ledger.last_seq == 2
    # Nothing may be left in flight for Qt to run between the test's phases, outside
    # the event loop: the relay keeps closing this match's connections.
    await client.stop()
    await until(lambda: not any(relay.metrics.connections.values()))


async def test_scoring_goes_on_while_the_relay_is_down(
    tmp_path: Path, make_client: Callable[..., ScorerClient]
) -> None:
    data = tmp_path / "relay"
    data.mkdir()
    config = RelayConfig(host="127.0.0.1", port=0, data_dir=data, token=TOKEN)
    relay = Relay(config)
    await relay.start()
    port = relay.port
    client = make_client(relay.url)
    await until(lambda: client.status.state == "connected")
    client.submit(demo_setup())
    client.submit(start_clock())
    await until(lambda: client.ledger.last_seq == 2)
    await relay.stop()
    await until(lambda: client.status.state == "reconnecting")

    queued = [raid("h1", touched=("a1",)), raid("a2", "empty"), raid("h2", "empty")]
    for event in queued:
        client.submit(event)
    assert all(p.preview_error is None for p in client.ledger.pending)
    preview = client.ledger.preview
    assert preview is not None
    assert (preview.home.score, preview.raiding_team) == (1, "away")
    assert client.status.queued == 3
    assert len(client.outbox.pending(relay.url, "m1")) == 3

    restarted = Relay(RelayConfig(host="127.0.0.1", port=port, data_dir=data, token=TOKEN))
    await restarted.start()
    try:
        client.retry_now()
        await until(lambda: client.ledger.last_seq == 5 and not client.ledger.pending)
        logged = [e.event.client_event_id for e in client.ledger.log[2:]]
        assert logged == [e.client_event_id for e in queued]
        confirmed = client.ledger.confirmed
        assert confirmed is not None
        assert (confirmed.home.score, confirmed.raiding_team) == (1, "away")
        assert client.ledger.rejected == []
        assert client.outbox.pending(relay.url, "m1") == []
    finally:
        await restarted.stop()
