"""The HTTP side of the relay's port: viewer pages, health, metrics and a read-only API.

Served from websockets' ``process_request`` hook, so one port carries both the
websocket endpoint (``/ws``) and these routes. Every answer is a plain response:
unknown paths are 404, and nothing here ever shows a traceback.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import mimetypes
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from relay.paths import viewer_dir
from relay.wire import MATCH_ID_PATTERN

log = logging.getLogger(__name__)

WS_PATH = "/ws"
_MATCH = MATCH_ID_PATTERN.strip("^$")
_MATCH_ROUTE = re.compile(rf"^/api/matches/({_MATCH})(/events|/events\.csv)?$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}


class Api:
    """What the routes read from the relay; implemented by :class:`relay.server.Relay`."""

    async def health(self) -> dict[str, Any]:
        raise NotImplementedError

    def metrics_text(self) -> str:
        raise NotImplementedError

    async def match_list(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    async def match_state(self, match_id: str) -> dict[str, Any] | None:
        """The state JSON of a match; {} -> set up not yet (null), None -> no such match."""
        raise NotImplementedError

    async def match_events(self, match_id: str) -> list[dict[str, Any]] | None:
        raise NotImplementedError

    def admit(self, connection: ServerConnection) -> str | None:
        """None to accept a websocket connection, or why it is refused."""
        raise NotImplementedError


def response(
    status: HTTPStatus, body: bytes | str, content_type: str = "text/plain; charset=utf-8"
) -> Response:
    data = body.encode() if isinstance(body, str) else body
    headers = Headers(
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ]
    )
    return Response(status.value, status.phrase, headers, data)


def json_response(data: Any, status: HTTPStatus = HTTPStatus.OK) -> Response:
    body = json.dumps(data, separators=(",", ":"))
    return response(status, body, "application/json")


def not_found() -> Response:
    return response(HTTPStatus.NOT_FOUND, "not found\n")


def make_process_request(
    api: Api,
) -> Callable[[ServerConnection, Request], Awaitable[Response | None]]:
    async def process_request(connection: ServerConnection, request: Request) -> Response | None:
        try:
            path = unquote(urlsplit(request.path).path)
            if path == WS_PATH:
                refusal = api.admit(connection)
                if refusal is not None:
                    return response(HTTPStatus.SERVICE_UNAVAILABLE, refusal + "\n")
                return None
            return await route(api, path)
        except Exception:
            log.exception("HTTP request %s failed", request.path)
            return response(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error\n")

    return process_request


async def route(api: Api, path: str) -> Response:
    if path == "/healthz":
        return json_response(await api.health())
    if path == "/metrics":
        return response(HTTPStatus.OK, api.metrics_text(), "text/plain; version=0.0.4")
    if path == "/api/matches":
        return json_response(await api.match_list())
    found = _MATCH_ROUTE.match(path)
    if found is not None:
        return await match_route(api, found.group(1), found.group(2))
    name = "index.html" if path == "/" else path.removeprefix("/")
    return await asyncio.to_thread(static_file, viewer_dir(), name)


async def match_route(api: Api, match_id: str, suffix: str | None) -> Response:
    if suffix is None:
        state = await api.match_state(match_id)
        if state is None:
            return not_found()
        return json_response(state or None)
    events = await api.match_events(match_id)
    if events is None:
        return not_found()
    if suffix == "/events":
        return json_response(events)
    return response(HTTPStatus.OK, events_csv(events), "text/csv; charset=utf-8")


def events_csv(events: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["seq", "at", "by", "type", "home", "away", "text", "event"])
    for logged in events:
        event = logged["event"]
        score = logged.get("score") or {}
        writer.writerow(
            [
                logged["seq"],
                event.get("at"),
                event.get("by"),
                event.get("type"),
                score.get("home"),
                score.get("away"),
                logged["text"],
                json.dumps(event, separators=(",", ":")),
            ]
        )
    return out.getvalue()


def static_file(folder: Path, name: str) -> Response:
    """A file directly inside ``folder``; anything else (sub-paths, dot files) is 404."""
    if not _FILE_NAME.match(name) or name.startswith("."):
        return not_found()
    path = folder / name
    try:
        if not path.is_file() or path.resolve().parent != folder.resolve():
            return not_found()
        data = path.read_bytes()
    except OSError:
        return not_found()
    content_type = _TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    return response(HTTPStatus.OK, data, content_type)
