"""HTTP on the relay's port: viewer files, health, metrics, the match API, and 404s."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from relay_kit import Backend, clock, http_get, next_raid, open_peer, started_match

from relay.http import static_file
from relay.paths import viewer_dir


async def test_healthz(relay: Backend) -> None:
    answer = await http_get(relay, "/healthz")
    assert answer.status == 200
    assert answer.json()["ok"] is True


@pytest.mark.parametrize(
    ("path", "name"),
    [("/", "index.html"), ("/viewer.html", "viewer.html"), ("/overlay.html", "overlay.html")],
)
async def test_viewer_pages(relay: Backend, path: str, name: str) -> None:
    answer = await http_get(relay, path)
    page = viewer_dir() / name
    if not page.is_file():  # the pages are not there: a plain 404
        assert answer.status == 404
        return
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.body == page.read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/api/nowhere",
        "/../pyproject.toml",
        "/..%2fpyproject.toml",
        "/%2e%2e/%2e%2e/pyproject.toml",
        "/..%5cpyproject.toml",
        "//etc/passwd",
        "/schema/frames.schema.json",
        "/.hidden",
        "/api/matches/bad%20id",
        "/api/matches/ghost",
        "/api/matches/ghost/events",
        "/api/matches/ghost/events.csv",
    ],
)
async def test_unknown_paths_and_traversal_are_404(relay: Backend, path: str) -> None:
    answer = await http_get(relay, path)
    assert answer.status == 404
    assert b"Traceback" not in answer.body


async def test_websocket_path_without_upgrade_is_refused_cleanly(relay: Backend) -> None:
    answer = await http_get(relay, "/ws")
    assert answer.status == 426
    assert b"Traceback" not in answer.body


async def test_match_api(relay: Backend) -> None:
    assert (await http_get(relay, "/api/matches")).json() == []
    viewer = await open_peer(relay, "viewer", "waiting")
    listed = (await http_get(relay, "/api/matches")).json()
    assert listed == [
        {
            "matchId": "waiting",
            "phase": None,
            "lastSeq": 0,
            "viewers": 1,
            "scorers": 0,
            "home": None,
            "away": None,
        }
    ]
    assert (await http_get(relay, "/api/matches/waiting")).json() is None
    await viewer.close()

    scorer, state = await started_match(relay, "final")
    await scorer.send(next_raid(state, touch=True, client_event_id="raid-1"))
    await scorer.answer()
    state = (await scorer.recv_type("event"))["state"]
    await scorer.send(clock("pause", "pause-1"))
    await scorer.answer()
    state = (await scorer.recv_type("event"))["state"]

    listed = (await http_get(relay, "/api/matches")).json()
    final = next(m for m in listed if m["matchId"] == "final")
    assert final == {
        "matchId": "final",
        "phase": state["phase"],
        "lastSeq": 4,
        "viewers": 0,
        "scorers": 1,
        "home": {"name": "Patna Pirates", "shortName": "PAT", "color": "#1F4E9E", "score": 1},
        "away": {"name": "Bengaluru Bulls", "shortName": "BEN", "color": "#D62828", "score": 0},
    }
    assert (await http_get(relay, "/api/matches/final")).json() == state

    events = (await http_get(relay, "/api/matches/final/events")).json()
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert [e["event"]["clientEventId"] for e in events] == [
        "setup-final",
        events[1]["event"]["clientEventId"],
        "raid-1",
        "pause-1",
    ]
    assert all(e["text"] and e["event"]["by"] == "Setter" for e in events)
    assert [e["score"] for e in events] == [{"home": h, "away": 0} for h in (0, 0, 1, 1)]

    answer = await http_get(relay, "/api/matches/final/events.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.body.decode())))
    assert [row["seq"] for row in rows] == ["1", "2", "3", "4"]
    assert [row["type"] for row in rows] == ["setup", "clock", "raid", "clock"]
    assert rows[2]["text"] == events[2]["text"]
    assert [(row["home"], row["away"]) for row in rows] == [
        ("0", "0"),
        ("0", "0"),
        ("1", "0"),
        ("1", "0"),
    ]


async def test_metrics(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await open_peer(relay, "viewer")
    await scorer.send(clock("start", "early"))
    await scorer.answer()
    text = (await http_get(relay, "/metrics")).body.decode()
    assert 'kabaddi_connections{role="scorer"} 1' in text
    assert 'kabaddi_connections{role="viewer"} 1' in text
    assert 'kabaddi_errors_total{code="not_set_up"} 1' in text
    assert "kabaddi_frames_in_total 3" in text  # two hellos and one event
    assert "kabaddi_broadcast_latency_seconds_count" in text


def test_static_files_content_types_and_traversal(tmp_path: Path) -> None:
    folder = tmp_path / "viewer"
    folder.mkdir()
    for name in ("index.html", "app.js", "style.css", "icon.svg", ".secret"):
        (folder / name).write_text(name)
    (tmp_path / "outside.html").write_text("outside")
    (folder / "link.html").symlink_to(tmp_path / "outside.html")
    expected = {
        "index.html": "text/html; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
        "icon.svg": "image/svg+xml",
    }
    for name, content_type in expected.items():
        answer = static_file(folder, name)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == content_type
        assert answer.body == name.encode()
    for name in (".secret", "../outside.html", "link.html", "missing.html", "", "a/b"):
        assert static_file(folder, name).status_code == 404
    assert static_file(tmp_path / "gone", "index.html").status_code == 404
