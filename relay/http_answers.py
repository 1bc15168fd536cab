"""The relay's plain HTTP answers: text or JSON, never cached without asking, never sniffed."""

from __future__ import annotations

import json
from email.utils import formatdate
from http import HTTPStatus
from typing import Any

from websockets.datastructures import Headers
from websockets.http11 import Response


def response(
    status: HTTPStatus, body: bytes | str, content_type: str = "text/plain; charset=utf-8"
) -> Response:
    data = body.encode() if isinstance(body, str) else body
    headers = Headers(
        [
            ("Date", formatdate(usegmt=True)),
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


def not_allowed(allow: str) -> Response:
    answer = response(HTTPStatus.METHOD_NOT_ALLOWED, f"method not allowed; use {allow}\n")
    answer.headers["Allow"] = allow
    return answer
