"""Where the relay finds resources: beside the package, or in a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from relay.paths import default_data_dir, resources_dir, viewer_dir


def test_resources_beside_the_package() -> None:
    assert resources_dir() == Path(__file__).resolve().parents[2] / "resources"
    assert (resources_dir() / "schema" / "frames.schema.json").is_file()
    assert viewer_dir() == resources_dir() / "viewer"


def test_resources_in_a_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_default_data_dir_is_per_user() -> None:
    assert "kabaddi-live" in str(default_data_dir())
