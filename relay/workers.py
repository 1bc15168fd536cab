"""``kabaddi-relay --redis URL --workers N``: N relay processes on one port, kept running.

The parent binds and listens on the port once; each worker is an ordinary relay node
(``python -m relay`` with the same options) that inherits that listening socket and
accepts from it, as gunicorn's workers do. The workers share one accept queue, so a
connection waits there for whichever worker is free: when one dies, it loses only the
connections it had accepted (their clients reconnect to the others), never the ones
still queued. The workers share matches only through Redis, which is why
``--workers`` needs ``--redis``.

(SO_REUSEPORT would give each worker a queue of its own, and the kernel resets what
is queued on a worker that dies; it is not used.)

A worker that dies is started again (after a pause that grows while it keeps dying
young), on the same socket. SIGINT or SIGTERM stops them all. Windows has no way to
hand a listening socket to a new process by its descriptor: ``--workers`` is POSIX only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from typing import Any

from relay.advertise import Advertiser
from relay.config import RelayConfig

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0
START_TIMEOUT = 30.0
# A worker that lived less than this is restarted after a growing pause.
YOUNG = 5.0
MAX_PAUSE = 10.0
# Set in a worker's environment: the supervising parent's pid, checked every PARENT_CHECK s.
WORKER_OF = "KABADDI_WORKER_OF"
PARENT_CHECK = 1.0


def listen_where(config: RelayConfig) -> dict[str, Any]:
    """Where a relay listens: on the socket its --workers parent handed it, or host and port."""
    if config.listen_fd is not None:
        return {"sock": socket.socket(fileno=config.listen_fd)}
    return {"host": config.host, "port": config.port}


def listen_on(host: str, port: int) -> socket.socket:
    """The listening socket every worker inherits and accepts from.

    Bound as asyncio binds a server's socket (address reuse, IPv6 only on an IPv6
    address). Each worker calls listen() again with its own backlog when it starts.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            listening.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listening.bind((host, port))
        listening.listen()
    except OSError:
        listening.close()
        raise
    return listening


class Supervisor:
    def __init__(
        self,
        worker_args: list[str],
        workers: int,
        listening: int,
        advertiser: Advertiser | None = None,
    ) -> None:
        self._args = worker_args
        self._listening = listening  # the descriptor each worker inherits
        self._count = workers
        # The workers share one port: this process announces the relay once for them all.
        self._advertiser = advertiser
        self._workers: dict[int, asyncio.subprocess.Process] = {}  # slot -> process
        self._starting: set[asyncio.subprocess.Process] = set()
        self._stopping = False
        self.line = ""
        self.restarts = 0

    @property
    def stopping(self) -> bool:
        return self._stopping

    async def start_worker(self) -> tuple[asyncio.subprocess.Process, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "relay",
            *self._args,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, WORKER_OF: str(os.getpid())},
            pass_fds=(self._listening,),
        )
        assert process.stdout is not None
        self._starting.add(process)
        try:
            async with asyncio.timeout(START_TIMEOUT):
                line = (await process.stdout.readline()).decode().strip()
        except TimeoutError:
            line = ""
        finally:
            self._starting.discard(process)
        if not line:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            raise RuntimeError(f"a worker did not start (exit status {process.returncode})")
        asyncio.get_running_loop().create_task(_drain(process.stdout))
        return process, line

    async def run(self, port: int = 0) -> int:
        try:
            for slot in range(self._count):
                process, line = await self.start_worker()
                self._workers[slot] = process
                self.line = self.line or line
        except RuntimeError as exc:
            print(f"kabaddi-relay: {exc}", file=sys.stderr)
            await self.stop()
            return 1
        pids = " ".join(str(p.pid) for p in self._workers.values())
        print(f"{self.line}  workers: {self._count} (pids {pids})", flush=True)
        if self._advertiser is not None:
            await self._advertiser.start(port)
        watchers = [
            asyncio.get_running_loop().create_task(self._watch(slot)) for slot in self._workers
        ]
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await self.stop()
        for watcher in watchers:
            watcher.cancel()
        return 0

    async def _watch(self, slot: int) -> None:
        pause = 0.5
        while not self._stopping:
            process = self._workers[slot]
            started = time.monotonic()
            code = await process.wait()
            if self.stopping:
                return
            log.error("worker %d (pid %d) exited with %s; restarting it", slot, process.pid, code)
            if time.monotonic() - started < YOUNG:
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)
            else:
                pause = 0.5
            while not self._stopping:
                try:
                    self._workers[slot], _ = await self.start_worker()
                    self.restarts += 1
                    print(f"worker restarted: pid {self._workers[slot].pid}", flush=True)
                    break
                except RuntimeError as exc:
                    log.error("%s; trying again in %.1f s", exc, pause)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, MAX_PAUSE)

    async def stop(self) -> None:
        self._stopping = True
        if self._advertiser is not None:
            await self._advertiser.stop()
        running = [p for p in {*self._workers.values(), *self._starting} if p.returncode is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        for process in running:
            try:
                async with asyncio.timeout(STOP_TIMEOUT):
                    await process.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()


async def _drain(stream: asyncio.StreamReader) -> None:
    # A worker's stdout after its start line: read so it never blocks on a full pipe.
    while await stream.readline():
        pass


def stop_when_orphaned(stop: asyncio.Event) -> asyncio.Task[None] | None:
    """In a worker: stop once the supervising parent is gone (killed, say), not linger."""
    parent = os.environ.get(WORKER_OF)
    if parent is None:
        return None
    return asyncio.get_running_loop().create_task(_watch_parent(int(parent), stop))


async def _watch_parent(parent: int, stop: asyncio.Event) -> None:
    while True:
        await asyncio.sleep(PARENT_CHECK)
        if os.getppid() != parent:
            break
    log.error("the supervising process %d is gone; this worker stops", parent)
    stop.set()


def worker_args(argv: list[str], listening: int, workers: int = 1) -> list[str]:
    """The parent's arguments for one worker: no --workers or --port, the inherited socket,
    and the cores shared out for broadcasting unless ``--broadcast-threads`` was given."""
    args: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--workers", "--port"):
            skip = True
            continue
        if arg.startswith(("--workers=", "--port=")):
            continue
        args.append(arg)
    if not any(arg.startswith("--broadcast-threads") for arg in args):
        threads = max(1, (os.cpu_count() or 1) // workers)
        args += ["--broadcast-threads", str(threads)]
    return [*args, "--listen-fd", str(listening)]


def supervise(
    argv: list[str], host: str, port: int, workers: int, advertiser: Advertiser | None = None
) -> int:
    try:
        listening = listen_on(host, port)
    except OSError as exc:
        print(f"kabaddi-relay: cannot use port {port} on {host}: {exc}", file=sys.stderr)
        return 1
    with listening:
        fd = listening.fileno()
        supervisor = Supervisor(worker_args(argv, fd, workers), workers, fd, advertiser)
        return asyncio.run(supervisor.run(listening.getsockname()[1]))
