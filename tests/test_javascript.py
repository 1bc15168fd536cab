"""The pages' JavaScript tests (tests/js), run with Node's own test runner."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_javascript_suite_passes() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is missing: `make system-deps` installs Debian's nodejs")
    files = sorted((ROOT / "tests" / "js").glob("*.test.js"))
    assert files, "tests/js holds the pages' tests"
    done = subprocess.run(
        [node, "--test", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.MULTILINE)
    assert passed is not None, done.stdout
    assert int(passed.group(1)) > 0, done.stdout
