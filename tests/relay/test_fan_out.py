"""A broadcast to a room's members: connections that can take a direct write get the
frames framed once, written from every core; the rest through their own ``send``; every
member its frames once, in order."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence

import pytest
from test_parallel_write import read_exactly, tcp_pairs

from relay import parallel_write, ws_adapter
from relay.fan_out import fan_out

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file-descriptor writes to sockets are POSIX only"
)


class Plain:
    """A member with no socket of its own (as a test's fake member)."""

    def __init__(self) -> None:
        self.got: list[bytes] = []

    def send(self, frame: bytes) -> None:
        self.got.append(frame)


class Batching(Plain):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def send_many(self, frames: Sequence[bytes]) -> None:
        self.writes += 1
        self.got.extend(frames)


class Direct(Plain):
    """A connection's outbox as fan_out sees it: a socket ready or not, and a report."""

    def __init__(self, sock: socket.socket, ready: bool = True) -> None:
        super().__init__()
        self.sock, self.ready = sock, ready
        self.reports: list[tuple[int, int]] = []

    def ready_fd(self) -> int | None:
        return self.sock.fileno() if self.ready else None

    def sent_directly(self, written: int, framed: bytes, frames: int) -> None:
        self.reports.append((written, frames))


def test_a_crowd_is_written_directly_and_the_others_through_send() -> None:
    with tcp_pairs(parallel_write.PARALLEL_FROM) as pairs:
        direct = [Direct(w) for w, _ in pairs[:-1]]
        waiting = Direct(pairs[-1][0], ready=False)  # output queued before: not directly
        plain, batching = Plain(), Batching()
        members = [*direct, waiting, plain, batching]
        fan_out(members, (b"one",))
        fan_out(members, (b"two", b"three"))
        framed = ws_adapter.text_frame(b"one") + ws_adapter.text_frames((b"two", b"three"))
        if parallel_write.shared().threads > 1:
            for member, (_, reader) in zip(direct, pairs, strict=False):
                assert read_exactly(reader, len(framed)) == framed
                assert member.reports == [(5, 1), (12, 2)]
                assert member.got == []
        else:  # one core: nothing to share the writing with
            assert all(m.got == [b"one", b"two", b"three"] for m in direct)
        assert waiting.got == [b"one", b"two", b"three"]
        assert waiting.reports == []
        assert plain.got == [b"one", b"two", b"three"]
        assert batching.got == [b"one", b"two", b"three"]
        assert batching.writes == 1


def test_a_small_room_goes_through_send_alone() -> None:
    with tcp_pairs(3) as pairs:
        members = [Direct(w) for w, _ in pairs]
        fan_out(members, (b"raid",))
        assert [m.got for m in members] == [[b"raid"]] * 3
        assert all(m.reports == [] for m in members)
