"""``kabaddi-relay --owned``: the relay a scorer app starts, finds again and stops."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from relay_kit import (
    HANG,
    ROOT,
    Backend,
    clock,
    closed_code,
    eventually,
    open_peer,
    setup_frame,
)

from relay.owned import (
    ALREADY_RUNNING_EXIT,
    INSTANCE_FILE,
    Instance,
    control_request,
    read_instance,
)

TOKEN = "owned-token"


async def spawn(data_dir: Path, port: int = 0) -> asyncio.subprocess.Process:
    env = {**os.environ, "KABADDI_TOKEN": TOKEN}
    return await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "relay", "--owned", "--host", "127.0.0.1"),
        *("--port", str(port), "--data-dir", str(data_dir)),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def started(data_dir: Path, port: int = 0) -> tuple[asyncio.subprocess.Process, Instance]:
    process = await spawn(data_dir, port)
    assert process.stdout is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
    assert "scorer token: (as supplied)" in line, line  # never written to the log
    instance = read_instance(data_dir)
    assert instance is not None
    return process, instance


def backend(instance: Instance, data_dir: Path) -> Backend:
    async def nothing() -> None:
        return None

    return Backend("owned", f"ws://127.0.0.1:{instance.port}/ws", TOKEN, data_dir, nothing)


@pytest.fixture
async def owned(tmp_path: Path) -> AsyncIterator[tuple[asyncio.subprocess.Process, Instance]]:
    process, instance = await started(tmp_path / "relay")
    yield process, instance
    if process.returncode is None:
        process.kill()
        await process.wait()


async def test_instance_file_names_the_process_and_is_private(
    owned: tuple[asyncio.subprocess.Process, Instance], tmp_path: Path
) -> None:
    process, instance = owned
    path = tmp_path / "relay" / INSTANCE_FILE
    assert path.stat().st_mode & 0o077 == 0
    assert instance.pid == process.pid
    assert instance.port not in (0, instance.control_port)
    reply = await control_request(instance.control_port, "GET", "/instance", instance.secret)
    assert reply.status == 200
    assert reply.body["instance_id"] == instance.instance_id
    assert reply.body["pid"] == process.pid
    assert "secret" not in reply.body


@pytest.mark.parametrize("secret", ["", "wrong-secret"])
async def test_control_requests_need_the_secret(
    owned: tuple[asyncio.subprocess.Process, Instance], secret: str
) -> None:
    process, instance = owned
    for method, path in (("GET", "/instance"), ("POST", "/shutdown")):
        reply = await control_request(instance.control_port, method, path, secret)
        assert reply.status == 401
    await asyncio.sleep(0.2)
    assert process.returncode is None  # still running


async def test_shutdown_request_closes_with_1001_and_keeps_every_event(
    owned: tuple[asyncio.subprocess.Process, Instance], tmp_path: Path
) -> None:
    process, instance = owned
    relay = backend(instance, tmp_path / "relay")
    scorer = await open_peer(relay, "scorer", "final")
    viewer = await open_peer(relay, "viewer", "final")
    await scorer.send(setup_frame())
    assert (await scorer.answer())["type"] == "ack"
    await scorer.send(clock("start"))
    assert (await scorer.answer())["type"] == "ack"

    reply = await control_request(instance.control_port, "POST", "/shutdown", instance.secret)
    assert reply.status == 202
    assert await closed_code(viewer.ws) == 1001
    assert await closed_code(scorer.ws) == 1001
    async with asyncio.timeout(HANG):
        assert await process.wait() == 0
    assert not (tmp_path / "relay" / INSTANCE_FILE).exists()

    again, second = await started(tmp_path / "relay")
    try:
        assert second.instance_id != instance.instance_id
        late = await open_peer(backend(second, tmp_path / "relay"), "viewer", "final")
        assert late.welcome["seq"] == 2
        await late.close()
    finally:
        again.kill()
        await again.wait()


async def test_a_second_relay_on_the_same_data_dir_refuses_to_start(
    owned: tuple[asyncio.subprocess.Process, Instance], tmp_path: Path
) -> None:
    _process, instance = owned
    second = await spawn(tmp_path / "relay")
    async with asyncio.timeout(HANG):
        _out, err = await second.communicate()
    assert second.returncode == ALREADY_RUNNING_EXIT
    assert b"another relay is already running on" in err
    assert read_instance(tmp_path / "relay") == instance  # the running one's file is intact


async def test_a_taken_port_falls_back_to_a_free_one(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process, instance = await started(tmp_path / "relay", port)
        try:
            assert instance.port != port
            viewer = await open_peer(backend(instance, tmp_path / "relay"), "viewer", "m1")
            await viewer.close()
        finally:
            process.kill()
            await process.wait()


async def test_a_killed_relay_leaves_a_file_that_no_longer_answers(tmp_path: Path) -> None:
    process, instance = await started(tmp_path / "relay")
    process.kill()
    await process.wait()
    stale = read_instance(tmp_path / "relay")
    assert stale == instance
    with pytest.raises(ConnectionRefusedError):
        await control_request(instance.control_port, "GET", "/instance", instance.secret)
    # The lock died with the process: a new relay starts on the same data dir.
    again, fresh = await started(tmp_path / "relay")
    try:
        assert fresh.pid == again.pid != instance.pid
        await eventually(
            lambda: _answers(fresh),
        )
    finally:
        again.kill()
        await again.wait()


async def _answers(instance: Instance) -> bool:
    reply = await control_request(instance.control_port, "GET", "/instance", instance.secret)
    return bool(reply.body.get("instance_id") == instance.instance_id)


def test_instance_file_round_trip(tmp_path: Path) -> None:
    (tmp_path / INSTANCE_FILE).write_text(json.dumps({"pid": 1}))
    assert read_instance(tmp_path) is None  # incomplete: ignored, not trusted
    assert read_instance(tmp_path / "missing") is None
