"""The HTTP side of the relay's port: viewer pages, health, metrics and a read-only API.

Served from websockets' ``process_request`` hook, so one port carries both the
websocket endpoint (``/ws``) and these routes. Every answer is a plain response:
unknown paths are 404, methods other than GET and HEAD are 405 (with ``Allow``),
HEAD gets the headers of GET without the body, and nothing here ever shows a
traceback. Lists come in pages (``?limit=`` and ``?after=``, the next page in a
``Link`` header); a match's state, events and CSV, which can be large, are limited
to a few a second per address (429 beyond); ``/metrics`` can require a bearer token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import re
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from relay.admission import Admission
from relay.counted_connection import CountedConnection
from relay.lograte import RateLimitedLog
from relay.paths import viewer_dir
from relay.ratelimit import KeyedBuckets
from relay.readmodel import ReadModel
from relay.tokens import token_matches
from relay.wire import MATCH_ID_PATTERN

log = logging.getLogger(__name__)

WS_PATH = "/ws"
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"  # prometheus_client's text format
_MATCH = MATCH_ID_PATTERN.strip("^$")
_MATCH_ID = re.compile(MATCH_ID_PATTERN)
_MATCH_ROUTE = re.compile(rf"^/api/matches/({_MATCH})(/events|/events\.csv)?$")
SERVICE_UNAVAILABLE = HTTPStatus.SERVICE_UNAVAILABLE
MATCHES_PAGE = 100
MATCHES_PAGE_MAX = 500
_FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_SUB_FOLDERS = ("", "lang")
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


class Routes:
    """``process_request`` for the relay's port: a websocket on ``/ws``, HTTP elsewhere."""

    def __init__(
        self,
        model: ReadModel,
        admission: Admission,
        *,
        metrics_token: str | None,
        max_events: int,
        download_rate: float = 5.0,
        download_burst: int = 20,
    ) -> None:
        self._model = model
        self._admission = admission
        self._metrics_token = metrics_token
        self._max_events = max_events
        self._errors = RateLimitedLog(log, interval=60.0)
        # A match's state, events and CSV can be large: per address, a few a second.
        self._heavy = KeyedBuckets(download_rate, download_burst)

    async def process_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None:
        try:
            url = urlsplit(request.path)
            path = unquote(url.path)
            if path == WS_PATH:
                if request.method != "GET":
                    return not_allowed("GET")
                refusal = self._admission.upgrading(id(connection))
                if refusal is not None:
                    return response(HTTPStatus.SERVICE_UNAVAILABLE, refusal.reason + "\n")
                return None
            if request.method not in ("GET", "HEAD"):
                return not_allowed("GET, HEAD")
            if _MATCH_ROUTE.match(path) and not self._heavy.take(_address(connection)):
                answer = response(
                    HTTPStatus.TOO_MANY_REQUESTS, "too many match downloads; wait a little\n"
                )
                answer.headers["Retry-After"] = "1"
                return answer
            answer = await self.route(path, parse_qs(url.query), request.headers)
            if request.method == "HEAD":
                return Response(answer.status_code, answer.reason_phrase, answer.headers, b"")
            return answer
        except Exception:
            self._errors.log(logging.ERROR, "http", "HTTP request %s failed", request.path)
            log.debug("HTTP request %s failed", request.path, exc_info=True)
            return response(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error\n")

    async def route(self, path: str, query: dict[str, list[str]], headers: Headers) -> Response:
        if path == "/healthz":
            body = await self._model.health()
            return json_response(body, HTTPStatus.OK if body.get("ok") else SERVICE_UNAVAILABLE)
        if path == "/metrics":
            if not self._metrics_allowed(headers):
                answer = response(HTTPStatus.UNAUTHORIZED, "a metrics token is required\n")
                answer.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
                return answer
            return response(HTTPStatus.OK, self._model.metrics_text(), METRICS_TYPE)
        if path == "/api/matches":
            return await self.match_list(query)
        found = _MATCH_ROUTE.match(path)
        if found is not None:
            return await self.match_route(found.group(1), found.group(2), query)
        name = "index.html" if path == "/" else path.removeprefix("/")
        return await asyncio.to_thread(static_file, viewer_dir(), name)

    async def match_list(self, query: dict[str, list[str]]) -> Response:
        try:
            limit = _int_param(query, "limit", MATCHES_PAGE, 1, MATCHES_PAGE_MAX)
            after = _param(query, "after")
            if after is not None and not _MATCH_ID.match(after):
                raise ValueError("'after' must be a match id")
        except ValueError as exc:
            return response(HTTPStatus.BAD_REQUEST, f"{exc}\n")
        page = await self._model.match_list(after, limit)
        answer = json_response(page.items)
        if page.next_after is not None:
            link = f"/api/matches?after={quote(page.next_after)}&limit={limit}"
            answer.headers["Link"] = f'<{link}>; rel="next"'
        return answer

    async def match_route(
        self, match_id: str, suffix: str | None, query: dict[str, list[str]]
    ) -> Response:
        if suffix is None:
            state = await self._model.match_state(match_id)
            if state is None:
                return not_found()
            return json_response(state or None)
        if suffix == "/events.csv":
            data = await self._model.events_csv(match_id)
            if data is None:
                return not_found()
            answer = response(HTTPStatus.OK, data, "text/csv; charset=utf-8")
            answer.headers["Content-Disposition"] = f'attachment; filename="{match_id}.csv"'
            return answer
        try:
            limit = _int_param(query, "limit", self._max_events, 1, self._max_events)
            after = _int_param(query, "after", 0, 0, 2**62)
        except ValueError as exc:
            return response(HTTPStatus.BAD_REQUEST, f"{exc}\n")
        found = await self._model.match_events(match_id, after, limit)
        if found is None:
            return not_found()
        body, next_after = found
        answer = response(HTTPStatus.OK, body, "application/json")
        if next_after is not None:
            link = f"/api/matches/{match_id}/events?after={next_after}&limit={limit}"
            answer.headers["Link"] = f'<{link}>; rel="next"'
        return answer

    def _metrics_allowed(self, headers: Headers) -> bool:
        if self._metrics_token is None:
            return True
        given = headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        return scheme.lower() == "bearer" and token_matches(token.strip(), self._metrics_token)


def _param(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _int_param(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    value = _param(query, name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValueError(f"'{name}' must be a whole number from {low} to {high}")
    return int(value)


def _address(connection: ServerConnection) -> str:
    return connection.address if isinstance(connection, CountedConnection) else "?"


def not_allowed(allow: str) -> Response:
    answer = response(HTTPStatus.METHOD_NOT_ALLOWED, f"method not allowed; use {allow}\n")
    answer.headers["Allow"] = allow
    return answer


def static_file(folder: Path, name: str) -> Response:
    """A file directly inside ``folder`` or its ``lang/`` (the pages' catalogues); anything
    else (other sub-paths, dot files) is 404."""
    sub, _, base = name.rpartition("/")
    if sub not in _SUB_FOLDERS or not _FILE_NAME.match(base) or base.startswith("."):
        return not_found()
    path = folder / name
    try:
        if not path.is_file() or path.resolve().parent != (folder / sub).resolve():
            return not_found()
        data = path.read_bytes()
    except OSError:
        return not_found()
    content_type = _TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    return response(HTTPStatus.OK, data, content_type)
