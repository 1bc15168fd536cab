"""The machine alone: one frame to N loopback TCP connections, with no relay at all.

The stadium's latency is bounded from below by what this machine's kernel charges to
push one frame through N loopback TCP connections and to read it at the other end, on
the same two cores. This measures that floor in the same run, with the same number of
connections and load-generator processes: a sender that has accepted N plain TCP
connections (no websocket handshake, no library, no JSON) writes one ready-made
websocket text frame of the relay's size to every one of them, from one thread per
core; receiver processes, asyncio as the load generator's viewers are, stamp the time
each frame arrives. Latency is from the start of the send loop to each arrival.

No relay can deliver faster than this on the machine it is measured on; what the
relay adds over it is its own cost.

``python -m bench.bare_fanout --viewers 19000 --procs 8``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import socket
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from bench.worker import raise_fd_limit
from relay.parallel_write import ParallelWriter
from relay.ws_adapter import text_frame

SETTLE_S = 1.0  # between frames: each is delivered everywhere long before the next


@dataclass(frozen=True)
class BareResult:
    viewers: int
    procs: int
    senders: int
    frame_bytes: int
    frames: int
    latencies_ms: list[float]
    send_loop_ms: list[float]
    not_sent: int

    def percentile(self, q: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def delivered(self) -> int:
        return len(self.latencies_ms)

    def line(self) -> str:
        def ms(q: float) -> str:
            value = self.percentile(q)
            return "-" if value is None else f"{value:.1f}"

        loop = max(self.send_loop_ms) if self.send_loop_ms else 0.0
        return (
            f"{ms(0.5)} / {ms(0.99)} / {ms(1.0)} "
            f"({self.delivered}/{self.viewers * self.frames} delivered, {self.senders} sender "
            f"threads, slowest send loop {loop:.0f} ms)"
        )


def _receive(
    port: int, count: int, frames: int, frame_len: int, wait_s: float, pipe: Connection
) -> None:
    raise_fd_limit()
    arrivals: list[int] = []
    expected = count * frames

    async def main() -> None:
        everything = asyncio.Event()

        class Reader(asyncio.Protocol):
            # A reader that fell behind gets several frames in one read: each is counted,
            # stamped with the time of that read.
            def __init__(self) -> None:
                self.pending = 0

            def data_received(self, data: bytes) -> None:
                self.pending += len(data)
                whole, self.pending = divmod(self.pending, frame_len)
                arrivals.extend([time.monotonic_ns()] * whole)
                if len(arrivals) >= expected:
                    everything.set()

        loop = asyncio.get_running_loop()
        for _ in range(count):
            await loop.create_connection(Reader, "127.0.0.1", port)
        pipe.send("connected")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(everything.wait(), wait_s)

    asyncio.run(main())
    pipe.send(arrivals)


def measure(
    viewers: int,
    procs: int,
    payload_bytes: int,
    frames: int = 5,
    senders: int | None = None,
    rate: float | None = None,
) -> BareResult:
    """Connect ``viewers`` readers over ``procs`` processes and send ``frames`` frames:
    ``rate`` a second, or one every ``SETTLE_S`` (each delivered before the next)."""
    raise_fd_limit()
    senders = senders or os.cpu_count() or 1
    interval = 1 / rate if rate else SETTLE_S
    frame = text_frame(b"x" * payload_bytes)
    wait_s = frames * interval + SETTLE_S + 60
    # The relay's own writer: the same system calls, from one thread per sender.
    writer = ParallelWriter(senders)
    context = multiprocessing.get_context("spawn")
    counts = [viewers // procs + (1 if i < viewers % procs else 0) for i in range(procs)]
    with socket.create_server(("127.0.0.1", 0), backlog=4096) as listener:
        port = listener.getsockname()[1]
        pipes, children = [], []
        for count in counts:
            mine, theirs = context.Pipe()
            child = context.Process(
                target=_receive, args=(port, count, frames, len(frame), wait_s, theirs)
            )
            child.start()
            pipes.append(mine)
            children.append(child)
        accepted: list[socket.socket] = []
        try:
            listener.settimeout(120)
            while len(accepted) < viewers:
                conn, _ = listener.accept()
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conn.setblocking(False)
                accepted.append(conn)
            for pipe in pipes:
                if not pipe.poll(120):
                    raise TimeoutError("a receiver process did not connect")
                pipe.recv()
            fds = [conn.fileno() for conn in accepted]
            starts, loops, not_sent = [], [], 0
            time.sleep(SETTLE_S)
            due = time.monotonic()
            for _ in range(frames):
                time.sleep(max(0.0, due - time.monotonic()))
                due += interval
                began = time.monotonic_ns()
                written = writer.write(fds, frame)
                not_sent += sum(1 for n in written if n != len(frame))
                starts.append(began)
                loops.append((time.monotonic_ns() - began) / 1e6)
            arrivals = [stamp for pipe in pipes for stamp in pipe.recv()]
        finally:
            for conn in accepted:
                conn.close()
            for child in children:
                child.join(timeout=30)
                if child.is_alive():
                    child.kill()
            writer.close()
    latencies = []
    for stamp in arrivals:
        start = max((s for s in starts if s <= stamp), default=None)
        if start is not None:
            latencies.append((stamp - start) / 1e6)
    return BareResult(viewers, procs, senders, len(frame), frames, latencies, loops, not_sent)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.bare_fanout", description=__doc__)
    p.add_argument("--viewers", type=int, default=19_000)
    p.add_argument("--procs", type=int, default=8, help="receiver processes")
    p.add_argument("--payload-bytes", type=int, default=330)
    p.add_argument("--frames", type=int, default=5)
    p.add_argument("--senders", type=int, default=None, help="sender threads (default: cores)")
    p.add_argument("--rate", type=float, default=None, help="frames/s (default: one a second)")
    args = p.parse_args(argv)
    result = measure(
        args.viewers, args.procs, args.payload_bytes, args.frames, args.senders, args.rate
    )
    print(f"bare fan-out p50 / p99 / max ms: {result.line()}")


if __name__ == "__main__":
    main()
