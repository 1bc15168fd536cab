"""The Qt loop hook in this folder's conftest applies here and nowhere else."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import qasync

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROBE = """
import asyncio

async def test_probe():
    print("LOOP", "{where}", type(asyncio.get_running_loop()).__module__)
"""


async def test_desktop_tests_run_on_the_qt_loop() -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)


def test_tests_elsewhere_keep_the_default_loop(tmp_path: Path) -> None:
    (tmp_path / "desktop_copy").mkdir()
    (tmp_path / "elsewhere").mkdir()
    for name in ("conftest.py", "desktop_helpers.py"):
        shutil.copy(HERE / name, tmp_path / "desktop_copy" / name)
    (tmp_path / "desktop_copy" / "test_probe_in.py").write_text(PROBE.format(where="in"))
    (tmp_path / "elsewhere" / "test_probe_out.py").write_text(PROBE.format(where="out"))
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line[line.index("LOOP") :] for line in result.stdout.splitlines() if "LOOP" in line]
    probes = [line.split() for line in lines]
    loops = {words[1]: words[2] for words in probes if words and words[0] == "LOOP"}
    default_loop = "asyncio.windows_events" if sys.platform == "win32" else "asyncio.unix_events"
    assert loops == {"in": "qasync", "out": default_loop}
