"""Relay processes under test: start, kill, restart, and read their CPU and memory.

The relay always runs in its own process (``python -m relay`` or
``python -m bench.reference_relay``) on 127.0.0.1, apart from the load generator.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process from /proc/PID/status, in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process from /proc/PID/stat."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wait_for_port(port: int, timeout_s: float, proc: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"relay exited with {proc.returncode} before listening")
        with socket.socket() as sock:
            if sock.connect_ex((LOOPBACK, port)) == 0:
                return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on {LOOPBACK}:{port} after {timeout_s} s")


@dataclass
class RelayProcess:
    """``kind`` is "relay" (the product), "reference" (bench.reference_relay) or "go"
    (the Go reference, ``executable``: see bench.go_relay)."""

    kind: str = "relay"
    port: int = field(default_factory=free_port)
    data_dir: Path | None = None
    token: str = "bench-token"
    extra_args: list[str] = field(default_factory=list)
    executable: Path | None = None
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/ws"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def command(self) -> list[str]:
        if self.kind == "go":
            assert self.executable is not None, "build the Go relay first (bench.go_relay)"
            return [str(self.executable), "-addr", f"{LOOPBACK}:{self.port}", *self.extra_args]
        if self.kind == "reference":
            return [
                sys.executable, "-m", "bench.reference_relay", "--port", str(self.port),
                *self.extra_args,
            ]  # fmt: skip
        assert self.data_dir is not None, "the relay needs a data directory"
        return [
            sys.executable, "-m", "relay", "--host", LOOPBACK, "--port", str(self.port),
            "--data-dir", str(self.data_dir), *self.extra_args,
        ]  # fmt: skip

    def start(self, timeout_s: float = 20.0) -> float:
        """Starts the relay and waits until it listens; returns the seconds that took."""
        began = time.monotonic()
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        # The token goes in the environment: a command line is visible to every user (ps).
        env = {**os.environ, "KABADDI_TOKEN": self.token}
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=env)
        if self.log_path:
            log.close()  # type: ignore[union-attr]
        self.starts += 1
        wait_for_port(self.port, timeout_s, self.proc)
        return time.monotonic() - began

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, like a power cut or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
