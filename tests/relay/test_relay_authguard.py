"""Wrong scorer tokens: slowed down, then refused, per address; logged without flooding."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import StartRelay
from redis_kit import RedisServer
from relay_kit import HANG, closed_code, open_peer
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from relay.authguard import AuthGuard


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_free_failures_then_doubling_waits_then_lockout() -> None:
    clock = FakeClock()
    guard = AuthGuard(free=2, limit=5, lockout=600, clock=clock)
    for _ in range(2):
        assert guard.check("10.0.0.1") is None
        guard.failed("10.0.0.1")
    # Two failures: the next attempt must wait 1 s, then 2 s after a third failure.
    assert guard.check("10.0.0.1") == "Too many wrong scorer tokens; wait 1 s and try again."
    clock.now += 1
    assert guard.check("10.0.0.1") is None
    guard.failed("10.0.0.1")
    clock.now += 1.5
    assert guard.check("10.0.0.1") is not None
    clock.now += 0.5
    assert guard.check("10.0.0.1") is None
    guard.failed("10.0.0.1")
    clock.now += 4
    guard.failed("10.0.0.1")  # the fifth: refused for ten minutes
    assert guard.check("10.0.0.1") == (
        "Too many wrong scorer tokens from this address; try again in 10 minutes."
    )
    assert guard.locked_out == 1
    assert guard.check("10.0.0.2") is None  # other addresses are not affected
    clock.now += 599
    assert guard.check("10.0.0.1") == (
        "Too many wrong scorer tokens from this address; try again in 1 minute."
    )
    clock.now += 1
    assert guard.check("10.0.0.1") is None  # forgotten after the lockout
    assert guard.locked_out == 0


def test_success_forgets_the_failures() -> None:
    clock = FakeClock()
    guard = AuthGuard(free=1, limit=3, lockout=600, clock=clock)
    guard.failed("a")
    guard.failed("a")
    clock.now += 10
    guard.succeeded("a")
    assert guard.check("a") is None
    guard.failed("a")  # counted from one again: slowed down, not locked out
    assert guard.check("a") == "Too many wrong scorer tokens; wait 1 s and try again."


def test_addresses_kept_are_bounded() -> None:
    guard = AuthGuard(free=0, limit=1, lockout=600, max_addresses=100, clock=FakeClock())
    for n in range(1000):
        guard.failed(f"10.0.{n // 256}.{n % 256}")
    assert guard.locked_out == 100


async def hello_scorer(url: str, token: str, source: str) -> tuple[dict[str, object], int | None]:
    ws = await connect(url, open_timeout=HANG, local_addr=(source, 0))
    hello = {"type": "hello", "role": "scorer", "matchId": "m1", "token": token}
    await ws.send(json.dumps(hello))
    first = json.loads(await ws.recv())
    return first, await closed_code(ws) if first["type"] == "error" else None


async def test_repeated_wrong_tokens_are_refused_then_even_the_right_one(
    start_relay: StartRelay, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await start_relay(auth_free_failures=2, auth_max_failures=2)
    caplog.set_level(logging.WARNING, logger="relay.authguard")
    for guess in range(5):
        answer, code = await hello_scorer(relay.url, f"guess-{guess}", "127.0.0.2")
        assert answer["code"] == "unauthorized"
        assert code == 4401
        if guess >= 2:  # refused without the token being looked at
            assert "try again in 10 minutes" in str(answer["message"])
    answer, code = await hello_scorer(relay.url, relay.token, "127.0.0.2")
    assert answer["code"] == "unauthorized"
    assert "Too many wrong scorer tokens from this address" in str(answer["message"])
    # Another address, and viewers from the refused one, are not affected.
    scorer = await open_peer(relay, "scorer", source="127.0.0.3")
    assert scorer.welcome["role"] == "scorer"
    viewer = await open_peer(relay, "viewer", source="127.0.0.2")
    assert viewer.welcome["role"] == "viewer"
    if relay.relay is not None:
        warnings = [r.getMessage() for r in caplog.records if r.name == "relay.authguard"]
        assert warnings == [
            "2 wrong scorer tokens from 127.0.0.2: its scorer connections are refused for 600 s"
        ]
        health = relay.relay.read_model
        assert (await health.health())["lockedOutAddresses"] == 1


async def test_guessing_on_while_locked_out_gets_the_address_refused_at_accept(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay(auth_free_failures=1, auth_max_failures=1, abuse_max_closes=3)
    await hello_scorer(relay.url, "guess", "127.0.0.2")
    for _ in range(3):  # told to wait, tries again anyway
        answer, _ = await hello_scorer(relay.url, "guess", "127.0.0.2")
        assert "Too many wrong scorer tokens" in str(answer["message"])
    with pytest.raises(InvalidStatus) as refused:
        await connect(relay.url, open_timeout=HANG, local_addr=("127.0.0.2", 0))
    assert refused.value.response.status_code == 503


async def test_wrong_tokens_through_several_nodes_count_as_through_one(
    start_node: StartRelay, redis_server: RedisServer
) -> None:
    limits = {"auth_free_failures": 2, "auth_max_failures": 2}
    a, b = await start_node(**limits), await start_node(**limits)
    for node in (a, b):  # one guess through each node: two in all, the limit
        answer, code = await hello_scorer(node.url, "guess", "127.0.0.2")
        assert (answer["message"], code) == ("Wrong scorer token.", 4401)
    # Every node refuses the address now, a node started since included; even the right
    # token is not looked at.
    c = await start_node(**limits)
    for node in (a, b, c):
        answer, code = await hello_scorer(node.url, node.token, "127.0.0.2")
        assert answer["message"] == (
            "Too many wrong scorer tokens from this address; try again in 10 minutes."
        )
        assert code == 4401
    async with redis_server.client() as client:
        assert await client.hget("kabaddi:auth:127.0.0.2", "count") == "2"
        assert 0 < await client.ttl("kabaddi:auth:127.0.0.2") <= 600
    # Other addresses are not affected; a right token forgets an address's failures.
    answer, _ = await hello_scorer(b.url, "guess", "127.0.0.3")
    assert answer["message"] == "Wrong scorer token."
    scorer = await open_peer(a, "scorer", source="127.0.0.3")
    assert scorer.welcome["role"] == "scorer"
    async with redis_server.client() as client:
        assert await client.exists("kabaddi:auth:127.0.0.3") == 0


async def test_wrong_tokens_are_still_counted_by_the_node_while_redis_is_down(
    start_node: StartRelay, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    node = await start_node(auth_free_failures=1, auth_max_failures=1)
    await redis_server.kill()
    caplog.set_level(logging.WARNING, logger="relay.authguard")
    answer, _ = await hello_scorer(node.url, "guess", "127.0.0.2")
    assert answer["message"] == "Wrong scorer token."
    answer, _ = await hello_scorer(node.url, node.token, "127.0.0.2")
    assert "Too many wrong scorer tokens from this address" in str(answer["message"])
    warnings = [r.getMessage() for r in caplog.records if "could not be" in r.getMessage()]
    assert warnings, "the unreachable Redis was not logged"
    assert "this node judges by its own count meanwhile" in warnings[0]
