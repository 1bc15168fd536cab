"""The match list, pushed: ``/ws/matches`` sends it at once and again whenever it changes.

A websocket on ``/ws/matches`` needs no hello. It gets the first page of
``/api/matches`` as it is now (the same JSON array, one text frame), then the list
again each time it changes: a score, a phase, a viewer count, a match set up, one
going not live. It counts as a viewer against the connection budgets. One task reads
the list once a second while anyone listens, one read for all of them however many,
so it works the same on every relay node: a change made through another node shows
within a second. A client sends nothing: anything it sends closes the feed (4403).
Listeners are viewers in ``/healthz`` and ``/metrics`` too.
"""

from __future__ import annotations

import asyncio
import json
import logging

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from relay.admission import Admission
from relay.lograte import RateLimitedLog
from relay.metrics import Metrics
from relay.readmodel import ReadModel

log = logging.getLogger(__name__)

LIST_PATH = "/ws/matches"
CHECK_SECONDS = 1.0
LISTED = 100  # the first page of /api/matches
FORBIDDEN = 4403
TRY_AGAIN_LATER = 1013


class ListFeed:
    def __init__(
        self,
        model: ReadModel,
        admission: Admission,
        metrics: Metrics,
        *,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self._model = model
        self._admission = admission
        self._metrics = metrics
        self._check_seconds = check_seconds
        self._listeners: set[ServerConnection] = set()
        self._latest = ""  # what the listeners were sent last, while the watcher runs
        self._watcher: asyncio.Task[None] | None = None
        self._errors = RateLimitedLog(log, interval=60.0)

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    async def handle(self, ws: ServerConnection) -> None:
        """One listener, from its upgrade to its close."""
        refusal = self._admission.identify(id(ws), "viewer")
        if refusal is not None:
            await ws.close(TRY_AGAIN_LATER, refusal.reason)
            return
        self._metrics.connections["viewer"] += 1
        try:
            text = self._latest if self._watching() else await self._read()
            await ws.send(text)
            self._listeners.add(ws)
            if not self._watching():  # checked and started with no await between
                self._latest = text
                self._watcher = asyncio.create_task(self._watch(), name="match-list-feed")
            async for _ in ws:
                await ws.close(FORBIDDEN, "the match list feed only sends")
        except ConnectionClosed:
            pass
        except Exception:
            self._errors.log(logging.ERROR, "read", "the match list feed cannot read the list")
            log.debug("the match list feed cannot read the list", exc_info=True)
            await ws.close(TRY_AGAIN_LATER, "the match list cannot be read now")
        finally:
            self._listeners.discard(ws)
            self._metrics.connections["viewer"] -= 1

    async def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)

    def _watching(self) -> bool:
        return self._watcher is not None and not self._watcher.done()

    async def _read(self) -> str:
        page = await self._model.match_list(None, LISTED)
        return json.dumps(page.items, separators=(",", ":"))

    async def _watch(self) -> None:
        while self._listeners:
            await asyncio.sleep(self._check_seconds)
            try:
                text = await self._read()
            except Exception:
                self._errors.log(logging.ERROR, "read", "the match list feed cannot read the list")
                log.debug("the match list feed cannot read the list", exc_info=True)
                continue
            if text != self._latest:
                self._latest = text
                broadcast(self._listeners, text)
