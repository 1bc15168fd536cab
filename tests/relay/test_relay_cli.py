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
from relay_kit import HANG, ROOT, TERMINATED_EXIT, WINDOWS, http_get, open_peer, start_subprocess

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


async def started_line(tmp_path: Path, *args: str, env: dict[str, str]) -> tuple[str, str]:
    """Start ``python -m relay`` with ``args``: its start line and what it wrote to stderr."""
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "relay", "--port", "0", "--data-dir", str(tmp_path), *args),
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "KABADDI_TOKEN"}, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
        process.terminate()  # SIGTERM; TerminateProcess on Windows
        errors = (await process.stderr.read()).decode()
        assert await process.wait() == TERMINATED_EXIT, errors
    return line, errors


async def test_a_supplied_token_is_never_printed(tmp_path: Path) -> None:
    line, errors = await started_line(tmp_path, env={"KABADDI_TOKEN": "from-env-secret"})
    assert "viewers at http://127.0.0.1:" in line
    assert line.rstrip().endswith("scorer token: (as supplied)")
    assert "from-env-secret" not in line + errors

    (tmp_path / "secret").write_text("from-file-secret\n")
    line, errors = await started_line(tmp_path, "--token-file", str(tmp_path / "secret"), env={})
    assert "from-file-secret" not in line + errors

    line, errors = await started_line(tmp_path, "--token", "from-argv-secret", env={})
    assert "from-argv-secret" not in line + errors
    assert "--token is visible to every user of this machine" in errors


async def test_the_token_from_a_file_or_the_environment_is_the_one_used(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("from-file\n")
    by_file = await start_subprocess(tmp_path / "a", token=None, token_file=tmp_path / "secret")
    by_env = await start_subprocess(tmp_path / "b", token="from-env")
    try:
        for backend, token in ((by_file, "from-file"), (by_env, "from-env")):
            backend.token = token
            scorer = await open_peer(backend, "scorer")
            assert scorer.welcome["role"] == "scorer"
            await scorer.close()
            with pytest.raises(AssertionError, match="unauthorized"):
                await open_peer(backend, "scorer", token="wrong")
    finally:
        await by_file.stop()
        await by_env.stop()


def test_an_empty_token_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("\n")
    result = subprocess.run(
        [sys.executable, "-m", "relay", "--token-file", str(tmp_path / "secret")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert result.returncode == 2
    assert "is empty" in result.stderr


@pytest.mark.skipif(
    WINDOWS,
    reason="Windows cannot send SIGINT or SIGTERM to another process; the relay the app "
    "hosts stops through its control port there (tests/relay/test_relay_owned.py)",
)
@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
async def test_signals_stop_the_relay_cleanly(tmp_path: Path, sig: str) -> None:
    relay = await start_subprocess(tmp_path)
    assert (await http_get(relay, "/healthz")).status == 200
    assert relay.process is not None
    relay.process.send_signal(getattr(signal, sig))
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
