"""Writing one frame to many real sockets from several threads: every socket gets it whole,
in its place, and full or broken sockets are reported, not hidden."""

from __future__ import annotations

import os
import socket
import struct
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from relay.parallel_write import FAILED, PARALLEL_FROM, ParallelWriter

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file-descriptor writes to sockets are POSIX only"
)


@contextmanager
def tcp_pairs(n: int) -> Iterator[list[tuple[socket.socket, socket.socket]]]:
    """``n`` loopback TCP connections: (the writer's non-blocking end, the reader's end)."""
    pairs: list[tuple[socket.socket, socket.socket]] = []
    with socket.create_server(("127.0.0.1", 0), backlog=n) as listener:
        try:
            for _ in range(n):
                reader = socket.create_connection(listener.getsockname())
                writer, _ = listener.accept()
                writer.setblocking(False)
                pairs.append((writer, reader))
            yield pairs
        finally:
            for writer, reader in pairs:
                writer.close()
                reader.close()


def read_exactly(sock: socket.socket, size: int) -> bytes:
    sock.settimeout(10)
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        assert chunk, "the connection ended early"
        data += chunk
    return data


def test_a_crowd_gets_every_frame_whole_and_in_order_from_two_threads() -> None:
    writer = ParallelWriter(threads=2)
    try:
        with tcp_pairs(PARALLEL_FROM + 61) as pairs:  # an odd count: unequal shares
            fds = [w.fileno() for w, _ in pairs]
            for frame in (b"first frame", b"second"):
                assert writer.write(fds, frame) == [len(frame)] * len(fds)
            for _, reader in pairs:
                assert read_exactly(reader, 17) == b"first framesecond"
    finally:
        writer.close()


def test_a_full_socket_reports_what_it_took_and_a_broken_one_fails() -> None:
    writer = ParallelWriter(threads=2)
    try:
        with tcp_pairs(PARALLEL_FROM) as pairs:
            full, _ = pairs[5]
            full.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            while True:  # fill it: its reader reads nothing
                try:
                    full.send(b"x" * 65536)
                except BlockingIOError:
                    break
            _broken_writer, broken_reader = pairs[8]
            broken_reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            broken_reader.close()  # a reset: the next write fails
            fds = [w.fileno() for w, _ in pairs]
            frame = b"y" * 1000
            written = writer.write(fds, frame)
            written = writer.write(fds, frame) if written[8] != FAILED else written
            assert written[5] == 0
            assert written[8] == FAILED
            others = [n for i, n in enumerate(written) if i not in (5, 8)]
            assert others == [len(frame)] * (len(pairs) - 2)
    finally:
        writer.close()


def test_a_small_broadcast_is_written_by_the_callers_thread_alone() -> None:
    writer = ParallelWriter(threads=1)
    assert writer.threads == 1
    with tcp_pairs(3) as pairs:
        assert writer.write([w.fileno() for w, _ in pairs], b"raid") == [4, 4, 4]
        assert [read_exactly(r, 4) for _, r in pairs] == [b"raid"] * 3
