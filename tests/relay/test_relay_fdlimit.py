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
    if sys.platform == "darwin":  # macOS takes no soft limit above OPEN_MAX
        expected = "10240" if hard == resource.RLIM_INFINITY else str(min(hard, 10240))
        assert out[:2] == [expected, expected]
        return
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


class MacLimits:
    """What macOS answers: an unlimited hard limit, and no soft limit above OPEN_MAX."""

    RLIMIT_NOFILE = 8
    RLIM_INFINITY = 2**63 - 1

    def __init__(self) -> None:
        self.soft, self.hard = 256, self.RLIM_INFINITY
        self.asked: list[int] = []

    def getrlimit(self, kind: int, /) -> tuple[int, int]:
        return self.soft, self.hard

    def setrlimit(self, kind: int, limits: tuple[int, int], /) -> None:
        self.asked.append(limits[0])
        if limits[0] > 10240:
            raise ValueError("current limit exceeds maximum limit")
        self.soft = limits[0]


def test_a_mac_gets_open_max_rather_than_its_default_of_256() -> None:
    from relay.fdlimit import raise_open_file_limit

    mac = MacLimits()
    assert raise_open_file_limit("darwin", mac) == 10240
    assert mac.asked == [10240]
    assert mac.soft == 10240
