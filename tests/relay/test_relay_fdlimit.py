"""The open-file limit is raised to the hard limit, and connections fit below it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from relay_kit import HANG, ROOT

resource = pytest.importorskip(
    "resource", reason="Windows has no open-file limit to raise (no POSIX resource module)"
)


def test_the_soft_limit_is_raised_to_the_hard_one() -> None:
    code = (
        "import resource; from relay.fdlimit import raise_open_file_limit;"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE);"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard));"
        "got = raise_open_file_limit();"
        "print(got, resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=HANG
    ).stdout.split()
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    expected = "None" if hard == resource.RLIM_INFINITY else str(hard)
    assert out[0] == expected
    assert out[1] == str(hard)


def test_the_relay_shrinks_its_budgets_to_a_low_hard_limit() -> None:
    code = (
        "import asyncio, resource, tempfile, pathlib;"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (300, 300));"
        "from relay.server import Relay, RelayConfig;"
        "d = pathlib.Path(tempfile.mkdtemp());"
        "r = Relay(RelayConfig(port=0, data_dir=d, token='t'));"
        "asyncio.run(r.start()); print(r.admission.sockets_needed); asyncio.run(r.stop())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=HANG
    )
    assert int(result.stdout.split()[0]) <= 300 - 64
    assert "only 236 connections fit in the open-file limit" in result.stderr
