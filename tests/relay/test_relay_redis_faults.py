"""Faults on the way to Redis: a node killed, Redis killed, pub/sub cut, Redis emptied."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from conftest import StartRelay
from redis_kit import FailoverScorer, RedisServer, check_log_against_acks, logged, technical
from relay_kit import closed_code, eventually, http_get, open_peer, started_match
from test_relay_load import Watcher
from websockets.asyncio.client import connect

EVENTS = 60


def frames(name: str, team: str) -> list[dict[str, object]]:
    return [technical(f"{name}-{n}", team, 1) for n in range(EVENTS)]


async def until(condition: Callable[[], bool]) -> None:
    async def check() -> bool:
        return condition()

    await eventually(check, interval=0.01)


async def until_acked(scorers: list[FailoverScorer], count: int) -> None:
    await until(lambda: sum(len(s.acks) for s in scorers) >= count)


async def test_a_node_killed_mid_load_loses_nothing_acknowledged(start_node: StartRelay) -> None:
    a, b = await start_node("subprocess"), await start_node("subprocess")
    setter, _ = await started_match(b)
    scorers = [FailoverScorer([a, b], f"A{n}") for n in range(3)] + [FailoverScorer([b, a], "B")]
    teams = ["home", "home", "away", "away"]
    playing = [
        asyncio.create_task(s.score(frames(s.name, team), pace=0.01))
        for s, team in zip(scorers, teams, strict=True)
    ]
    await until_acked(scorers, 40)
    assert a.process is not None
    a.process.kill()  # SIGKILL: no goodbye to anyone
    await asyncio.gather(*playing)

    assert all(s.connections >= 2 for s in scorers[:3]), "the scorers on the killed node moved"
    assert not any(s.refused for s in scorers)
    assert all(len(s.acks) == EVENTS for s in scorers)
    log = await logged(b)
    check_log_against_acks(log, scorers)
    assert len(log) == 2 + 4 * EVENTS
    # Re-sent once more through the surviving node: duplicates keep their seq.
    for scorer in scorers:
        for client_event_id in list(scorer.acks)[-3:]:
            team = "home" if scorer.name != "A2" and scorer.name != "B" else "away"
            await setter.send(technical(client_event_id, team, 1))
            again = await setter.answer()
            assert again == {**scorer.acks[client_event_id], "duplicate": True}
    state = (await http_get(b, "/api/matches/m1")).json()
    assert state["lastSeq"] == len(log)
    assert state["home"]["points"]["technical"] == 2 * EVENTS
    assert state["away"]["points"]["technical"] == 2 * EVENTS


async def test_redis_killed_mid_load_and_restarted_loses_nothing(
    start_node: StartRelay, redis_server: RedisServer
) -> None:
    node = await start_node(redis_head_check=0.2)
    setter, _ = await started_match(node)
    await setter.close()
    viewer = Watcher(await open_peer(node, "viewer"))
    epoch = viewer.peer.welcome["epoch"]
    scorers = [FailoverScorer([node], f"S{n}") for n in range(2)]
    playing = [
        asyncio.create_task(s.score(frames(s.name, team), pace=0.01))
        for s, team in zip(scorers, ["home", "away"], strict=True)
    ]
    await until_acked(scorers, 30)
    await redis_server.kill()
    await until(lambda: sum(s.unavailable for s in scorers) >= 4)
    acked_while_down = sum(len(s.acks) for s in scorers)
    health = (await http_get(node, "/healthz")).json()
    assert (health["ok"], health["redis"]) == (False, "down")
    # A match not in memory cannot be loaded: said so, and the client may come back.
    async with connect(node.url) as ws:
        await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m2"}))
        refused = json.loads(await ws.recv())
        assert (refused["type"], refused["code"]) == ("error", "unavailable")
        assert await closed_code(ws) == 1013
    assert sum(len(s.acks) for s in scorers) == acked_while_down, "acked with Redis down"
    await redis_server.start()  # the same directory: its append-only file
    await asyncio.gather(*playing)

    assert not viewer.task.done(), "a viewer lost its connection"
    assert all(len(s.acks) == EVENTS for s in scorers)
    log = await logged(node)
    check_log_against_acks(log, scorers)
    assert len(log) == 2 + 2 * EVENTS
    await viewer.reach(len(log))
    assert viewer.state is not None
    assert viewer.state["home"]["points"]["technical"] == EVENTS
    back = await open_peer(node, "viewer", lastSeq=len(log) - 5, epoch=epoch)
    assert back.welcome["epoch"] == epoch
    assert back.welcome["recovered"] is True
    assert [e["seq"] for e in back.welcome["events"]] == list(range(len(log) - 4, len(log) + 1))


async def test_a_cut_subscription_is_filled_in_including_the_last_event(
    start_node: StartRelay, redis_server: RedisServer
) -> None:
    a = await start_node()
    b = await start_node(redis_head_check=60)  # only the resubscription can find the gap
    scorer, _ = await started_match(a)
    viewer = Watcher(await open_peer(b, "viewer"))
    for n in range(3):
        await scorer.send(technical(f"before-{n}", "home", 1))
        assert (await scorer.answer())["type"] == "ack"
    await viewer.reach(5)
    async with redis_server.client() as client:
        killed = await client.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
    assert killed >= 2  # one subscriber per node
    # Published while nobody is subscribed, then nothing more: a quiet spell.
    await scorer.send(technical("lost", "away", 3))
    assert await scorer.answer() == {
        "type": "ack",
        "clientEventId": "lost",
        "seq": 6,
        "duplicate": False,
    }
    await viewer.reach(6)
    assert viewer.state is not None
    assert viewer.state["away"]["points"]["technical"] == 3
    for n in range(3):
        await scorer.send(technical(f"after-{n}", "home", 1))
        assert (await scorer.answer())["type"] == "ack"
    await viewer.reach(9)  # in order, none missing (the watcher checks every seq)


async def test_an_emptied_redis_starts_the_match_again_under_a_new_epoch(
    start_node: StartRelay, redis_server: RedisServer
) -> None:
    node = await start_node(redis_head_check=0.2)
    scorer, _ = await started_match(node)
    viewer = await open_peer(node, "viewer")
    epoch, seq = viewer.welcome["epoch"], viewer.welcome["seq"]
    async with redis_server.client() as client:
        await client.flushall()
    assert await closed_code(viewer.ws) == 1011
    again = await open_peer(node, "viewer", lastSeq=seq, epoch=epoch)
    assert again.welcome["epoch"] != epoch
    assert again.welcome["recovered"] is False
    assert again.welcome["seq"] == 0
    assert again.welcome["state"] is None
    fresh, _ = await started_match(node)
    assert (await logged(node))[-1]["seq"] == 2
    await fresh.close()
    await scorer.close()
