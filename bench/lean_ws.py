"""A minimal websocket client for the load generator's viewers: what a viewer needs, cheaply.

Thousands of viewers in a few load-generator processes share the machine with the
relay under test, so what each received frame costs them is part of every latency
measured. ``websockets``' client costs tens of microseconds a frame (its parser is a
generator per connection, each message goes through an assembler and an awaited
``recv()``); this one parses the frames of each read in one loop and hands each
message to a callback, stamped with the time the read returned.

What it does (RFC 6455, client side, no extensions): the opening handshake (checks the
``101`` and ``Sec-WebSocket-Accept``), unmasked frames from the server (a masked one
aborts the connection), fragmented messages, pings answered with pongs, the closing
handshake both ways. What it sends is masked, framed by ``websockets.frames``. Only
the bench uses it; scorers and the fault-injecting viewers keep ``websockets``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from websockets.frames import Close, Frame, Opcode

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_HEAD = 16 * 1024
MAX_MESSAGE = 16 * 1024 * 1024
ABNORMAL = 1006

OnMessage = Callable[[bytes, int], None]  # payload, receive time (time.monotonic_ns)


class HandshakeRefused(Exception):
    """The server answered the opening handshake with something other than 101."""

    def __init__(self, status: int, head: bytes) -> None:
        super().__init__(f"HTTP {status}: {head[:200]!r}")
        self.status = status


class HandshakeFailed(Exception):
    """The server's answer is not a websocket handshake (or the connection ended first)."""


class LeanConnection(asyncio.Protocol):
    def __init__(self, host: str, path: str, on_message: OnMessage) -> None:
        self._on_message = on_message
        self._key = base64.b64encode(os.urandom(16))
        self._request = (
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\n"
            ).encode()
            + b"Sec-WebSocket-Key: "
            + self._key
            + b"\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self._head = b""
        self._buffer = b""
        self._fragments: list[bytes] = []
        self.transport: asyncio.Transport | None = None
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self.close_code: int | None = None
        self.close_reason = ""
        self._close_sent = False

    # --- asyncio.Protocol -----------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self._request)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(HandshakeFailed("connection closed during the handshake"))
        if self.close_code is None:
            self.close_code = ABNORMAL
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        received = time.monotonic_ns()
        if not self.opened.done():
            data = self._handshake(data)
            if not data:
                return
        buffer = self._buffer + data if self._buffer else data
        size = len(buffer)
        at = 0
        while size - at >= 2:
            first, second = buffer[at], buffer[at + 1]
            if second & 0x80:
                self._fail("a masked frame from the server")
                return
            length = second & 0x7F
            head = 2
            if length == 126:
                if size - at < 4:
                    break
                (length,) = struct.unpack_from("!H", buffer, at + 2)
                head = 4
            elif length == 127:
                if size - at < 10:
                    break
                (length,) = struct.unpack_from("!Q", buffer, at + 2)
                head = 10
                if length > MAX_MESSAGE:
                    self._fail("a frame over the size limit")
                    return
            end = at + head + length
            if end > size:
                break
            payload = buffer[at + head : end]
            at = end
            opcode = first & 0x0F
            if opcode in (1, 2) and first & 0x80:
                self._on_message(payload, received)
            elif opcode in (0, 1, 2):
                self._fragments.append(payload)
                if first & 0x80:
                    message, self._fragments = b"".join(self._fragments), []
                    self._on_message(message, received)
            elif opcode == 9:
                self._write(Frame(Opcode.PONG, payload))
            elif opcode == 8:
                self._closing(payload)
                return
            # 10 (pong): nothing to do
        self._buffer = buffer[at:] if at < size else b""

    # --- what the viewer does ---------------------------------------------------------

    def send_text(self, payload: bytes) -> None:
        self._write(Frame(Opcode.TEXT, payload))

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Start the closing handshake; ``closed`` resolves when the server ends the TCP
        connection (the caller bounds the wait and then aborts)."""
        if not self._close_sent and self.transport is not None:
            self._close_sent = True
            self._write(Frame(Opcode.CLOSE, Close(code, reason).serialize()))

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # --- internals -------------------------------------------------------------------

    def _handshake(self, data: bytes) -> bytes:
        """Reads the server's answer; returns the bytes after it (frames already sent)."""
        self._head += data
        end = self._head.find(b"\r\n\r\n")
        if end < 0:
            if len(self._head) > MAX_HEAD:
                self._reject(HandshakeFailed("the answer's head is too long"))
            return b""
        head, rest = self._head[:end], self._head[end + 4 :]
        self._head = b""
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            self._reject(HandshakeFailed(f"not an HTTP answer: {lines[0][:100]!r}"))
            return b""
        status = int(parts[1])
        if status != 101:
            self._reject(HandshakeRefused(status, head))
            return b""
        expected = base64.b64encode(hashlib.sha1(self._key + GUID).digest())
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if headers.get(b"sec-websocket-accept") != expected:
            self._reject(HandshakeFailed("wrong Sec-WebSocket-Accept"))
            return b""
        self.opened.set_result(None)
        return rest

    def _reject(self, exc: Exception) -> None:
        self.opened.set_exception(exc)
        self.abort()

    def _closing(self, payload: bytes) -> None:
        if len(payload) >= 2:
            (self.close_code,) = struct.unpack_from("!H", payload)
            self.close_reason = payload[2:].decode("utf-8", "replace")
        else:
            self.close_code = 1005
        if not self._close_sent:
            self._close_sent = True
            self._write(Frame(Opcode.CLOSE, payload[:2]))
        # The server closes the TCP connection after the closing handshake.

    def _fail(self, why: str) -> None:
        self.close_code, self.close_reason = ABNORMAL, why
        self.abort()

    def _write(self, frame: Frame) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame.serialize(mask=True))


async def connect(url: str, on_message: OnMessage, open_timeout: float) -> LeanConnection:
    """Opens a websocket to ``ws://host:port/path``; raises OSError, TimeoutError,
    :class:`HandshakeRefused` or :class:`HandshakeFailed`."""
    parts = urlsplit(url)
    if parts.scheme != "ws" or parts.hostname is None:
        raise ValueError(f"only ws:// URLs: {url}")
    host, port = parts.hostname, parts.port or 80
    path = parts.path or "/"
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(open_timeout):
        transport, connection = await loop.create_connection(
            lambda: LeanConnection(f"{host}:{port}", path, on_message), host, port
        )
        try:
            await connection.opened
        except BaseException:
            transport.abort()
            raise
    return connection
