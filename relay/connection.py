"""One client connection's outbound side: its frames are written in order by one writer.

Nothing else ever writes to the websocket, so concurrent writes cannot happen. A frame
is written to the transport at once when nothing is waiting and the transport accepts
more (the common case, as :func:`websockets.broadcast` does); otherwise it joins the
queue that this connection's writer task drains, waiting for the transport each time.
A broadcast therefore never waits on any one connection; frames that go out
together (:meth:`Outbox.send_many`) are written in one go. A connection whose queue
passes its bound is closed with 4408: it is too slow to keep up, and holding its
frames would let one client eat the relay's memory. The websockets internals this
takes are in :mod:`relay.ws_adapter`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Sequence

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from relay import ws_adapter

log = logging.getLogger(__name__)

SLOW_CONSUMER = 4408


class Outbox:
    def __init__(
        self,
        ws: ServerConnection,
        *,
        max_bytes: int,
        max_frames: int,
        close_timeout: float,
        stall_timeout: float | None = None,
        on_overflow: Callable[[], None] = lambda: None,
        on_sent: Callable[[int], None] = lambda n: None,
    ) -> None:
        self._ws = ws
        self._max_bytes = max_bytes
        self._max_frames = max_frames
        self._close_timeout = close_timeout
        self._stall_timeout = stall_timeout
        self._on_overflow = on_overflow
        self._on_sent = on_sent
        self._queue: deque[bytes] = deque()
        self._queued_bytes = 0
        self._closing = False
        self._inflight = False
        self._close_task: asyncio.Task[None] | None = None
        # Started only when something has to wait: most connections never need one.
        self._writer: asyncio.Task[None] | None = None
        ws_adapter.check(ws)
        # Frame a broadcast once and write it to each connection, when that is the same.
        self._preframed_ok = ws_adapter.preframed_ok(ws)
        self._try_write = ws_adapter.direct_writer(ws) if self._preframed_ok else None
        self._fd = ws_adapter.socket_fd(ws) if self._preframed_ok else None

    @property
    def queued_frames(self) -> int:
        return len(self._queue)

    @property
    def closing(self) -> bool:
        return self._closing

    def send(self, frame: bytes) -> None:
        """Send one text frame (UTF-8 bytes, possibly shared with other connections)."""
        # The hot path of every broadcast: one check of this outbox, one of the connection.
        try_write = self._try_write
        if try_write is not None and not (self._queue or self._inflight or self._closing):
            try:
                written = try_write(ws_adapter.text_frame(frame))
            except Exception:
                # The transport is going away; the connection handler sees it close.
                log.debug("write failed", exc_info=True)
                return
            if written:
                self._on_sent(1)
                return
        self._send_or_queue(frame)

    def send_many(self, frames: Sequence[bytes]) -> None:
        """Send text frames in order, in one write when they can be written now."""
        try_write = self._try_write
        if try_write is not None and not (self._queue or self._inflight or self._closing):
            try:
                written = try_write(ws_adapter.text_frames(tuple(frames)))
            except Exception:
                log.debug("write failed", exc_info=True)
                return
            if written:
                self._on_sent(len(frames))
                return
        for frame in frames:
            self._send_or_queue(frame)

    def ready_fd(self) -> int | None:
        """The socket a broadcast may write its ready-made frames to directly now (see
        :mod:`relay.parallel_write`), or None: then it goes through :meth:`send`."""
        fd = self._fd
        if fd is None or self._queue or self._inflight or self._closing:
            return None
        return fd if ws_adapter.ready(self._ws) else None

    def sent_directly(self, written: int, framed: bytes, frames: int) -> None:
        """``written`` bytes of ``framed`` (``frames`` frames) went to :meth:`ready_fd`'s
        socket (``parallel_write.FAILED``: none, it reported an error). The transport
        takes the rest: it buffers it in order, or learns of the error and closes."""
        if written != len(framed):
            try:
                ws_adapter.write_preframed(self._ws, framed[max(0, written) :])
            except Exception:
                log.debug("write failed", exc_info=True)
                return
        self._on_sent(frames)

    def _send_or_queue(self, frame: bytes) -> None:
        if self._closing or not ws_adapter.is_open(self._ws):
            return
        if not self._queue and not self._inflight and not ws_adapter.must_wait(self._ws):
            try:
                if self._preframed_ok:
                    ws_adapter.write_preframed(self._ws, ws_adapter.text_frame(frame))
                else:
                    ws_adapter.write_text(self._ws, frame)
            except Exception:
                log.debug("write failed", exc_info=True)
                return
            self._on_sent(1)
            return
        self._queue.append(frame)
        self._queued_bytes += len(frame)
        if len(self._queue) > self._max_frames or self._queued_bytes > self._max_bytes:
            self._overflow()
            return
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain(), name="outbox-writer")

    def close(self, code: int, reason: str) -> None:
        """Close after what is already queued is sent, or when the close timeout runs out."""
        if self._closing:
            return
        self._closing = True
        if self._writer is not None:
            self._writer.cancel()
        self._close_task = asyncio.create_task(self._close(code, reason), name="outbox-close")

    async def aclose(self) -> None:
        """Finish a close in progress, stop the writer; the handler calls this at its end."""
        await self._stop_writer()
        if self._close_task is not None:
            await self._close_task

    def _overflow(self) -> None:
        self._queue.clear()
        self._queued_bytes = 0
        self._on_overflow()
        self.close(SLOW_CONSUMER, "slow consumer")

    async def _stop_writer(self) -> None:
        writer = self._writer
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _close(self, code: int, reason: str) -> None:
        await self._stop_writer()
        try:
            async with asyncio.timeout(self._close_timeout):
                while self._queue:  # what was queued before the close, then the close
                    await self._ws.send(self._queue.popleft(), text=True)
                await self._ws.close(code, reason)
        except (TimeoutError, ConnectionClosed, OSError):
            pass
        finally:
            # A peer that reads nothing never takes the close frame: drop it.
            if not ws_adapter.is_closed(self._ws):
                ws_adapter.abort(self._ws)

    async def _drain(self) -> None:
        try:
            while self._queue:
                frame = self._queue.popleft()
                self._queued_bytes -= len(frame)
                self._inflight = True
                # Writes at once, then waits while the transport is full. The keepalive
                # cannot catch a peer that stopped reading once the transport is full
                # (its ping waits behind the data), so a send that stalls too long does.
                async with asyncio.timeout(self._stall_timeout):
                    await self._ws.send(frame, text=True)
                self._inflight = False
                self._on_sent(1)
        except ConnectionClosed:
            pass
        except TimeoutError:
            self._writer = None  # this task is ending: the close must not wait for it
            self._overflow()
        finally:
            if self._writer is asyncio.current_task():
                self._writer = None
