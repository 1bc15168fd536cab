"""One ready-made frame written to many sockets, from every core at once.

A broadcast to a crowd costs one ``send`` system call per connection, a few
microseconds each and nearly all of it in the kernel (on loopback the receiving side's
TCP work is done in the sender's call too), with the GIL released meanwhile. Splitting
the sockets between the event loop's thread and one helper thread per other core
therefore shortens a big broadcast by nearly the number of cores; a small one is not
worth the hand-over and is written by the caller's thread alone.

This module knows nothing of websockets or asyncio: it writes bytes to non-blocking
file descriptors and says how many went out on each. The caller guarantees that
nothing else writes to those descriptors until :meth:`ParallelWriter.write` returns
(the event loop's thread is the caller, and it is busy in the call), and deals with
what did not go out whole (:mod:`relay.connection` hands the rest to the transport).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

# Below this many sockets one thread writes them all: handing work to another thread
# costs tens of microseconds, a few sockets' worth.
PARALLEL_FROM = 64

FAILED = -1  # the socket reported an error (the transport will learn of it itself)


def _write_part(fds: Sequence[int], data: bytes, written: list[int], start: int, step: int) -> None:
    # ``written`` is made by the caller: this thread allocates nothing that lasts (a
    # list growing here would take memory from a malloc arena of this thread's own).
    write = os.write
    for index in range(start, len(fds), step):
        try:
            written[index] = write(fds[index], data)
        except BlockingIOError:
            written[index] = 0
        except OSError:
            written[index] = FAILED


class ParallelWriter:
    def __init__(self, threads: int | None = None) -> None:
        """``threads``: writers in all, the caller's thread included (default: one per core)."""
        self.threads = max(1, threads if threads is not None else os.cpu_count() or 1)
        self._helpers = (
            ThreadPoolExecutor(self.threads - 1, thread_name_prefix="broadcast-writer")
            if self.threads > 1
            else None
        )
        if self._helpers is not None:
            # Started now, at the relay's start, rather than in the first big broadcast.
            for done in [self._helpers.submit(int) for _ in range(self.threads - 1)]:
                done.result()

    def shares(self, count: int) -> bool:
        """Whether a broadcast to ``count`` sockets is shared out between threads."""
        return self._helpers is not None and count >= PARALLEL_FROM

    def write(self, fds: Sequence[int], data: bytes) -> list[int]:
        """Write ``data`` to every descriptor; for each, in order: the bytes written (all
        of ``data``, fewer if its buffer filled, 0 if it was full), or :data:`FAILED`."""
        written = [0] * len(fds)
        helpers = self._helpers
        if helpers is None or not self.shares(len(fds)):
            _write_part(fds, data, written, 0, 1)
            return written
        step = self.threads
        others: list[Future[None]] = [
            helpers.submit(_write_part, fds, data, written, start, step) for start in range(1, step)
        ]
        _write_part(fds, data, written, 0, step)
        for other in others:
            other.result()
        return written

    def close(self) -> None:
        if self._helpers is not None:
            self._helpers.shutdown(wait=True)
            self._helpers = None
            self.threads = 1


_shared: ParallelWriter | None = None


def shared() -> ParallelWriter:
    """The process's writer, made on first use (one thread per core unless configured)."""
    global _shared
    if _shared is None:
        _shared = ParallelWriter()
    return _shared


def configure(threads: int | None) -> None:
    """Set the process's writer threads (None: one per core), before the relay starts."""
    global _shared
    if _shared is not None:
        _shared.close()
    _shared = ParallelWriter(threads)
