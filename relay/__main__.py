"""``kabaddi-relay`` / ``python -m relay``: run the relay until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path

from relay import parallel_write
from relay.advertise import Advertiser
from relay.backends.redis_log import UnsafeRedis
from relay.config import RelayConfig
from relay.heap import freeze_startup_objects
from relay.owned import ALREADY_RUNNING_EXIT, AlreadyRunning, run_owned
from relay.paths import default_data_dir
from relay.server import Relay
from relay.version import package_version
from relay.workers import stop_when_orphaned, supervise

# The pages take three of these without a word as a dead connection (live.js SILENCE_MS).
MAX_HEARTBEAT = 15.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    defaults = RelayConfig(data_dir=Path("."))
    parser = argparse.ArgumentParser(
        prog="kabaddi-relay",
        description="Kabaddi Live relay: scorers and viewers of live matches.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        allow_abbrev=False,  # --workers hands its own arguments on to each worker
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    parser.add_argument("--host", default=defaults.host, help="0.0.0.0 to serve a venue LAN")
    parser.add_argument("--port", type=int, default=defaults.port, help="0 picks a free port")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where matches are kept (default: the user data dir)",
    )
    parser.add_argument(
        "--token",
        default=None,
        help="scorer token; visible to every user of this machine (ps): prefer "
        "KABADDI_TOKEN or --token-file",
    )
    parser.add_argument(
        "--token-file", type=Path, default=None, help="read the scorer token from this file"
    )
    parser.add_argument("--certfile", type=Path, default=None, help="TLS certificate (wss://)")
    parser.add_argument("--keyfile", type=Path, default=None, help="TLS private key")
    parser.add_argument(
        "--ping-interval", type=float, default=defaults.ping_interval, help="seconds between pings"
    )
    parser.add_argument(
        "--heartbeat",
        type=float,
        default=defaults.heartbeat,
        help="seconds (at most 15): every connection hears from the relay at least this often"
        " (presence when a match is quiet), so pages can tell a quiet match from a dead"
        " connection",
    )
    parser.add_argument(
        "--ping-timeout",
        type=float,
        default=defaults.ping_timeout,
        help="seconds to wait for a pong before dropping the peer",
    )
    parser.add_argument(
        "--hello-timeout",
        type=float,
        default=defaults.hello_timeout,
        help="seconds a new connection has to say hello (else close 4400)",
    )
    parser.add_argument(
        "--close-timeout",
        type=float,
        default=defaults.close_timeout,
        help="seconds to wait for a closing handshake",
    )
    parser.add_argument(
        "--queue-max-frames",
        type=int,
        default=defaults.queue_max_frames,
        help="unsent frames a connection may have before it is closed with 4408",
    )
    parser.add_argument(
        "--queue-max-bytes",
        type=int,
        default=defaults.queue_max_bytes,
        help="unsent bytes a connection may have before it is closed with 4408",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=defaults.rate_per_second,
        help="frames per second a connection may send, sustained",
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=defaults.rate_burst,
        help="frames a connection may send at once",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=defaults.max_connections,
        help="connections in all; more are refused with HTTP 503",
    )
    parser.add_argument(
        "--max-connections-per-address",
        type=int,
        default=defaults.max_connections_per_address,
        help="connections from one address; more are refused with HTTP 503",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        default=None,
        help="share matches with other relay nodes through Redis: redis://HOST:PORT/DB,"
        " rediss://... or unix:///path/to/redis.sock (matches live in Redis, not the data dir)",
    )
    parser.add_argument(
        "--redis-unsafe-durability",
        action="store_true",
        help="run on a Redis without appendonly yes, appendfsync always and maxmemory-policy"
        " noeviction (it may lose acknowledged events; /healthz says so)",
    )
    parser.add_argument(
        "--redis-head-check",
        type=float,
        default=defaults.redis_head_check,
        help="seconds between checks of every loaded match's head in Redis (finds events"
        " whose pub/sub message was lost)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="run N relay processes on one listening socket, restarted if they die; needs --redis",
    )
    parser.add_argument(
        "--broadcast-threads",
        type=int,
        default=None,
        help="threads that write a broadcast to a crowd's sockets (default: one per core;"
        " with --workers N, each worker gets the cores divided by N)",
    )
    parser.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--scorer-reserve",
        type=int,
        default=defaults.scorer_reserve,
        help="of --max-connections, places only scorers may take",
    )
    parser.add_argument(
        "--max-pending",
        type=int,
        default=defaults.max_pending,
        help="connections still in their HTTP request or before their hello; when full, "
        "the oldest that has sent no request is dropped for a newcomer (else it gets 503)",
    )
    parser.add_argument(
        "--max-pending-per-address",
        type=int,
        default=defaults.max_pending_per_address,
        help="such connections from one address; more are refused with HTTP 503",
    )
    parser.add_argument(
        "--backlog",
        type=int,
        default=defaults.listen_backlog,
        help="connections the kernel queues for the relay to accept (capped by "
        "net.core.somaxconn and by --max-pending)",
    )
    parser.add_argument(
        "--invalid-frame-burst",
        type=int,
        default=defaults.invalid_frame_burst,
        help="invalid frames a scorer may send before it is closed with 4400 (then one per 10 s)",
    )
    parser.add_argument(
        "--auth-free-failures",
        type=int,
        default=defaults.auth_free_failures,
        help="wrong scorer tokens from one address before it is slowed down",
    )
    parser.add_argument(
        "--auth-max-failures",
        type=int,
        default=defaults.auth_max_failures,
        help="wrong scorer tokens from one address before it is refused for a while",
    )
    parser.add_argument(
        "--auth-lockout",
        type=float,
        default=defaults.auth_lockout_seconds,
        help="seconds an address with too many wrong tokens is refused",
    )
    parser.add_argument(
        "--abuse-max-closes",
        type=int,
        default=defaults.abuse_max_closes,
        help="closes for misbehaving after which an address is refused for a while",
    )
    parser.add_argument(
        "--abuse-lockout",
        type=float,
        default=defaults.abuse_lockout_seconds,
        help="seconds such an address is refused, from its last offence",
    )
    parser.add_argument(
        "--max-events-per-match",
        type=int,
        default=defaults.max_events_per_match,
        help="events one match may hold; more are refused with limit_reached",
    )
    parser.add_argument(
        "--max-matches-per-day",
        type=int,
        default=defaults.max_matches_per_day,
        help="matches that may be set up in 24 hours; more are refused with limit_reached",
    )
    parser.add_argument(
        "--viewer-welcome-events",
        type=int,
        default=defaults.viewer_welcome_events,
        help="events a viewer's welcome carries at most (the latest)",
    )
    parser.add_argument(
        "--download-rate",
        type=float,
        default=defaults.download_rate,
        help="a match's state, events or CSV per second per address (429 beyond)",
    )
    parser.add_argument(
        "--download-burst",
        type=int,
        default=defaults.download_burst,
        help="such downloads per address at once",
    )
    parser.add_argument(
        "--metrics-token-file",
        type=Path,
        default=None,
        help="require 'Authorization: Bearer <token>' on /metrics, the token read from "
        "this file (or KABADDI_METRICS_TOKEN)",
    )
    parser.add_argument(
        "--name",
        default=None,
        help="the name scorers see when their app finds this relay on the LAN"
        " (default: this machine's name)",
    )
    parser.add_argument(
        "--no-advertise",
        action="store_true",
        help="do not announce this relay on the LAN (mDNS); scorers then type its URL",
    )
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING or ERROR")
    parser.add_argument(
        "--owned",
        action="store_true",
        help="run for a scorer app (see relay.owned): instance file, control port,"
        " one relay per data dir, any free port when --port is taken",
    )
    args = parser.parse_args(argv)
    if args.name is not None and not args.name.strip():
        parser.error("--name must not be empty")
    if args.workers is not None:
        if args.redis is None:
            parser.error(
                "--workers needs --redis: worker processes share matches only through Redis"
                " (each would otherwise keep its own SQLite file and its own order of events)"
            )
        if args.workers < 1:
            parser.error("--workers must be at least 1")
        if sys.platform == "win32":
            parser.error(
                "--workers is not available on Windows: its worker processes inherit one"
                " listening socket, which Windows cannot hand to a new process. Run one"
                " relay per port with the same --redis and put a load balancer in front"
            )
    if not 0 < args.heartbeat <= MAX_HEARTBEAT:
        parser.error(
            f"--heartbeat must be more than 0 and at most {MAX_HEARTBEAT:g} seconds: the pages"
            f" take {3 * MAX_HEARTBEAT:g} s without a word from the relay as a dead connection"
        )
    if args.broadcast_threads is not None and args.broadcast_threads < 1:
        parser.error("--broadcast-threads must be at least 1")
    return args


def secret(value: str | None, file: Path | None, variable: str) -> str | None:
    """A secret given on the command line, in a file, or in the environment."""
    if value:
        return value
    if file is not None:
        text = file.read_text(encoding="utf-8").strip()
        if not text:
            raise ValueError(f"{file} is empty")
        return text
    return os.environ.get(variable) or None


def config_from(args: argparse.Namespace) -> RelayConfig:
    return RelayConfig(
        host=args.host,
        port=args.port,
        data_dir=args.data_dir or default_data_dir(),
        token=secret(args.token, args.token_file, "KABADDI_TOKEN"),
        certfile=args.certfile,
        keyfile=args.keyfile,
        ping_interval=args.ping_interval,
        heartbeat=args.heartbeat,
        ping_timeout=args.ping_timeout,
        hello_timeout=args.hello_timeout,
        close_timeout=args.close_timeout,
        queue_max_frames=args.queue_max_frames,
        queue_max_bytes=args.queue_max_bytes,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        max_connections=args.max_connections,
        max_connections_per_address=args.max_connections_per_address,
        redis_url=args.redis,
        redis_unsafe_durability=args.redis_unsafe_durability,
        redis_head_check=args.redis_head_check,
        listen_fd=args.listen_fd,
        scorer_reserve=args.scorer_reserve,
        max_pending=args.max_pending,
        max_pending_per_address=args.max_pending_per_address,
        listen_backlog=args.backlog,
        invalid_frame_burst=args.invalid_frame_burst,
        auth_free_failures=args.auth_free_failures,
        auth_max_failures=args.auth_max_failures,
        auth_lockout_seconds=args.auth_lockout,
        abuse_max_closes=args.abuse_max_closes,
        abuse_lockout_seconds=args.abuse_lockout,
        max_events_per_match=args.max_events_per_match,
        max_matches_per_day=args.max_matches_per_day,
        viewer_welcome_events=args.viewer_welcome_events,
        download_rate=args.download_rate,
        download_burst=args.download_burst,
        metrics_token=secret(None, args.metrics_token_file, "KABADDI_METRICS_TOKEN"),
        advertise=not args.no_advertise,
        name=args.name,
    )


async def run(config: RelayConfig) -> None:
    relay = Relay(config)
    await relay.start()
    freeze_startup_objects()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: KeyboardInterrupt instead
            loop.add_signal_handler(sig, stop.set)
    orphaned = stop_when_orphaned(stop)
    # A token the operator supplied is never printed: they have it, logs need not.
    shown = "(as supplied)" if config.token else relay.token
    print(
        f"Kabaddi Live relay: viewers at {relay.viewer_url}  scorers at {relay.url}"
        f"  scorer token: {shown}",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        if orphaned is not None:
            orphaned.cancel()
        await relay.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    if args.workers is not None:
        advertiser = None
        if not args.no_advertise:
            advertiser = Advertiser(args.host, args.name, tls=args.certfile is not None)
        worker_argv = sys.argv[1:] if argv is None else argv
        return supervise(worker_argv, args.host, args.port, args.workers, advertiser)
    parallel_write.configure(args.broadcast_threads)
    if args.token:
        print(
            "kabaddi-relay: --token is visible to every user of this machine (ps); "
            "prefer KABADDI_TOKEN or --token-file",
            file=sys.stderr,
        )
    try:
        config = config_from(args)
    except (OSError, ValueError) as exc:
        print(f"kabaddi-relay: {exc}", file=sys.stderr)
        return 2
    try:
        if args.owned:
            asyncio.run(run_owned(config))
        else:
            asyncio.run(run(config))
    except KeyboardInterrupt:
        pass
    except AlreadyRunning as exc:
        print(f"kabaddi-relay: {exc}", file=sys.stderr)
        return ALREADY_RUNNING_EXIT
    except (OSError, UnsafeRedis) as exc:
        print(f"kabaddi-relay: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
