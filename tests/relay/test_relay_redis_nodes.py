"""Two relay nodes serving one match through one Redis: one order, exactly once, any node."""

from __future__ import annotations

import asyncio
import datetime
import random
from typing import Any

from conftest import StartRelay
from redis_kit import RedisServer, logged, technical
from relay_kit import clock, http_get, metric, next_raid, open_peer, setup_frame, started_match
from test_relay_load import Watcher


async def test_scorers_on_two_nodes_share_one_order(start_node: StartRelay) -> None:
    a, b = await start_node("subprocess"), await start_node("subprocess")
    setter, _ = await started_match(a)
    await setter.close()
    viewers = [Watcher(await open_peer(node, "viewer")) for node in (a, b, a, b)]
    pairs = [
        (
            Watcher(await open_peer(a, "scorer", name=f"A{n}", clientId=f"a{n}")),
            Watcher(await open_peer(b, "scorer", name=f"B{n}", clientId=f"b{n}")),
        )
        for n in range(2)
    ]
    rng = random.Random(7)

    async def score_pair(pair: int, on_a: Watcher, on_b: Watcher) -> list[str]:
        # The same frame through both nodes at once, as a scorer re-sending through the
        # other node would: one append, two acks with the same seq.
        sent = []
        for n in range(30):
            client_event_id = f"p{pair}-{n}"
            sent.append(client_event_id)
            state = (on_a if n % 2 else on_b).state
            assert state is not None
            roll = rng.random()
            if roll < 0.3:
                # Different events through both nodes at once: they race for the next seq.
                a_id, b_id = f"{client_event_id}a", f"{client_event_id}b"
                sent += [a_id, b_id]
                await asyncio.gather(
                    on_a.peer.send(technical(a_id, "home", 1)),
                    on_b.peer.send(technical(b_id, "away", 1)),
                )
                a_ack, b_ack = await asyncio.gather(
                    on_a.answer_to(a_id, 1), on_b.answer_to(b_id, 1)
                )
                assert a_ack["type"] == b_ack["type"] == "ack", (a_ack, b_ack)
                await asyncio.gather(on_a.reach(a_ack["seq"]), on_b.reach(b_ack["seq"]))
                continue
            if roll < 0.6:
                frame = technical(client_event_id, rng.choice(["home", "away"]), 1)
            else:
                frame = next_raid(state, touch=rng.random() < 0.5, client_event_id=client_event_id)
            await asyncio.gather(on_a.peer.send(frame), on_b.peer.send(frame))
            first, second = await asyncio.gather(
                on_a.answer_to(client_event_id, 1), on_b.answer_to(client_event_id, 1)
            )
            assert first["type"] == second["type"], (first, second)
            if first["type"] == "ack":
                assert first["seq"] == second["seq"]
                assert sorted([first["duplicate"], second["duplicate"]]) == [False, True]
                await asyncio.gather(on_a.reach(first["seq"]), on_b.reach(first["seq"]))
            else:
                assert first["code"] == second["code"] == "rule_violation", (first, second)
        return sent

    await asyncio.gather(*(score_pair(n, *pair) for n, pair in enumerate(pairs)))

    conflicts = [
        await metric(node, 'kabaddi_redis_appends_total{outcome="conflict"}') for node in (a, b)
    ]
    assert sum(conflicts) > 0, "the nodes never raced"
    log = await logged(a)
    assert log == await logged(b)
    assert [entry["seq"] for entry in log] == list(range(1, len(log) + 1))
    ids = [entry["event"]["clientEventId"] for entry in log]
    assert len(ids) == len(set(ids))
    for watcher in [w for pair in pairs for w in pair]:
        for client_event_id, answers in watcher.answers.items():
            assert len(answers) == 1
            if answers[0]["type"] == "ack":
                assert ids[answers[0]["seq"] - 1] == client_event_id
            else:
                assert client_event_id not in ids
    last = len(log)
    for viewer in viewers:
        await viewer.reach(last)
    states = [viewer.state for viewer in viewers]
    assert all(state == states[0] for state in states)
    assert states[0] is not None
    assert states[0]["lastSeq"] == last
    for node in (a, b):
        assert (await http_get(node, "/api/matches/m1")).json() == states[0]


async def test_a_scorer_resending_through_another_node_gets_the_original_seq(
    start_node: StartRelay,
) -> None:
    a, b = await start_node(), await start_node()
    scorer, _ = await started_match(a)
    await scorer.send(technical("t-1", "home", 2))
    ack = await scorer.answer()
    assert ack == {"type": "ack", "clientEventId": "t-1", "seq": 3, "duplicate": False}
    await scorer.close()
    moved = await open_peer(b, "scorer")
    await moved.send(technical("t-1", "home", 2))
    assert await moved.answer() == {
        "type": "ack",
        "clientEventId": "t-1",
        "seq": 3,
        "duplicate": True,
    }
    assert len(await logged(b)) == 3


async def test_a_viewer_resumes_on_another_node_with_exactly_what_it_missed(
    start_node: StartRelay,
) -> None:
    a = await start_node()
    b = await start_node(redis_head_check=60)  # only pub/sub and the resume itself
    scorer, _ = await started_match(a)
    viewer = await open_peer(a, "viewer")
    epoch, seen = viewer.welcome["epoch"], viewer.welcome["seq"]
    await viewer.close()
    for n in range(3):
        await scorer.send(technical(f"t-{n}", "away", 1))
        assert (await scorer.answer())["type"] == "ack"
    moved = await open_peer(b, "viewer", lastSeq=seen, epoch=epoch)
    assert moved.welcome["epoch"] == epoch
    assert moved.welcome["recovered"] is True
    assert [e["seq"] for e in moved.welcome["events"]] == [seen + 1, seen + 2, seen + 3]
    assert moved.welcome["state"]["away"]["points"]["technical"] == 3


async def test_the_match_list_and_token_come_from_redis(start_node: StartRelay) -> None:
    a = await start_node(token=None)
    b = await start_node(token=None)
    assert a.token == b.token
    await started_match(a, "final")
    listed: list[dict[str, Any]] = (await http_get(b, "/api/matches")).json()
    assert [entry["matchId"] for entry in listed] == ["final"]
    assert listed[0]["lastSeq"] == 2
    assert listed[0]["home"]["name"] == "Patna Pirates"


async def test_matches_set_up_per_day_are_counted_for_every_node_in_redis(
    start_node: StartRelay, redis_server: RedisServer
) -> None:
    a = await start_node(max_matches_per_day=3)
    b = await start_node(max_matches_per_day=3)
    # The same new match set up through both nodes at once: one setup, counted once.
    on_a, on_b = await open_peer(a, "scorer", "m1"), await open_peer(b, "scorer", "m1")
    await asyncio.gather(on_a.send(setup_frame("setup-a")), on_b.send(setup_frame("setup-b")))
    answers = sorted([(await on_a.answer())["type"], (await on_b.answer())["type"]])
    assert answers == ["ack", "error"]
    # A setup the rules refuse takes no place either.
    broken = setup_frame("broken")
    broken["home"]["players"] = broken["home"]["players"][:3]
    scorer = await open_peer(b, "scorer", "m2")
    await scorer.send(broken)
    assert (await scorer.answer())["code"] != "limit_reached"
    for node, match_id in ((b, "m2"), (a, "m3")):
        scorer = await open_peer(node, "scorer", match_id)
        await scorer.send(setup_frame(f"setup-{match_id}"))
        assert (await scorer.answer())["seq"] == 1
    # Three matches in all: each node refuses a fourth, and so does one started afresh.
    c = await start_node(max_matches_per_day=3)
    for node in (a, b, c):
        scorer = await open_peer(node, "scorer", "m4")
        await scorer.send(setup_frame("setup-m4"))
        answer = await scorer.answer()
        assert answer["code"] == "limit_reached", answer
        assert answer["message"] == (
            "This relay has set up 3 matches today (UTC), its limit;"
            " ask its operator to raise --max-matches-per-day."
        )
    assert await metric(a, 'kabaddi_redis_appends_total{outcome="quota"}') == 1
    # The count is one key per UTC day, gone at the day's end.
    async with redis_server.client() as client:
        keys = await client.keys("kabaddi:setups:*")
        assert len(keys) == 1
        assert await client.get(keys[0]) == "3"
        day = datetime.date.fromisoformat(keys[0].removeprefix("kabaddi:setups:"))
        expires = await client.expiretime(keys[0])
    midnight = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    assert expires == midnight.timestamp() + 24 * 3600
    # Matches already set up go on.
    await on_a.send(clock("start", "go"))
    assert (await on_a.answer())["seq"] == 2
