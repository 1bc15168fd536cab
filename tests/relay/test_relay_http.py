"""HTTP on the relay's port: viewer files, health, metrics, the match API, and 404s."""

from __future__ import annotations

import asyncio
import csv
import gzip
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import StartRelay
from relay_kit import (
    HANG,
    Backend,
    HttpResponse,
    clock,
    http_get,
    next_raid,
    open_peer,
    setup_frame,
    started_match,
)

from relay.http_cache import static_file
from relay.paths import viewer_dir

VERSIONED = re.compile(r"([A-Za-z0-9_.-]+)\?v=[0-9a-f]{12}")


async def test_healthz(relay: Backend, backend_kind: str) -> None:
    answer = await http_get(relay, "/healthz")
    assert answer.status == 200
    body = answer.json()
    assert (body["ok"], body["problems"], body["commits"]) == (True, [], 0)
    assert body["connections"] == 0
    assert body["matchesInMemory"] == 0
    assert body["lockedOutAddresses"] == 0

    scorer, state = await started_match(relay, "final")  # two events, each acked first
    await open_peer(relay, "viewer", "final")
    await open_peer(relay, "viewer", "other")
    answer = await http_get(relay, "/healthz")
    assert answer.status == 200
    body = answer.json()
    assert body["connections"] == 3
    assert body["pendingConnections"] == 1  # this request's own connection
    assert body["matchesInMemory"] == 2
    assert (body["ok"], body["problems"], body["commits"]) == (True, [], 2)
    assert body["store"] == {
        "ok": True,
        "problem": None,
        "failingForSeconds": None,
        "failedCommits": 0,
        "queued": 0,
        "busySeconds": 0.0,
    }
    if backend_kind == "redis":
        return  # Redis unreachable: test_relay_redis_faults

    # The data directory is deleted under the running relay: SQLite would write on into
    # the deleted file, and every ack would be a lie.
    shutil.rmtree(relay.data_dir)
    await scorer.send(next_raid(state, touch=False, client_event_id="into-the-void"))
    refused = await scorer.answer()
    assert (refused["type"], refused["code"]) == ("error", "unavailable")
    assert refused["clientEventId"] == "into-the-void"
    answer = await http_get(relay, "/healthz")
    assert answer.status == 503
    body = answer.json()
    assert body["ok"] is False
    problem = body["store"]["problem"]
    assert problem.startswith(f"the database {relay.data_dir / 'kabaddi.sqlite3'} was deleted")
    assert body["problems"] == [f"events are not stored: {problem}"]
    assert body["store"]["failedCommits"] == 1
    assert body["store"]["failingForSeconds"] >= 0
    assert problem in refused["message"]


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
    assert answer.headers["cache-control"] == "no-cache"  # a page is checked on every load
    # The page as written, but every file it names carries its version.
    versioned = VERSIONED.sub(lambda found: found.group(1), answer.body.decode())
    assert versioned == page.read_text()
    names = VERSIONED.findall(answer.body.decode())
    assert "favicon.svg" in names
    for reference in names:
        assert re.search(rf'"{re.escape(reference)}\?v=[0-9a-f]{{12}}"', answer.body.decode())


async def http_with(backend: Backend, path: str, *headers: str) -> HttpResponse:
    """GET ``path`` with these extra header lines."""
    extra = "".join(f"{line}\r\n" for line in headers)
    raw = await raw_request(
        backend, f"GET {path} HTTP/1.1\r\nHost: a\r\n{extra}Connection: close\r\n\r\n".encode()
    )
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        assert key.strip().lower() not in fields, f"{key} twice in the answer to {path}"
        fields[key.strip().lower()] = value.strip()
    return HttpResponse(int(lines[0].split()[1]), fields, body)


def version_of(page: bytes, name: str) -> str:
    found = re.search(rf'"\.?/?{re.escape(name)}\?v=([0-9a-f]{{12}})"', page.decode())
    assert found is not None, f"{name} is not versioned in the page"
    return found.group(1)


async def test_pages_files_are_versioned_and_cached_for_long(relay: Backend) -> None:
    page = await http_get(relay, "/overlay.html")
    script = version_of(page.body, "overlay.js")
    long = await http_with(relay, f"/overlay.js?v={script}")
    assert long.status == 200
    assert long.headers["cache-control"] == "public, max-age=31536000, immutable"
    # The script's own imports are versioned too: the whole page is named by version.
    clock_version = version_of(long.body, "clock.js")
    imported = await http_with(relay, f"/clock.js?v={clock_version}")
    assert imported.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert imported.body == (await http_with(relay, "/clock.js")).body
    # A version that is not the file's (an old page, a guess) is never cached for long.
    stale = await http_with(relay, "/overlay.js?v=000000000000")
    assert stale.status == 200
    assert stale.headers["cache-control"] == "no-cache"
    assert stale.body == long.body


async def test_a_reload_is_answered_304_by_etag_or_date(relay: Backend) -> None:
    first = await http_with(relay, "/viewer.html")
    assert first.status == 200
    tag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)
    again = await http_with(relay, "/viewer.html", f"If-None-Match: {tag}")
    assert again.status == 304
    assert again.body == b""
    assert again.headers["etag"] == tag
    either = await http_with(relay, "/viewer.html", f'If-None-Match: "other", {tag}')
    assert either.status == 304
    other = await http_with(relay, "/viewer.html", 'If-None-Match: "other"')
    assert other.status == 200
    assert other.body == first.body

    modified = first.headers["last-modified"]
    assert modified.endswith(" GMT")
    dated = await http_with(relay, "/viewer.html", f"If-Modified-Since: {modified}")
    assert dated.status == 304
    older = await http_with(
        relay, "/viewer.html", "If-Modified-Since: Thu, 01 Jan 1998 00:00:00 GMT"
    )
    assert older.status == 200
    # HEAD asks the same question
    raw = await raw_request(
        relay,
        f"HEAD /viewer.html HTTP/1.1\r\nHost: a\r\nIf-None-Match: {tag}\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert raw.startswith(b"HTTP/1.1 304 Not Modified")


async def test_text_is_gzipped_for_clients_that_take_it(relay: Backend) -> None:
    plain = await http_with(relay, "/viewer.css")
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"
    packed = await http_with(relay, "/viewer.css", "Accept-Encoding: gzip, deflate, br")
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) / 2
    assert packed.headers["etag"] != plain.headers["etag"]  # two representations, two tags
    revalidated = await http_with(
        relay, "/viewer.css", "Accept-Encoding: gzip", f"If-None-Match: {packed.headers['etag']}"
    )
    assert revalidated.status == 304
    refused = await http_with(relay, "/viewer.css", "Accept-Encoding: gzip;q=0, identity")
    assert "content-encoding" not in refused.headers
    icon = await http_with(relay, "/favicon.svg", "Accept-Encoding: gzip")
    assert icon.status == 200  # svg is text: gzipped or small enough to go as it is

    # The API's large answers too, with an ETag a poller can send back.
    await started_match(relay, "final")
    events = await http_with(relay, "/api/matches/final/events", "Accept-Encoding: gzip")
    assert events.headers["content-encoding"] == "gzip"
    assert [e["seq"] for e in json.loads(gzip.decompress(events.body))] == [1, 2]
    listed = await http_with(relay, "/api/matches")
    assert [m["matchId"] for m in json.loads(listed.body)] == ["final"]
    unchanged = await http_with(relay, "/api/matches", f"If-None-Match: {listed.headers['etag']}")
    assert unchanged.status == 304
    assert unchanged.body == b""


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
        "/api/matches/ghost/summary",
        "/api/matches/bad%20id/summary",
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
    # Matches nobody has set up never reach the list, however many watch them.
    viewer = await open_peer(relay, "viewer", "waiting")
    ghosts = [
        await open_peer(relay, "viewer", f"FINAL-Patna-v-Bengaluru-MOVED-see-evil-example-{n}")
        for n in range(3)
    ]
    await open_peer(relay, "scorer", "not-set-up-yet")
    assert (await http_get(relay, "/api/matches")).json() == []
    assert (await http_get(relay, "/api/matches/waiting")).json() is None
    # Whether a match exists, in words a page can show: a viewer alone makes nothing exist.
    unknown = await http_get(relay, "/api/matches/waiting/summary")
    assert unknown.status == 404
    assert unknown.headers["content-type"] == "application/json"
    assert unknown.json()["error"] == "no_such_match"
    assert unknown.json()["message"].startswith("There is no match 'waiting' on this relay.")
    opened = (await http_get(relay, "/api/matches/not-set-up-yet/summary")).json()
    assert (opened["setUp"], opened["scorers"], opened["live"]) == (False, 1, False)
    await viewer.close()
    for ghost in ghosts:
        await ghost.close()

    scorer, state = await started_match(relay, "final")
    await scorer.send(next_raid(state, touch=True, client_event_id="raid-1"))
    await scorer.answer()
    state = (await scorer.recv_type("event"))["state"]
    await scorer.send(clock("pause", "pause-1"))
    await scorer.answer()
    state = (await scorer.recv_type("event"))["state"]

    events = (await http_get(relay, "/api/matches/final/events")).json()
    listed = (await http_get(relay, "/api/matches")).json()
    final = next(m for m in listed if m["matchId"] == "final")
    assert final == {
        "matchId": "final",
        "setUp": True,
        "phase": state["phase"],
        "lastSeq": 4,
        "updatedAt": events[-1]["event"]["at"],
        "live": True,
        "viewers": 0,
        "scorers": 1,
        "home": {"name": "Patna Pirates", "shortName": "PAT", "color": "#1F4E9E", "score": 1},
        "away": {"name": "Bengaluru Bulls", "shortName": "BEN", "color": "#D62828", "score": 0},
    }
    assert (await http_get(relay, "/api/matches/final/summary")).json() == final
    assert (await http_get(relay, "/api/matches/final")).json() == state

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
    for name in (".secret", "../outside.html", "link.html", "missing.html", "", "a/b", "lang/"):
        assert static_file(folder, name).status_code == 404
    assert static_file(tmp_path / "gone", "index.html").status_code == 404
    (folder / "lang").mkdir()
    (folder / "lang" / "hi.json").write_text('{"live": "लाइव"}')
    (folder / "lang" / ".hidden.json").write_text("{}")
    answer = static_file(folder, "lang/hi.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    for name in ("lang/.hidden.json", "lang/../index.html", "lang//hi.json", "/lang/hi.json"):
        assert static_file(folder, name).status_code == 404


async def raw_request(backend: Backend, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(backend.host, backend.port)
    try:
        writer.write(request)
        await writer.drain()
        async with asyncio.timeout(HANG):
            return await reader.read()
    finally:
        writer.close()


async def test_head_has_the_headers_of_get_and_no_body(relay: Backend) -> None:
    get = await http_get(relay, "/api/matches")
    raw = await raw_request(
        relay, b"HEAD /api/matches HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert f"Content-Length: {len(get.body)}".encode() in head
    assert body == b""


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/matches/final", "GET, HEAD"),
        ("POST", "/api/matches", "GET, HEAD"),
        ("PUT", "/healthz", "GET, HEAD"),
        ("POST", "/ws", "GET"),
    ],
)
async def test_other_methods_are_405_with_allow(
    relay: Backend, method: str, path: str, allow: str
) -> None:
    raw = await raw_request(
        relay, f"{method} {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode()
    )
    head = raw.partition(b"\r\n\r\n")[0].decode()
    assert head.startswith("HTTP/1.1 405 Method Not Allowed")
    assert f"Allow: {allow}" in head.split("\r\n")


async def test_the_match_list_and_events_come_in_pages(relay: Backend) -> None:
    for match_id in ("a", "b", "c"):
        scorer = await open_peer(relay, "scorer", match_id)
        await scorer.send(setup_frame(f"setup-{match_id}"))
        await scorer.answer()
        for n in range(4):
            await scorer.send(clock("start" if n == 0 else ("pause" if n % 2 else "resume")))
            await scorer.answer()
    first = await http_get(relay, "/api/matches?limit=2")
    assert [m["matchId"] for m in first.json()] == ["a", "b"]
    assert first.headers["link"] == '</api/matches?after=b&limit=2>; rel="next"'
    last = await http_get(relay, "/api/matches?after=b&limit=2")
    assert [m["matchId"] for m in last.json()] == ["c"]
    assert "link" not in last.headers

    page = await http_get(relay, "/api/matches/b/events?limit=2&after=1")
    assert [e["seq"] for e in page.json()] == [2, 3]
    assert page.headers["link"] == '</api/matches/b/events?after=3&limit=2>; rel="next"'
    assert [e["seq"] for e in (await http_get(relay, "/api/matches/b/events")).json()] == [
        1,
        2,
        3,
        4,
        5,
    ]
    for bad in ("/api/matches?limit=0", "/api/matches?limit=x", "/api/matches?after=a%20b"):
        answer = await http_get(relay, bad)
        assert answer.status == 400, bad
        assert answer.body.startswith(b"'")


async def test_metrics_can_require_a_token(start_relay: StartRelay, tmp_path: Path) -> None:
    (tmp_path / "metrics-token").write_text("scrape-me\n")
    relay = await start_relay(metrics_token_file=tmp_path / "metrics-token")
    answer = await http_get(relay, "/metrics")
    assert answer.status == 401
    assert answer.headers["www-authenticate"] == 'Bearer realm="metrics"'
    wrong = await raw_request(
        relay,
        b"GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer nope\r\n"
        b"Connection: close\r\n\r\n",
    )
    assert wrong.startswith(b"HTTP/1.1 401 ")
    right = await raw_request(
        relay,
        b"GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer scrape-me\r\n"
        b"Connection: close\r\n\r\n",
    )
    assert right.startswith(b"HTTP/1.1 200 OK")
    assert b"kabaddi_frames_in_total" in right
    assert (await http_get(relay, "/healthz")).status == 200  # only /metrics is protected


async def test_csv_cells_cannot_run_formulas(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer", "csv", name='=HYPERLINK("http://evil.example","x")')
    setup = setup_frame("setup-csv")
    setup["home"]["name"] = "+Patna"
    setup["home"]["players"][0]["name"] = "@SUM(A1)"
    await scorer.send(setup)
    assert (await scorer.answer())["type"] == "ack"
    answer = await http_get(relay, "/api/matches/csv/events.csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="csv.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.body.decode())))
    assert rows[0]["by"] == '\'=HYPERLINK("http://evil.example","x")'
    assert json.loads(rows[0]["event"])["by"] == '=HYPERLINK("http://evil.example","x")'


async def test_match_downloads_are_limited_per_address(start_relay: StartRelay) -> None:
    relay = await start_relay(download_rate=0.001, download_burst=3)
    await started_match(relay, "final")
    paths = ["/api/matches/final", "/api/matches/final/events", "/api/matches/final/events.csv"]
    assert [(await http_get(relay, path)).status for path in paths] == [200, 200, 200]
    refused = await http_get(relay, "/api/matches/final/events.csv")
    assert refused.status == 429
    assert refused.headers["retry-after"] == "1"
    assert (await http_get(relay, "/api/matches")).status == 200  # the list is not limited
    reader, writer = await asyncio.open_connection(
        relay.host, relay.port, local_addr=("127.0.0.2", 0)
    )
    writer.write(b"GET /api/matches/final HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    async with asyncio.timeout(HANG):
        assert (await reader.readline()).startswith(b"HTTP/1.1 200 ")
    writer.close()
