"""The relay a hosting scorer runs: its own process, which outlives the app if it must.

The app starts ``kabaddi-relay --owned`` (the bundled executable next to the app's
own in an installed build, ``python -m relay`` otherwise) on the app's relay data
directory with the app's token (announced on the LAN as the app's settings say, see
:mod:`desktop.lan_settings`), and finds it again through ``relay-instance.json``
(see :mod:`relay.owned`) after a crash or a "keep it running" close. The relay's
output goes to ``relay.log`` in that directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.lan_settings import LanAnnouncement
from relay.owned import ALREADY_RUNNING_EXIT, Instance, control_request, read_instance
from relay.tokens import load_or_create_token

log = logging.getLogger(__name__)

RELAY_PROGRAM = "kabaddi-relay"
LOG_FILE = "relay.log"
LOG_KEEP_BYTES = 5 * 1024 * 1024  # a bigger log is moved to relay.log.1 at the next start
START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 15.0
LOG_TAIL_LINES = 12


class RelayStartError(Exception):
    """The relay did not start; the message says why, with the end of its log."""


@dataclass
class HostedRelay:
    """A running owned relay; ``process`` is None when it was started by an earlier run."""

    data_dir: Path
    instance: Instance
    token: str
    process: subprocess.Popen[bytes] | None = None

    @property
    def port(self) -> int:
        return self.instance.port

    @property
    def pid(self) -> int:
        return self.instance.pid

    @property
    def local_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def running(self) -> bool:
        return await _answers(self.instance)

    async def stop(self, wait_seconds: float = STOP_TIMEOUT_SECONDS) -> None:
        """Ask the relay to close every connection (1001), flush its store and exit."""
        try:
            reply = await control_request(
                self.instance.control_port, "POST", "/shutdown", self.instance.secret
            )
        except (OSError, TimeoutError):
            log.warning("the relay (pid %d) did not answer a shutdown request", self.pid)
            return
        if reply.status != 202:
            log.warning("the relay refused to stop: %s", reply.body)
            return
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process is not None:
                if self.process.poll() is not None:
                    return
            elif not await self.running():
                return
            await asyncio.sleep(0.05)
        log.error("the relay (pid %d) did not stop within %.0f s", self.pid, wait_seconds)

    async def connections(self) -> int | None:
        """How many scorers and viewers the relay has now (its /healthz); None if unknown."""
        return await asyncio.to_thread(_healthz_connections, self.port)

    def detach(self) -> None:
        """Leave the relay running for the others; a later start of the app finds it."""
        self.process = None


def relay_command() -> list[str]:
    """How to start the relay from this install."""
    if getattr(sys, "frozen", False):
        name = RELAY_PROGRAM + (".exe" if sys.platform == "win32" else "")
        return [str(Path(sys.executable).resolve().parent / name)]
    return [sys.executable, "-m", "relay"]


def _healthz_connections(port: int) -> int | None:
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            body = reply.read()
    except urllib.error.HTTPError as exc:  # 503: the store is failing; the count still holds
        body = exc.read()
    except OSError as exc:
        log.info("no answer from %s: %s", url, exc)
        return None
    try:
        count = json.loads(body)["connections"]
    except (ValueError, KeyError, TypeError):
        return None
    return count if isinstance(count, int) else None


async def _answers(instance: Instance) -> bool:
    """Whether the relay of ``instance`` is the one answering on its control port."""
    try:
        reply = await control_request(
            instance.control_port, "GET", "/instance", instance.secret, wait_seconds=2.0
        )
    except (OSError, TimeoutError):
        return False
    return reply.status == 200 and reply.body.get("instance_id") == instance.instance_id


async def find_running(data_dir: Path) -> HostedRelay | None:
    """The owned relay still running on ``data_dir``, if there is one."""
    instance = await asyncio.to_thread(read_instance, data_dir)
    if instance is None or not await _answers(instance):
        return None
    token = await asyncio.to_thread(load_or_create_token, data_dir)
    return HostedRelay(data_dir, instance, token)


async def start_relay_process(
    data_dir: Path,
    port: int,
    host: str,
    wait_seconds: float = START_TIMEOUT_SECONDS,
    lan: LanAnnouncement | None = None,
) -> HostedRelay:
    """Start ``kabaddi-relay --owned``; wait until it has written its instance file."""
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
    token = await asyncio.to_thread(load_or_create_token, data_dir)
    log_path = data_dir / LOG_FILE
    lan_args = (lan or LanAnnouncement()).relay_args()
    process = await asyncio.to_thread(_spawn, data_dir, port, host, token, log_path, lan_args)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            raise RelayStartError(_start_failure(code, log_path))
        instance = await asyncio.to_thread(read_instance, data_dir)
        if instance is not None and instance.pid == process.pid and await _answers(instance):
            return HostedRelay(data_dir, instance, token, process)
        await asyncio.sleep(0.05)
    process.kill()
    await asyncio.to_thread(process.wait)
    tail = log_tail(log_path)
    raise RelayStartError(f"The relay did not start within {wait_seconds:.0f} s.\n{tail}")


def _spawn(
    data_dir: Path, port: int, host: str, token: str, log_path: Path, lan_args: list[str]
) -> subprocess.Popen[bytes]:
    _rotate(log_path)
    command = [
        *relay_command(),
        "--owned",
        "--host",
        host,
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        *lan_args,
    ]
    # The token goes by environment, not argv: other users can read a command line.
    env = {**os.environ, "KABADDI_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    # The log is the relay's own business: readable by this user only, like the token.
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as output:
        output.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting the relay\n".encode())
        output.flush()
        detach: dict[str, Any]
        if sys.platform == "win32":
            # Its own process group and no console: closing the app leaves it running.
            flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS
            detach = {"creationflags": flags}
        else:
            # A session of its own: a Ctrl+C or a hang-up meant for the app does not reach it.
            detach = {"start_new_session": True}
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            **detach,
        )


def _rotate(log_path: Path) -> None:
    with contextlib.suppress(OSError):
        if log_path.stat().st_size > LOG_KEEP_BYTES:
            os.replace(log_path, log_path.with_name(LOG_FILE + ".1"))


def log_tail(log_path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no relay log at {log_path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def _start_failure(code: int, log_path: Path) -> str:
    if code == ALREADY_RUNNING_EXIT:
        why = "Another relay is already running on this data directory, but does not answer."
    else:
        why = f"The relay stopped at once (exit code {code})."
    return f"{why} Its log ({log_path}) ends with:\n{log_tail(log_path)}"
