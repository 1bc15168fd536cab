"""Answers a browser can keep: validators, 304s, gzip, and long caching of versioned files.

A page's file (:mod:`relay.assets`) carries a strong ``ETag`` and ``Last-Modified``;
under its current ``?v=`` it may be kept for a year. An API answer carries an ``ETag``
of its bytes. Either is answered 304 when the client's copy is current
(``If-None-Match``, else ``If-Modified-Since``), and text is gzipped for clients
that take it (one ``ETag`` per representation, ``Vary: Accept-Encoding``).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import mimetypes
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path

from websockets.datastructures import Headers
from websockets.http11 import Response

from relay.assets import Asset, Assets
from relay.http_answers import not_found, response

# A versioned URL names bytes that never change: a year, and no revalidation.
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESS_FROM = 1024  # smaller answers are sent as they are
COMPRESS_IN_THREAD_FROM = 64 * 1024
_COMPRESSIBLE = ("text/", "application/json", "image/svg+xml", "application/manifest+json")
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


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or (mimetypes.guess_type(name)[0] or "application/octet-stream")


def static_file(
    folder: Path | Assets,
    name: str,
    query: dict[str, list[str]] | None = None,
    headers: Headers | None = None,
) -> Response:
    """A file in ``folder`` (sub-folders too; no dot files, no links): 304 when the client's
    copy is current, gzipped when the client takes it, cached for long under its version."""
    assets = folder if isinstance(folder, Assets) else Assets(folder)
    asset = assets.get(name)
    if asset is None:
        return not_found()
    request = headers if headers is not None else Headers()
    versioned = (query or {}).get("v", [""])[-1] == asset.version
    packed = asset.text and len(asset.body) >= COMPRESS_FROM and accepts_gzip(request)
    tag = f'"{asset.digest[:32]}{"-gz" if packed else ""}"'
    validators = [
        ("ETag", tag),
        ("Last-Modified", formatdate(asset.modified, usegmt=True)),
        ("Cache-Control", IMMUTABLE if versioned else "no-cache"),
    ]
    if asset.text:
        validators.append(("Vary", "Accept-Encoding"))
    if not_modified(request, tag, asset):
        headers = Headers([("Date", formatdate(usegmt=True)), *validators])
        return Response(HTTPStatus.NOT_MODIFIED.value, HTTPStatus.NOT_MODIFIED.phrase, headers, b"")
    answer = response(HTTPStatus.OK, asset.gzipped() if packed else asset.body, content_type(name))
    del answer.headers["Cache-Control"]
    for header, value in validators:
        answer.headers[header] = value
    if packed:
        answer.headers["Content-Encoding"] = "gzip"
    return answer


def not_modified(request: Headers, tag: str, asset: Asset | None = None) -> bool:
    """Whether the client's copy (``If-None-Match``, else ``If-Modified-Since``) is current."""
    if "If-None-Match" in request:
        given = {t.strip().removeprefix("W/") for t in request["If-None-Match"].split(",")}
        return "*" in given or tag in given
    if asset is not None and "If-Modified-Since" in request:
        try:
            since = parsedate_to_datetime(request["If-Modified-Since"]).timestamp()
        except (TypeError, ValueError):
            return False
        return int(asset.modified) <= since
    return False


def accepts_gzip(request: Headers) -> bool:
    for coding in request.get("Accept-Encoding", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def compressible(answer: Response) -> bool:
    kind = answer.headers.get("Content-Type", "")
    return (
        answer.status_code == HTTPStatus.OK
        and "Content-Encoding" not in answer.headers
        and len(answer.body) >= COMPRESS_FROM
        and kind.startswith(_COMPRESSIBLE)
    )


async def with_validator(answer: Response, request: Headers) -> Response:
    """An API answer with an ``ETag``: 304 when the client has it, else gzipped if it helps."""
    if answer.status_code != HTTPStatus.OK:
        return answer
    packed = compressible(answer) and accepts_gzip(request)
    tag = f'"{hashlib.sha256(answer.body).hexdigest()[:32]}{"-gz" if packed else ""}"'
    answer.headers["ETag"] = tag
    answer.headers["Vary"] = "Accept-Encoding"
    if not_modified(request, tag):
        kept = Headers((k, v) for k, v in answer.headers.raw_items() if k != "Content-Length")
        del kept["Content-Type"]
        return Response(HTTPStatus.NOT_MODIFIED.value, HTTPStatus.NOT_MODIFIED.phrase, kept, b"")
    if packed:
        body = answer.body
        if len(body) >= COMPRESS_IN_THREAD_FROM:
            packed_body = await asyncio.to_thread(gzip.compress, body, 6, mtime=0)
        else:
            packed_body = gzip.compress(body, 6, mtime=0)
        answer.headers["Content-Encoding"] = "gzip"
        del answer.headers["Content-Length"]  # Headers add on assignment: replace it
        answer.headers["Content-Length"] = str(len(packed_body))
        answer = Response(answer.status_code, answer.reason_phrase, answer.headers, packed_body)
    return answer
