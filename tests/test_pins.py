"""Dependency pins that keep out releases known to break a platform."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def requirement(name: str) -> Requirement:
    with (ROOT / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    (found,) = [Requirement(d) for d in dependencies if Requirement(d).name == name]
    return found


def test_qasync_excludes_the_release_that_breaks_windows() -> None:
    allowed = requirement("qasync").specifier
    assert "0.27.0" not in allowed  # the IOCP proactor without its mutex; withdrawn for 0.27.1
    assert "0.27.1" not in allowed  # random crashes on Windows, fixed in 0.28.0
    assert "0.28.0" in allowed
