"""A broadcast's frames to every member of a room, a crowd's sockets written from every core.

Members that can be written to directly now (``ready_fd``: a plain socket with nothing
waiting before it, see :meth:`relay.connection.Outbox.ready_fd`) get the frames framed
once and written by :mod:`relay.parallel_write`; the others (waiting output, TLS, a
member with no socket of its own) go through their ``send``/``send_many`` as before.
Either way each member's frames keep their order and nobody waits for anybody.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, cast

from relay import parallel_write, ws_adapter


class Sender(Protocol):
    def send(self, frame: bytes) -> None: ...


class DirectMember(Protocol):
    ready_fd: Callable[[], int | None]

    def sent_directly(self, written: int, framed: bytes, frames: int) -> None: ...


def send_all(member: Sender, frames: Sequence[bytes]) -> None:
    if len(frames) == 1:
        member.send(frames[0])
        return
    send_many = getattr(member, "send_many", None)
    if send_many is not None:
        send_many(frames)
    else:
        for frame in frames:
            member.send(frame)


def fan_out(members: Sequence[Sender], frames: Sequence[bytes]) -> None:
    writer = parallel_write.shared()
    if not writer.shares(len(members)):
        for member in members:
            send_all(member, frames)
        return
    framed = (
        ws_adapter.text_frame(frames[0])
        if len(frames) == 1
        else ws_adapter.text_frames(tuple(frames))
    )
    direct: list[DirectMember] = []
    fds: list[int] = []
    for member in members:
        ready = getattr(member, "ready_fd", None)
        fd = ready() if ready is not None else None
        if fd is None:
            send_all(member, frames)
        else:
            direct.append(cast(DirectMember, member))
            fds.append(fd)
    for target, written in zip(direct, writer.write(fds, framed), strict=True):
        target.sent_directly(written, framed, len(frames))
