"""Websocket peers for the hosting tests: another scorer or a viewer on the hosted relay."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

HANG = 60.0  # seconds; hang protection only


class Peer:
    def __init__(self, ws: ClientConnection, welcome: dict[str, Any]) -> None:
        self.ws = ws
        self.welcome = welcome

    async def recv(self, *types: str) -> dict[str, Any]:
        """The next frame of one of ``types``, skipping the others."""
        async with asyncio.timeout(HANG):
            while True:
                frame: dict[str, Any] = json.loads(await self.ws.recv())
                if frame["type"] in types:
                    return frame

    async def score(self, frame: dict[str, Any]) -> int:
        """Send an event; its seq once acknowledged."""
        await self.ws.send(json.dumps(frame))
        answer = await self.recv("ack", "error")
        assert answer["type"] == "ack", answer
        seq: int = answer["seq"]
        return seq

    async def close_code(self) -> int | None:
        """Read until the relay closes the connection; the code it sent."""
        try:
            async with asyncio.timeout(HANG):
                while True:
                    await self.ws.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    async def close(self) -> None:
        await self.ws.close()


async def peer(url: str, match_id: str, role: str, token: str = "") -> Peer:
    ws = await connect(url, open_timeout=HANG, max_size=None)
    hello: dict[str, Any] = {"type": "hello", "role": role, "matchId": match_id, "name": "Ravi"}
    if token:
        hello["token"] = token
    await ws.send(json.dumps(hello))
    async with asyncio.timeout(HANG):
        welcome = json.loads(await ws.recv())
    assert welcome["type"] == "welcome", welcome
    return Peer(ws, welcome)


def raid(raider: str, touched: str | None, client_event_id: str) -> dict[str, Any]:
    """A raid frame: empty, or successful with one touch."""
    frame: dict[str, Any] = {"type": "raid", "raiderId": raider, "clientEventId": client_event_id}
    if touched is None:
        frame["raidType"] = "empty"
    else:
        frame |= {"raidType": "successful", "touchedIds": [touched]}
    return frame


def clock_start(client_event_id: str) -> dict[str, Any]:
    return {"type": "clock", "action": "start", "clientEventId": client_event_id}
