"""The Redis scenario, shortened, against real relay processes and a real redis-server.

Its figures are printed, never asserted: only that both parts ran and every viewer got
every event in order with 1 and with 2 workers."""

from __future__ import annotations

import shutil

import pytest

from bench.scenarios import redis_nodes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")
async def test_redis_nodes_scenario_holds() -> None:
    args = redis_nodes.parser().parse_args(
        ["--appends", "30", "--viewers", "20", "--rate", "10", "--duration", "2", "--no-go"]
    )
    outcome = await redis_nodes.run(args)
    assert outcome.problems == []
    for name in ("append_sqlite_p50_ms", "append_redis_p99_ms", "fanout_2_workers_fps"):
        assert outcome.figures[name] > 0
