"""Every use the relay makes of ``websockets`` internals, in one place.

The relay writes a broadcast frame, framed once, straight to each connection's
transport: the same trick as :func:`websockets.broadcast`, which websockets does not
expose for pre-framed bytes. Knowing when that is safe takes attributes websockets
does not document (``paused``, ``send_in_progress``, ``protocol.writes``,
``protocol.extensions``, ``send_data()``, ``Server.server``); ``send_in_progress``
only exists from websockets 16.0. :mod:`relay.counted_connection` subclasses
``ServerConnection`` (through ``serve``'s documented ``create_connection``) and
overrides its ``connection_made``, ``data_received``, ``handshake`` and
``connection_lost``; :func:`check` checks those too, and the tests check the order
websockets calls them in. ``pyproject.toml`` pins websockets to the releases
``tests/relay/test_ws_adapter.py`` runs against (``make test`` runs those tests with
the lowest and the highest of the range), and :func:`check` refuses to start a relay
on a release that lacks any of them, rather than failing on the first broadcast.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from importlib.metadata import version

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.frames import Frame, Opcode
from websockets.protocol import State

OPEN = State.OPEN

# What each check needs from a connection, and where websockets keeps it.
_CONNECTION_ATTRIBUTES = ("paused", "send_in_progress", "transport", "protocol", "send_data")
_PROTOCOL_ATTRIBUTES = ("writes", "extensions", "send_text", "state")
_CONNECTION_METHODS = (
    "send_data",
    "connection_made",
    "data_received",
    "handshake",
    "connection_lost",
)


class UnsupportedWebsockets(RuntimeError):
    """The installed websockets lacks an internal the relay relies on."""


def check(ws: ServerConnection | None = None) -> None:
    """Raise :class:`UnsupportedWebsockets` naming what is missing, if anything is.

    Without a connection it checks the class (every attribute set in ``__init__`` is
    checked on the first connection, ``ws``).
    """
    missing = [
        f"ServerConnection.{name}()"
        for name in _CONNECTION_METHODS
        if not callable(getattr(ServerConnection, name, None))
    ]
    if "create_connection" not in inspect.signature(serve).parameters:
        missing.append("serve(create_connection=...)")
    if ws is not None:
        missing += [
            f"ServerConnection.{name}" for name in _CONNECTION_ATTRIBUTES if not hasattr(ws, name)
        ]
        protocol = getattr(ws, "protocol", None)
        missing += [
            f"ServerConnection.protocol.{name}"
            for name in _PROTOCOL_ATTRIBUTES
            if not hasattr(protocol, name)
        ]
    if missing:
        raise UnsupportedWebsockets(
            f"websockets {version('websockets')} lacks {', '.join(missing)}, which the relay "
            "needs; install the version pyproject.toml pins"
        )


@functools.lru_cache(maxsize=4)
def text_frame(payload: bytes) -> bytes:
    """A complete, unmasked, uncompressed websocket text frame (RFC 6455 §5.2).

    Cached by payload: a broadcast hands the same bytes object to every connection, so
    it is framed once (``bytes`` caches its hash, and the lookup matches by identity).
    """
    return Frame(Opcode.TEXT, payload).serialize(mask=False)


@functools.lru_cache(maxsize=4)
def text_frames(payloads: tuple[bytes, ...]) -> bytes:
    """Several text frames, one after another, for one write (joined once per broadcast)."""
    return b"".join(text_frame(payload) for payload in payloads)


def is_connecting(ws: ServerConnection) -> bool:
    """Still in the opening handshake (the HTTP request is read, or being answered)."""
    return ws.protocol.state is State.CONNECTING


def is_open(ws: ServerConnection) -> bool:
    return ws.protocol.state is State.OPEN


def is_closed(ws: ServerConnection) -> bool:
    return ws.protocol.state is State.CLOSED


def preframed_ok(ws: ServerConnection) -> bool:
    """Whether a server text frame is the same bytes on this connection as on any other.

    True without extensions (the relay turns compression off).
    """
    return not ws.protocol.extensions


def must_wait(ws: ServerConnection) -> bool:
    """Whether a direct write now could overtake output or overfill the transport.

    ``paused`` is the transport's flow control (pause_writing/resume_writing); a
    fragmented send in progress, or protocol output not yet flushed (a pong), must not
    be overtaken by a direct write.
    """
    return bool(ws.paused) or ws.send_in_progress is not None or bool(ws.protocol.writes)


def direct_writer(ws: ServerConnection) -> Callable[[bytes], bool]:
    """A function that writes frames made by :func:`text_frame` or :func:`text_frames`
    straight to the transport when that is safe now (the connection is open and
    :func:`must_wait` is false), and says whether it did.

    The broadcast hot path: the same checks as :func:`is_open` and :func:`must_wait`,
    with what they read looked up once per connection instead of once per frame.
    Only for connections where :func:`preframed_ok`.
    """
    protocol = ws.protocol
    write = ws.transport.write

    def try_write(framed: bytes) -> bool:
        if (
            protocol.state is not OPEN
            or ws.paused
            or ws.send_in_progress is not None
            or protocol.writes
        ):
            return False
        write(framed)
        return True

    return try_write


def socket_fd(ws: ServerConnection) -> int | None:
    """The descriptor of a connection's socket that :func:`ready` may allow a direct
    write to: None for TLS connections, whose bytes must go through the transport, and
    off POSIX systems (a Windows socket is no file descriptor, and its event loop's
    transports write from the proactor). Only for connections where :func:`preframed_ok`.
    """
    transport = ws.transport
    if os.name != "posix" or transport.get_extra_info("sslcontext") is not None:
        return None
    sock = transport.get_extra_info("socket")
    if sock is None:
        return None
    fd: int = sock.fileno()
    return fd


def ready(ws: ServerConnection) -> bool:
    """Whether a frame made by :func:`text_frame` may be written to the connection's
    socket directly now, past the transport: ahead of nothing. Besides what
    :func:`direct_writer` checks, the transport must hold no bytes of its own (it
    appends to them in order; a write past it would overtake them) and be open.

    Looked up on every call rather than kept in a closure: it runs once per broadcast
    per connection of a crowd, and a crowd's memory is counted per connection.
    """
    transport = ws.transport
    return (
        is_open(ws)
        and not must_wait(ws)
        and not transport.is_closing()
        and not transport.get_write_buffer_size()
    )


def write_preframed(ws: ServerConnection, frame: bytes) -> None:
    """Write a frame made by :func:`text_frame` straight to the transport."""
    ws.transport.write(frame)


def write_text(ws: ServerConnection, payload: bytes) -> None:
    """Frame ``payload`` for this connection alone and write it without waiting."""
    ws.protocol.send_text(payload)
    ws.send_data()


def abort(ws: ServerConnection) -> None:
    """Drop the TCP connection at once (a peer that reads nothing never takes a close)."""
    ws.transport.abort()


def stop_accepting(server: Server) -> None:
    """Close the listening sockets now; ``Server.close`` does it only in a later task."""
    server.server.close()
