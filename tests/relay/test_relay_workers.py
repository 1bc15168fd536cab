"""``--workers N`` (one listening socket, supervised) and the checks a node makes of its Redis."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from redis_kit import FailoverScorer, RedisServer, check_log_against_acks, logged, technical
from relay_kit import (
    HANG,
    LINE,
    ROOT,
    TOKEN,
    Backend,
    eventually,
    http_get,
    start_embedded,
    started_match,
)

from relay.__main__ import parse_args
from relay.workers import worker_args

POSIX_ONLY = pytest.mark.skipif(
    sys.platform == "win32",
    reason="--workers hands one listening socket to its workers, which Windows cannot;"
    " redis-server runs on POSIX systems",
)
EVENTS = 50
# Connection attempts at most while a worker is killed and restarted (bounds the loop).
ATTEMPTS = 3000


@pytest.fixture
async def workers(redis_server: RedisServer, tmp_path: Path) -> AsyncIterator[Backend]:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "relay", "--host", "127.0.0.1", "--port", "0"),
        *("--data-dir", str(tmp_path), "--rate", "10000", "--burst", "10000"),
        *("--redis", redis_server.url, "--workers", "2"),
        cwd=ROOT,
        env={**os.environ, "KABADDI_TOKEN": TOKEN},
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
    found = LINE.search(line)
    assert found, line

    async def stop() -> None:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(HANG):
            await process.wait()

    assert found["token"] == "(as"  # a token the operator gave is never printed
    backend = Backend("workers", found["url"], TOKEN, tmp_path, stop, process=process)
    yield backend
    await stop()


async def health_by_pid(
    backend: Backend, wanted: int, without: int = 0
) -> dict[int, dict[str, Any]]:
    """/healthz of each worker, asking until ``wanted`` different ones have answered."""
    seen: dict[int, dict[str, Any]] = {}
    async with asyncio.timeout(HANG):
        while len(seen) < wanted:
            health = (await http_get(backend, "/healthz")).json()
            assert health["pid"] != without
            seen[health["pid"]] = health
            await asyncio.sleep(0.01)
    return seen


async def until(condition: Callable[[], bool]) -> None:
    async def check() -> bool:
        return condition()

    await eventually(check, interval=0.01)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@POSIX_ONLY
async def test_two_workers_accept_and_killing_one_loses_nothing(workers: Backend) -> None:
    first = await health_by_pid(workers, 2)
    assert all(health["ok"] and health["redis"] == "up" for health in first.values())
    await started_match(workers)
    scorers = [FailoverScorer([workers], f"S{n}") for n in range(4)]
    playing = [
        asyncio.create_task(
            s.score([technical(f"{s.name}-{n}", "home", 1) for n in range(EVENTS)], pace=0.01)
        )
        for s in scorers
    ]
    await until(lambda: sum(len(s.acks) for s in scorers) >= 30)
    busiest = max(
        (await health_by_pid(workers, 2)).items(), key=lambda item: item[1]["connections"]
    )
    os.kill(busiest[0], signal.SIGKILL)
    await asyncio.gather(*playing)

    assert sum(s.connections for s in scorers) > len(scorers), "nobody had to reconnect"
    assert all(len(s.acks) == EVENTS for s in scorers)
    log = await logged(workers)
    check_log_against_acks(log, scorers)
    assert len(log) == 2 + len(scorers) * EVENTS
    # The parent started a new worker in place of the killed one.
    restarted = await health_by_pid(workers, 2, without=busiest[0])
    assert len(set(restarted) - set(first)) == 1
    assert not alive(busiest[0])
    await workers.stop()
    assert workers.process is not None
    assert workers.process.returncode == 0
    for pid in restarted:
        await until(lambda pid=pid: not alive(pid))


@POSIX_ONLY
async def test_workers_stop_when_their_parent_is_killed(workers: Backend) -> None:
    pids = list(await health_by_pid(workers, 2))
    assert workers.process is not None
    workers.process.kill()
    for pid in pids:
        await until(lambda pid=pid: not alive(pid))


async def answering_pid(backend: Backend) -> int | str:
    """Which worker answered a new connection's /healthz; or why the attempt failed."""
    try:
        response = await http_get(backend, "/healthz")
    except (OSError, TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.status != 200:
        return f"HTTP {response.status}"
    pid: int = response.json()["pid"]
    return pid


def stopped(pid: int) -> bool:
    """Whether the process is stopped (SIGSTOP took effect): its state is T."""
    proc = Path(f"/proc/{pid}/stat")
    if proc.exists():  # Linux
        return proc.read_text().rpartition(")")[2].split()[0] == "T"
    ps = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
    return ps.stdout.strip().startswith("T")


@POSIX_ONLY
async def test_connections_queued_when_a_worker_dies_are_served_by_the_others(
    workers: Backend,
) -> None:
    victim, other = list(await health_by_pid(workers, 2))
    # The victim stops accepting; new connections queue until a worker accepts them.
    os.kill(victim, signal.SIGSTOP)
    await until(lambda: stopped(victim))
    answers: list[int | str] = []
    restarted: set[int] = set()

    async def keep_connecting() -> None:
        # Clients keep connecting, a few at once, until the restarted worker answers too.
        async with asyncio.timeout(HANG * 3):
            for _ in range(ATTEMPTS // 4):
                batch = await asyncio.gather(*(answering_pid(workers) for _ in range(4)))
                answers.extend(batch)
                restarted.update(p for p in batch if isinstance(p, int) and p != other)
                if restarted:
                    return
                await asyncio.sleep(0.005)

    connecting = asyncio.create_task(keep_connecting())
    try:
        await until(lambda: len(answers) >= 40)
    except TimeoutError:
        pytest.fail("connections made while a worker was stopped were left waiting for it")
    os.kill(victim, signal.SIGKILL)
    await connecting

    failed = [answer for answer in answers if not isinstance(answer, int)]
    assert failed == [], f"{len(failed)} of {len(answers)} connections failed: {failed[:5]}"
    assert victim not in answers
    assert len(restarted) == 1, "the restarted worker never answered"
    assert not alive(victim)


def test_workers_without_redis_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        parse_args(["--workers", "2"])
    assert refused.value.code == 2
    assert "--workers needs --redis" in capsys.readouterr().err


def test_each_worker_gets_its_share_of_the_cores_for_broadcasting() -> None:
    cores = os.cpu_count() or 1
    given = ["--redis", "unix:///r.sock", "--workers", "2", "--port", "8765"]
    args = worker_args(given, 7, workers=2)
    assert args == [
        *("--redis", "unix:///r.sock", "--broadcast-threads", str(max(1, cores // 2))),
        *("--listen-fd", "7"),
    ]
    chosen = worker_args([*given, "--broadcast-threads", "3"], 7, workers=2)
    assert chosen == [
        *("--redis", "unix:///r.sock", "--broadcast-threads", "3", "--listen-fd", "7"),
    ]


def test_broadcast_threads_below_one_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        parse_args(["--broadcast-threads", "0"])
    assert refused.value.code == 2
    assert "--broadcast-threads must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("seconds", ["0", "-1", "16"])
def test_a_heartbeat_the_pages_cannot_follow_is_refused(
    capsys: pytest.CaptureFixture[str], seconds: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        parse_args(["--heartbeat", seconds])
    assert refused.value.code == 2
    assert "--heartbeat must be more than 0 and at most 15 seconds" in capsys.readouterr().err


def test_workers_are_refused_on_windows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(SystemExit) as refused:
        parse_args(["--redis", "redis://127.0.0.1:6379/0", "--workers", "2"])
    assert refused.value.code == 2
    error = capsys.readouterr().err
    assert "--workers is not available on Windows" in error
    assert "load balancer" in error


@POSIX_ONLY
async def test_a_redis_that_could_lose_acknowledged_events_is_refused(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", "--appendonly", "yes", "--appendfsync", "everysec")
    await server.start()
    try:
        run = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "relay", "--port", "0", "--redis", server.url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HANG,
        )
        assert run.returncode == 1
        assert "appendfsync is 'everysec', it must be 'always'" in run.stderr
        assert "maxmemory-policy" not in run.stderr  # Debian's default, noeviction, is right
        assert "--redis-unsafe-durability" in run.stderr
        unsafe = await start_embedded(
            tmp_path / "data", redis_url=server.url, redis_unsafe_durability=True
        )
        health = (await http_get(unsafe, "/healthz")).json()
        assert health["redisUnsafeDurability"] == [
            "appendfsync is 'everysec', it must be 'always': otherwise a power cut loses"
            " events that were acknowledged"
        ]
        await unsafe.stop()
    finally:
        await server.stop()
