"""The relay: one port, websocket scorers and viewers on ``/ws``, HTTP routes beside them.

Embeddable: :class:`Relay` runs inside an already running event loop (the desktop
app runs it on its Qt loop), installs no signal handlers and reports the port it
bound. ``python -m relay`` wraps it for the command line.

This module is the lifecycle: start (open-file limit, store, TLS, listening) and
stop. The parts it wires together can each be read and tested alone:
:mod:`relay.admission` decides who may connect, :mod:`relay.session` runs one
connection, :mod:`relay.readmodel` answers the HTTP routes of :mod:`relay.http` and
the match list feed (:mod:`relay.list_feed`).

Compression is off: frames are small JSON, and per-message deflate would cost CPU
on every frame for every viewer (broadcast frames could no longer be encoded once
and shared) to save bandwidth a venue LAN does not lack.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from types import TracebackType

from websockets.asyncio.server import Server, ServerConnection, serve

from relay import ws_adapter
from relay.addresses import lan_address, url_host
from relay.admission import Admission
from relay.advertise import Advertiser
from relay.backend import DATABASE_FILE, make_backend
from relay.config import RelayConfig
from relay.counted_connection import connection_class
from relay.fdlimit import connections_that_fit, raise_open_file_limit
from relay.http import Routes
from relay.list_feed import LIST_PATH, ListFeed
from relay.metrics import Collectors, Metrics
from relay.penalty import PenaltyBox
from relay.readmodel import ReadModel
from relay.session import Sessions
from relay.workers import listen_where

__all__ = ["DATABASE_FILE", "Relay", "RelayConfig"]

log = logging.getLogger(__name__)

GOING_AWAY = 1001


class Relay:
    def __init__(self, config: RelayConfig | None = None) -> None:
        self.config = config = config or RelayConfig()
        self.metrics = Metrics()
        self.token = ""
        self.port = 0
        self.backend = make_backend(config, self.metrics)
        self.store, self.archive = self.backend.store, self.backend.archive
        self.rooms = self.backend.rooms
        self.penalties = PenaltyBox(
            limit=config.abuse_max_closes, lockout=config.abuse_lockout_seconds
        )
        self.admission = Admission(
            config, on_refused=self._count_refused, penalised=self.penalties.refused
        )
        self.guard = self.backend.auth_guard(config)
        self.advertiser = Advertiser(config.host, config.name, tls=config.certfile is not None)
        self.read_model = ReadModel(
            store=self.store,
            archive=self.archive,
            rooms=self.rooms,
            metrics=self.metrics,
            admission=self.admission,
            guard=self.guard,
            penalties=self.penalties,
            max_events=config.max_events_per_match,
            backend_health=lambda: {
                **self.backend.health(),
                "advertising": self.advertiser.health(),
            },
            backend_collector=Collectors(self.backend.collector(), self.advertiser.collector()),
        )
        self.list_feed = ListFeed(self.read_model, self.admission, self.metrics)
        self.sessions: Sessions | None = None
        self._server: Server | None = None
        self._stopping = False

    @property
    def tls(self) -> bool:
        return self.config.certfile is not None

    @property
    def url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self._display_host}:{self.port}/ws"

    @property
    def viewer_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self._display_host}:{self.port}/"

    @property
    def _display_host(self) -> str:
        host = self.config.host
        if host in ("0.0.0.0", "", "::"):
            return url_host(lan_address())
        return url_host(host)

    async def start(self) -> None:
        config = self.config
        ws_adapter.check()
        fits = connections_that_fit(raise_open_file_limit())
        if fits is not None:
            self.admission.limit_to(fits)
        await self.store.open()
        try:
            self.token = await self.backend.token(config)
            setups = await self.backend.daily_setups(config)
            await self.rooms.start()
        except BaseException:
            await self.store.close()
            raise
        self.sessions = Sessions(
            config,
            self.token,
            self.rooms,
            self.metrics,
            self.admission,
            self.guard,
            setups,
            self.penalties,
        )
        routes = Routes(
            self.read_model,
            self.admission,
            metrics_token=config.metrics_token,
            max_events=config.max_events_per_match,
            download_rate=config.download_rate,
            download_burst=config.download_burst,
        )
        ssl_context: ssl.SSLContext | None = None
        try:
            if config.certfile is not None:
                ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                ssl_context.load_cert_chain(config.certfile, config.keyfile)
            self._server = await serve(
                self._connection,
                **listen_where(config),
                create_connection=connection_class(self.admission),
                process_request=routes.process_request,
                compression=None,
                max_size=config.max_message_bytes,
                max_queue=4,
                open_timeout=config.open_timeout,
                ping_interval=config.ping_interval,
                ping_timeout=config.ping_timeout,
                close_timeout=config.close_timeout,
                ssl=ssl_context,
                server_header="kabaddi-live",
                # asyncio accepts up to ``backlog`` connections in one go: no more than
                # the pending budget holds, or it would drop its own crowd.
                backlog=max(1, min(config.listen_backlog, self.admission.max_pending)),
            )
        except BaseException:
            await self.rooms.stop()
            await self.store.close()
            self.archive.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1] if self._server.sockets else 0
        log.info("relay listening on %s", self.url)
        # A worker of --workers leaves the announcing to its parent (one relay, one name).
        if config.advertise and config.listen_fd is None:
            await self.advertiser.start(self.port)

    async def stop(self) -> None:
        """Close every connection with 1001, commit what is pending, close the store."""
        if self._stopping:
            return
        self._stopping = True
        self.admission.closing = True
        await self.advertiser.stop()  # first: scorer apps stop offering it at once
        if self._server is not None:
            ws_adapter.stop_accepting(self._server)
            if self.sessions is not None:
                for outbox in list(self.sessions.outboxes):
                    outbox.close(GOING_AWAY, "relay shutting down")
            self._server.close(close_connections=True)
            await self._server.wait_closed()
        await self.list_feed.stop()
        await self.rooms.stop()
        await self.store.close()
        await asyncio.to_thread(self.archive.close)

    async def __aenter__(self) -> Relay:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _connection(self, ws: ServerConnection) -> None:
        """A websocket: the match list feed on its own path, a scorer or viewer otherwise."""
        if ws.request is not None and ws.request.path.partition("?")[0] == LIST_PATH:
            await self.list_feed.handle(ws)
        elif self.sessions is not None:
            await self.sessions.handle(ws)

    def _count_refused(self) -> None:
        self.metrics.connections_refused += 1
