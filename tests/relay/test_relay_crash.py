"""SIGKILL during a burst: no acknowledged event is lost, and re-sent ones are duplicates.

The relay runs as ``python -m relay`` on a temporary data dir; the test kills it with
SIGKILL while two scorers on two matches pipeline events, restarts it on the same data
dir and port, and checks every match was rebuilt with the same epoch and seq.
"""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any

from relay_kit import (
    HANG,
    KILLED_EXIT,
    Peer,
    clock,
    http_get,
    open_peer,
    start_subprocess,
    started_match,
)

BURST = 400
KILL_AFTER_ACKS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def burst(scorer: Peer, prefix: str, acked: dict[str, int], enough: asyncio.Event) -> None:
    """Pipeline pause/resume events; record each ack until the connection dies."""

    async def read() -> None:
        async for raw in scorer.ws:
            frame = json.loads(raw)
            if frame["type"] == "ack":
                acked[frame["clientEventId"]] = frame["seq"]
                if len(acked) >= KILL_AFTER_ACKS:
                    enough.set()

    reader = asyncio.create_task(read())
    try:
        for n in range(BURST):
            await scorer.send(clock("pause" if n % 2 == 0 else "resume", f"{prefix}-{n}"))
    except Exception:
        pass  # killed mid-send
    await asyncio.gather(reader, return_exceptions=True)


async def test_sigkill_loses_no_acknowledged_event(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", free_port()
    first = await start_subprocess(data_dir, port=port, rate_per_second=10_000, rate_burst=10_000)
    try:
        scorers: dict[str, Peer] = {}
        for match_id in ("m1", "m2"):
            scorers[match_id], _ = await started_match(first, match_id)
        epochs = {m: p.welcome["epoch"] for m, p in scorers.items()}
        acked: dict[str, dict[str, int]] = {"m1": {}, "m2": {}}
        enough = asyncio.Event()
        bursts = [asyncio.create_task(burst(scorers[m], m, acked[m], enough)) for m in ("m1", "m2")]
        async with asyncio.timeout(HANG):
            await enough.wait()
        assert first.process is not None
        first.process.kill()  # SIGKILL; TerminateProcess on Windows
        async with asyncio.timeout(HANG):
            await asyncio.gather(*bursts)
            await first.process.wait()
    finally:
        await first.stop()
    assert first.process.returncode == KILLED_EXIT
    assert sum(map(len, acked.values())) >= KILL_AFTER_ACKS

    second = await start_subprocess(data_dir, port=port, rate_per_second=10_000, rate_burst=10_000)
    try:
        assert second.port == port
        for match_id in ("m1", "m2"):
            await check_rebuilt(second, match_id, epochs[match_id], acked[match_id])
    finally:
        await second.stop()


async def check_rebuilt(relay: Any, match_id: str, epoch: str, acked: dict[str, int]) -> None:
    logged = (await http_get(relay, f"/api/matches/{match_id}/events")).json()
    seqs = [e["seq"] for e in logged]
    assert seqs == list(range(1, len(seqs) + 1)), "the log has a gap"
    stored = {e["event"]["clientEventId"]: e["seq"] for e in logged}
    for client_event_id, seq in acked.items():
        assert stored.get(client_event_id) == seq, f"acknowledged {client_event_id} lost"

    scorer = await open_peer(relay, "scorer", match_id, lastSeq=0, epoch=epoch)
    assert scorer.welcome["epoch"] == epoch
    assert scorer.welcome["seq"] == len(seqs)
    assert scorer.welcome["recovered"] is True
    assert scorer.welcome["state"]["lastSeq"] == len(seqs)
    # Every event the scorer saw acknowledged, re-sent, is a duplicate with its seq.
    for client_event_id in sorted(acked, key=acked.__getitem__):
        n = int(client_event_id.rsplit("-", 1)[1])
        await scorer.send(clock("pause" if n % 2 == 0 else "resume", client_event_id))
    for client_event_id in sorted(acked, key=acked.__getitem__):
        answer = await scorer.answer()
        assert answer == {
            "type": "ack",
            "clientEventId": client_event_id,
            "seq": acked[client_event_id],
            "duplicate": True,
        }
    await scorer.close()
