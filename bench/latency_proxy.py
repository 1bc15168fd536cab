"""A TCP proxy on 127.0.0.1 that adds latency, a bandwidth cap and random connection drops.

Each direction of each connection has its own queue of ``(due_time, chunk)``: a chunk
read at ``t`` is written at ``t + delay`` (delay drawn per chunk from ``delay_ms``),
but never before the chunk ahead of it, so bytes keep their order in each direction.
A drop aborts both sockets (no close frame, no FIN): what a dying WiFi link or a
killed NAT entry looks like to both ends.

In-process::

    async with LatencyProxy(target_port=relay_port, delay_ms=(50, 200)) as proxy:
        url = f"ws://127.0.0.1:{proxy.port}/ws"

CLI: ``python -m bench.latency_proxy --target-port 3000 --port 3100 --delay-ms 50 200``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

LOOPBACK = "127.0.0.1"
CHUNK = 64 * 1024


@dataclass
class ProxyStats:
    connections: int = 0
    drops: int = 0
    bytes_up: int = 0  # client -> target
    bytes_down: int = 0  # target -> client


@dataclass
class _Pipe:
    """One direction of one connection: reads, stamps, delays, writes in order."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    delay_ms: tuple[float, float]
    bandwidth: float | None
    rng: random.Random
    queue: deque[tuple[float, bytes]] = field(default_factory=deque)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    eof: bool = False

    async def read_side(self, count: list[int]) -> None:
        while True:
            chunk = await self.reader.read(CHUNK)
            if not chunk:
                self.eof = True
                self.ready.set()
                return
            count[0] += len(chunk)
            delay = self.rng.uniform(*self.delay_ms) / 1000
            due = time.monotonic() + delay
            if self.queue and self.queue[-1][0] > due:
                due = self.queue[-1][0]  # never overtake the chunk ahead
            self.queue.append((due, chunk))
            self.ready.set()

    async def write_side(self) -> None:
        while True:
            while not self.queue:
                if self.eof:
                    if self.writer.can_write_eof():
                        self.writer.write_eof()
                    return
                self.ready.clear()
                await self.ready.wait()
            wait = self.queue[0][0] - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            # Everything due by now goes out in one write, in arrival order.
            now = time.monotonic()
            batch = []
            while self.queue and self.queue[0][0] <= now:
                batch.append(self.queue.popleft()[1])
            data = b"".join(batch)
            self.writer.write(data)
            await self.writer.drain()
            if self.bandwidth:
                await asyncio.sleep(len(data) / self.bandwidth)


class LatencyProxy:
    """Forwards ``127.0.0.1:port`` to ``127.0.0.1:target_port`` with injected faults."""

    def __init__(
        self,
        target_port: int,
        *,
        port: int = 0,
        delay_ms: tuple[float, float] = (0.0, 0.0),
        up_delay_ms: tuple[float, float] | None = None,
        down_delay_ms: tuple[float, float] | None = None,
        bandwidth: float | None = None,
        drop_per_second: float = 0.0,
        seed: int | None = None,
    ) -> None:
        if delay_ms[0] < 0 or delay_ms[1] < delay_ms[0]:
            raise ValueError("delay_ms must be (min, max) with 0 <= min <= max")
        if not 0 <= drop_per_second <= 1:
            raise ValueError("drop_per_second is a probability per second, 0..1")
        self.target_port = target_port
        self.up_delay_ms = up_delay_ms or delay_ms
        self.down_delay_ms = down_delay_ms or delay_ms
        self.bandwidth = bandwidth
        self.drop_per_second = drop_per_second
        self.rng = random.Random(seed)
        self.stats = ProxyStats()
        self._requested_port = port
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the proxy first"
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, LOOPBACK, self._requested_port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> LatencyProxy:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def drop_all(self) -> int:
        """Aborts every open connection now; returns how many."""
        client_writers = list(self._writers)
        for writer in client_writers:
            writer.transport.abort()
        return len(client_writers) // 2

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self.stats.connections += 1
        try:
            target_r, target_w = await asyncio.open_connection(LOOPBACK, self.target_port)
        except OSError:
            client_w.transport.abort()
            self._connections.discard(task)
            return
        self._writers.update((client_w, target_w))
        up = _Pipe(client_r, target_w, self.up_delay_ms, self.bandwidth, self.rng)
        down = _Pipe(target_r, client_w, self.down_delay_ms, self.bandwidth, self.rng)
        up_count, down_count = [0], [0]
        up_read = asyncio.create_task(up.read_side(up_count))
        down_read = asyncio.create_task(down.read_side(down_count))
        writers = asyncio.gather(up.write_side(), down.write_side())
        dropper = asyncio.create_task(self._dropper())
        parts: list[asyncio.Future[Any]] = [up_read, down_read, writers, dropper]
        try:
            # Ends when both writers are done, when anything fails, or when a drop fires.
            watch = set(parts)
            while watch:
                done, watch = await asyncio.wait(watch, return_when=asyncio.FIRST_COMPLETED)
                failed = any(t.exception() is not None for t in done)
                if writers in done or failed or dropper in done:
                    break
            if dropper.done() and not dropper.cancelled():
                self.stats.drops += 1
                client_w.transport.abort()
                target_w.transport.abort()
        except asyncio.CancelledError:
            pass
        finally:
            for part in parts:
                part.cancel()
            await asyncio.gather(*parts, return_exceptions=True)
            for writer in (client_w, target_w):
                writer.close()
                self._writers.discard(writer)
            self.stats.bytes_up += up_count[0]
            self.stats.bytes_down += down_count[0]
            self._connections.discard(task)

    async def _dropper(self) -> None:
        if self.drop_per_second <= 0:
            await asyncio.Event().wait()  # never fires
        while True:
            await asyncio.sleep(1.0)
            if self.rng.random() < self.drop_per_second:
                return


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.latency_proxy",
        description="TCP proxy on 127.0.0.1 that injects latency, jitter, a bandwidth cap "
        "and random connection drops; byte order per direction is preserved.",
    )
    parser.add_argument("--target-port", type=int, required=True, help="port on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="listen port (0: any free one)")
    parser.add_argument(
        "--delay-ms",
        type=float,
        nargs=2,
        default=(50.0, 200.0),
        metavar=("MIN", "MAX"),
        help="one-way delay per direction, drawn uniformly per chunk (default 50 200)",
    )
    parser.add_argument(
        "--bandwidth", type=float, default=None, help="cap in bytes/s per direction"
    )
    parser.add_argument(
        "--drop-per-second",
        type=float,
        default=0.0,
        help="probability per second that a connection is aborted (both sides)",
    )
    parser.add_argument(
        "--mean-seconds-between-drops",
        type=float,
        default=None,
        help="alternative to --drop-per-second: mean lifetime of a connection",
    )
    parser.add_argument("--duration", type=float, default=600.0, help="stop after this many s")
    parser.add_argument("--seed", type=int, default=None)
    return parser


async def _serve(args: argparse.Namespace) -> None:
    drop = args.drop_per_second
    if args.mean_seconds_between_drops:
        drop = min(1.0, 1.0 / args.mean_seconds_between_drops)
    async with LatencyProxy(
        args.target_port,
        port=args.port,
        delay_ms=tuple(args.delay_ms),
        bandwidth=args.bandwidth,
        drop_per_second=drop,
        seed=args.seed,
    ) as proxy:
        print(f"proxy 127.0.0.1:{proxy.port} -> 127.0.0.1:{args.target_port}", flush=True)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(args.duration)
        s = proxy.stats
        print(f"connections={s.connections} drops={s.drops} up={s.bytes_up} down={s.bytes_down}")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
