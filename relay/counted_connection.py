"""The relay's websocket connection: counted from accept to close, and strict about HTTP.

``websockets`` creates one of these per accepted TCP connection (``serve``'s
``create_connection``). Each is registered with :class:`~relay.admission.Admission`
the moment it is accepted, before any byte is read, so connections still in their
HTTP request count against a budget; one refused there is answered ``503`` at once
and closed, without reading anything.

It also keeps bytes that arrive after the HTTP request head until the request is
answered: a client that pipelines a second request (or frames) behind its first
would otherwise have them parsed as websocket frames while the handshake is still
being answered, which makes websockets fail with an internal error and answer
nothing. After a ``101`` the kept bytes are handed on; after any other answer the
connection closes and they are dropped. The websockets hooks this overrides are
checked by :mod:`relay.ws_adapter` and its tests.
"""

from __future__ import annotations

import asyncio
from typing import Any

from websockets.asyncio.server import ServerConnection

from relay import ws_adapter
from relay.admission import Admission

HEAD_END = b"\r\n\r\n"
# Bytes a client may send behind its request before the answer; more closes it.
MAX_EARLY_BYTES = 64 * 1024
# Seconds a peer closed for abuse has to take the close frame before it is dropped.
ABUSE_CLOSE_GRACE = 1.0


def refusal_response(reason: str) -> bytes:
    body = f"{reason}\n".encode()
    return (
        b"HTTP/1.1 503 Service Unavailable\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Retry-After: 5\r\n"
        b"Connection: close\r\n"
        b"Server: kabaddi-live\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


def connection_class(admission: Admission) -> type[ServerConnection]:
    """A connection class counted by ``admission`` (one per relay)."""
    return type("RelayConnection", (CountedConnection,), {"admission": admission})


class CountedConnection(ServerConnection):
    admission: Admission

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.address = "?"
        self._head_tail = b""  # the last bytes of the request head read so far
        self._head_read = False
        self._early = bytearray()

    @property
    def key(self) -> int:
        return id(self)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        refusal = self.admission.accepted(self.key, self.address, transport.abort)
        if refusal is not None:
            transport.write(refusal_response(refusal.reason))
            transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.admission.closed(self.key)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._head_read:
            if ws_adapter.is_connecting(self):
                self._keep(data)
                return
            super().data_received(data)
            return
        seen = self._head_tail + data
        end = seen.find(HEAD_END)
        if end < 0:
            self._head_tail = seen[-(len(HEAD_END) - 1) :]
            super().data_received(data)
            return
        self._head_read = True
        self.admission.requested(self.key)
        cut = end + len(HEAD_END) - len(self._head_tail)
        super().data_received(data[:cut])
        if cut < len(data):
            self._keep(data[cut:])

    async def handshake(self, *args: Any, **kwargs: Any) -> None:
        await super().handshake(*args, **kwargs)
        early, self._early = bytes(self._early), bytearray()
        if early and ws_adapter.is_open(self):
            super().data_received(early)

    def stop_reading(self, grace: float = ABUSE_CLOSE_GRACE) -> None:
        """Read nothing more from a peer being closed for abuse, and drop it ``grace``
        seconds later: what it keeps sending costs the relay nothing, and its close
        frame has time to go out, but the relay does not wait for the peer's answer."""
        self.transport.pause_reading()
        self.loop.call_later(grace, self._drop)

    def _drop(self) -> None:
        if not self.transport.is_closing():
            self.transport.abort()

    def _keep(self, data: bytes) -> None:
        self._early += data
        if len(self._early) > MAX_EARLY_BYTES:
            ws_adapter.abort(self)
