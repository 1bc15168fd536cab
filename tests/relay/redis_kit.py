"""A real ``redis-server`` for tests: a unix socket in a temporary directory.

Configured as the relay requires (append-only file, fsync on every write, no eviction).
It can be killed with SIGKILL and started again on the same directory, which is what a
crashed Redis restarted by its supervisor does.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
from pathlib import Path

from redis.asyncio import Redis

REDIS_SERVER = shutil.which("redis-server")
MISSING = "redis-server is not installed: `make test` installs it (apt-get install redis-server)"
DURABLE = ("--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction")
HANG = 20.0


class RedisServer:
    def __init__(self, directory: Path, *settings: str) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.settings = settings or DURABLE
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    async def start(self) -> None:
        assert REDIS_SERVER is not None, MISSING
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = await asyncio.create_subprocess_exec(
            REDIS_SERVER,
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.directory),
            "--save",
            "",
            *self.settings,
            stdout=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(HANG):
            while True:
                try:
                    async with self.client() as client:
                        await client.ping()
                    return
                except (OSError, Exception) as exc:  # not listening yet, or still loading
                    if self.process.returncode is not None:
                        raise RuntimeError("redis-server exited at start") from exc
                    await asyncio.sleep(0.02)

    def client(self) -> Redis:
        return Redis(unix_socket_path=str(self.socket), decode_responses=True)

    async def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HANG):
                    await self.process.wait()
            await self.kill()
