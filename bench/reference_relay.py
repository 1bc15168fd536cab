"""The minimal relay, kept as the yardstick for fan-out.

What it does, and nothing more (no validation, no rules, no persistence, no acks):

- A connection's first text frame must be a JSON ``hello`` with ``matchId``; the
  relay answers a minimal ``welcome`` (``state: null``, ``events: []``, ``epoch``
  ``"reference"``, ``seq`` = the match's current counter) and adds the connection
  to the match.
- Every later frame from a ``scorer`` connection is wrapped, without parsing it, as
  ``{"type":"event","seq":N,"event":<the frame>,"text":"","state":null}`` with a
  per-match counter ``N`` and sent to every connection of the match (the sender
  included) with one ``websockets.broadcast()`` call. With ``--pad-bytes P``,
  ``state`` is a string of P characters instead of null, so that its frames weigh
  what the real relay's do (which carry the whole match state).
- Frames from viewers are ignored.

So each ``event`` frame it sends is the scorer's frame plus about 50 bytes, where the
real relay's ``event`` frame carries the whole match state (see docs/performance.md
for both sizes). Load-generator viewers measure latency the same way on both.

CLI: ``python -m bench.reference_relay --port 3200``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
from dataclasses import dataclass, field
from types import TracebackType

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

LOOPBACK = "127.0.0.1"


@dataclass
class _Match:
    seq: int = 0
    connections: set[ServerConnection] = field(default_factory=set)


class ReferenceRelay:
    def __init__(self, port: int = 0, pad_bytes: int = 0) -> None:
        self._requested_port = port
        # "state": null, or a string of pad_bytes characters so frames weigh what ours do.
        self._state = json.dumps("s" * pad_bytes) if pad_bytes else "null"
        self._matches: dict[str, _Match] = {}
        self._ids = itertools.count(1)
        self._server: Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the relay first"
        port: int = next(iter(self._server.sockets)).getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/ws"

    async def start(self) -> None:
        self._server = await serve(
            self._handle, LOOPBACK, self._requested_port, max_size=64 * 1024, compression=None
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def __aenter__(self) -> ReferenceRelay:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _handle(self, ws: ServerConnection) -> None:
        try:
            first = await asyncio.wait_for(ws.recv(), timeout=10)
            hello = json.loads(first)
            match_id = str(hello["matchId"])
            role = "scorer" if hello.get("role") == "scorer" else "viewer"
        except (TimeoutError, ValueError, KeyError, TypeError, ConnectionClosed):
            await ws.close(4400, "hello expected")
            return
        match = self._matches.setdefault(match_id, _Match())
        welcome = {
            "type": "welcome",
            "matchId": match_id,
            "role": role,
            "connectionId": f"c{next(self._ids)}",
            "epoch": "reference",
            "seq": match.seq,
            "recovered": False,
            "state": None,
            "events": [],
            "protocol": 1,
        }
        await ws.send(json.dumps(welcome))
        match.connections.add(ws)
        try:
            async for frame in ws:
                if role != "scorer" or not isinstance(frame, str):
                    continue
                match.seq += 1
                broadcast(
                    match.connections,
                    f'{{"type":"event","seq":{match.seq},"event":{frame},"text":"",'
                    f'"state":{self._state}}}',
                )
        except ConnectionClosed:
            pass
        finally:
            match.connections.discard(ws)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reference_relay",
        description="Minimal reference relay: hello/welcome, then every scorer frame is "
        "wrapped in an 'event' frame and broadcast to the match. No validation or storage.",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--pad-bytes", type=int, default=0, help="send 'state' as P characters")
    parser.add_argument("--duration", type=float, default=3600.0, help="stop after this many s")
    return parser


async def _serve(port: int, duration: float, pad_bytes: int) -> None:
    async with ReferenceRelay(port, pad_bytes) as relay:
        print(f"reference relay {relay.url}", flush=True)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(duration)


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.duration, args.pad_bytes))


if __name__ == "__main__":
    main()
