"""``python -m relay``: the start line, the token, the version, and a clean exit on signals."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from relay_kit import HANG, ROOT, http_get, start_subprocess

from relay.tokens import TOKEN_FILE


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "relay", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG,
    ).stdout
    assert out.strip() == f"kabaddi-relay {version('kabaddi-live')}"


async def test_a_token_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = await start_subprocess(tmp_path, token=None)
    await first.stop()
    assert (tmp_path / TOKEN_FILE).read_text().strip() == first.token
    assert (tmp_path / TOKEN_FILE).stat().st_mode & 0o077 == 0
    second = await start_subprocess(tmp_path, token=None)
    await second.stop()
    assert second.token == first.token


async def test_token_from_the_environment(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "relay", "--port", "0", "--data-dir", str(tmp_path)),
        cwd=ROOT,
        env={**os.environ, "KABADDI_TOKEN": "from-env"},
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
        process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0
    assert line.rstrip().endswith("scorer token: from-env")
    assert "viewers at http://127.0.0.1:" in line


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_signals_stop_the_relay_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    relay = await start_subprocess(tmp_path)
    assert (await http_get(relay, "/healthz")).status == 200
    assert relay.process is not None
    relay.process.send_signal(sig)
    async with asyncio.timeout(HANG):
        assert await relay.process.wait() == 0
    # The store was closed cleanly: SQLite folded the write-ahead log back in.
    assert not (tmp_path / "kabaddi.sqlite3-wal").exists()


def test_port_in_use_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "relay", "--port", str(port), "--data-dir", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HANG,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "kabaddi-relay:" in result.stderr
