"""A relay the scorer app starts for the match it hosts, in a process of its own.

``kabaddi-relay --owned`` runs the ordinary relay plus what its owner needs to find it
again and to stop it, on every platform (no signals: Windows has no SIGTERM):

- ``relay-instance.json`` in the data directory (mode 0600, written once the port is
  bound, removed on a clean stop): pid, port, control port, an instance id and a
  per-run secret. An app that crashed and started again reads it to re-attach.
- A control port on 127.0.0.1 speaking a little HTTP, every request carrying
  ``Authorization: Bearer <secret>``: ``GET /instance`` says which relay answers (so a
  stale file whose port now belongs to someone else is never trusted) and
  ``POST /shutdown`` stops the relay as SIGTERM does: every connection is closed with
  1001 and the store is flushed.
- ``relay.lock``: held for the relay's life, so a second relay on the same data
  directory (and the same SQLite file) refuses to start.

The relay keeps running when its owner dies: only a shutdown request, a signal or the
machine stopping ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

from relay.config import RelayConfig
from relay.private_file import make_private
from relay.server import Relay

log = logging.getLogger(__name__)

INSTANCE_FILE = "relay-instance.json"
LOCK_FILE = "relay.lock"
LOOPBACK = "127.0.0.1"
MAX_REQUEST_BYTES = 8192
REQUEST_TIMEOUT_SECONDS = 5.0
ALREADY_RUNNING_EXIT = 3


class AlreadyRunning(Exception):
    """Another relay holds this data directory."""


@dataclass(frozen=True)
class Instance:
    """What ``relay-instance.json`` holds."""

    pid: int
    port: int
    control_port: int
    instance_id: str
    secret: str
    data_dir: str
    started: float

    def public(self) -> dict[str, Any]:
        """What ``GET /instance`` answers: everything but the secret."""
        data = asdict(self)
        del data["secret"]
        return data


def instance_path(data_dir: Path) -> Path:
    return data_dir / INSTANCE_FILE


def read_instance(data_dir: Path) -> Instance | None:
    """The instance file's content, or None when there is none or it cannot be read."""
    try:
        data = json.loads(instance_path(data_dir).read_text(encoding="utf-8"))
        return Instance(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        log.warning("ignoring unreadable %s: %s", instance_path(data_dir), exc)
        return None


def write_instance(data_dir: Path, instance: Instance) -> None:
    """Write the file whole or not at all (a reader never sees half of it), mode 0600."""
    path = instance_path(data_dir)
    partial = path.with_suffix(".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(instance), out)
    make_private(partial)  # it holds the control secret; 0600 does nothing on Windows
    os.replace(partial, path)


def remove_instance(data_dir: Path, instance_id: str) -> None:
    """Remove the instance file if it is still this instance's."""
    current = read_instance(data_dir)
    if current is not None and current.instance_id == instance_id:
        with contextlib.suppress(FileNotFoundError):
            instance_path(data_dir).unlink()


# --- one relay per data directory ------------------------------------------------------


class DataDirLock:
    """An exclusive lock on ``relay.lock``, released when the process ends, however it ends."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise AlreadyRunning(
                f"another relay is already running on {self.path.parent}"
            ) from None
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file drops the lock
            self._file = None


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- the control port ------------------------------------------------------------------


@dataclass(frozen=True)
class ControlReply:
    status: int
    body: dict[str, Any]


def _reply(status: int, body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    phrase = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized"}.get(
        status, "Not Found"
    )
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + data


class ControlServer:
    """Answers ``GET /instance`` and ``POST /shutdown`` for whoever holds the secret."""

    def __init__(
        self, instance_of: Callable[[], Instance | None], secret: str, stop: asyncio.Event
    ) -> None:
        self._instance_of = instance_of  # None until the relay's port is known
        self._secret = secret
        self._stop = stop
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, LOOPBACK, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
                head = await reader.readuntil(b"\r\n\r\n")
            writer.write(self._answer(head))
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except OSError as exc:
            log.info("control connection failed: %s", exc)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    def _answer(self, head: bytes) -> bytes:
        if len(head) > MAX_REQUEST_BYTES:
            return _reply(400, {"error": "request too large"})
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split()
        if len(parts) != 3:
            return _reply(400, {"error": "bad request line"})
        method, path = parts[0], parts[1]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        given = headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            return _reply(401, {"error": "wrong or missing secret"})
        if (method, path) == ("GET", "/instance"):
            instance = self._instance_of()
            if instance is None:
                return _reply(404, {"error": "starting"})
            return _reply(200, instance.public())
        if (method, path) == ("POST", "/shutdown"):
            log.warning("shutdown requested by the owner")
            self._stop.set()
            return _reply(202, {"stopping": True})
        return _reply(404, {"error": "no such control request"})


async def control_request(
    port: int, method: str, path: str, secret: str, wait_seconds: float = 3.0
) -> ControlReply:
    """One request to a relay's control port; OSError/TimeoutError when nothing answers."""
    async with asyncio.timeout(wait_seconds):
        reader, writer = await asyncio.open_connection(LOOPBACK, port)
        try:
            writer.write(
                f"{method} {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\n"
                f"Authorization: Bearer {secret}\r\nContent-Length: 0\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
    head, _, body = raw.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
        data = json.loads(body) if body else {}
    except (IndexError, ValueError):
        raise OSError(f"not a relay control port: {raw[:80]!r}") from None
    return ControlReply(status, data if isinstance(data, dict) else {})


# --- running ---------------------------------------------------------------------------


async def start_with_fallback(config: RelayConfig) -> Relay:
    """Start on the configured port, or on any free port when that one is taken."""
    relay = Relay(config)
    try:
        await relay.start()
    except OSError as exc:
        if config.port == 0:
            raise
        log.warning("port %d is taken (%s); using a free port", config.port, exc)
        # Every interface ("") on port 0 would get a different free port per family.
        host = "0.0.0.0" if config.host == "" else config.host
        relay = Relay(replace(config, port=0, host=host))
        await relay.start()
    return relay


async def run_owned(config: RelayConfig) -> None:
    """Run until a shutdown request, SIGINT or SIGTERM; raises AlreadyRunning."""
    data_dir = config.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = DataDirLock(data_dir)
    lock.acquire()
    try:
        await _serve_owned(config, data_dir)
    finally:
        lock.release()


async def _serve_owned(config: RelayConfig, data_dir: Path) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: the control port instead
            loop.add_signal_handler(sig, stop.set)
    relay = await start_with_fallback(config)
    instance_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(24)
    instance: Instance | None = None
    control = ControlServer(lambda: instance, secret, stop)
    try:
        await control.start()
        instance = Instance(
            pid=os.getpid(),
            port=relay.port,
            control_port=control.port,
            instance_id=instance_id,
            secret=secret,
            data_dir=str(data_dir),
            started=time.time(),
        )
        write_instance(data_dir, instance)
        # As ``python -m relay``: a token the owner supplied is not written to its log.
        shown = "(as supplied)" if config.token else relay.token
        print(
            f"Kabaddi Live relay: viewers at {relay.viewer_url}  scorers at {relay.url}"
            f"  scorer token: {shown}",
            flush=True,
        )
        await stop.wait()
    finally:
        await control.close()
        await relay.stop()
        remove_instance(data_dir, instance_id)
        print("Kabaddi Live relay: stopped", flush=True)
