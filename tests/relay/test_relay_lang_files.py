"""The pages' catalogues (``lang/<code>.json``) are served; no other sub-path is."""

from __future__ import annotations

from pathlib import Path

from relay.http import static_file
from relay.paths import viewer_dir


def test_the_catalogues_are_served_as_json(tmp_path: Path) -> None:
    folder = tmp_path / "viewer"
    (folder / "lang").mkdir(parents=True)
    (folder / "lang" / "hi.json").write_text('{"brand": "कबड्डी लाइव"}', encoding="utf-8")
    answer = static_file(folder, "lang/hi.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.body == '{"brand": "कबड्डी लाइव"}'.encode()


def test_the_relay_ships_a_catalogue_per_language() -> None:
    names = sorted(p.name for p in (viewer_dir() / "lang").glob("*.json"))
    assert names == ["bn.json", "en.json", "hi.json", "kn.json", "mr.json", "ta.json", "te.json"]
    assert static_file(viewer_dir(), "lang/hi.json").status_code == 200
