"""The pages' patch code (resources/viewer/patch.js) replays the relay's broadcasts, in Node."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.viewer.patch_vectors import write_vectors

HERE = Path(__file__).resolve().parent
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is missing: `make system-deps` installs nodejs")
def test_the_pages_patch_code_replays_every_broadcast_of_the_80_raid_match(
    tmp_path: Path,
) -> None:
    assert NODE is not None
    vectors = tmp_path / "patch-vectors.json"
    steps = write_vectors(vectors, tmp_path)
    assert steps == 176  # one step per event of the fixture match
    result = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", str(HERE / "patch.test.mjs")],
        env={**os.environ, "PATCH_VECTORS": str(vectors)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", result.stdout, re.MULTILINE)
    assert passed, result.stdout[-2000:]
    assert failed, result.stdout[-2000:]
    assert (int(passed[1]), int(failed[1])) == (steps + 3, 0)
