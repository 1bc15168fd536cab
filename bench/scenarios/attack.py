"""Scenario 6: the relay attacked from the venue Wi-Fi while a scorer scores.

One relay process with its default limits, a scorer scoring at 10 events a second
and three viewers watching. First a baseline without attack, then the same scoring
while a separate attacker process (other machines simulated with loopback source
addresses 127.0.0.2 and up) runs every attack at once, each in a bounded loop:

- viewers flooding 64 KiB frames that are slow to validate (32,000 list items),
  reconnecting whenever they are closed; a scorer with the token doing the same;
- viewers sending events; frames of 256 KiB;
- idle viewers filling the connection cap, some on made-up match ids;
- TCP connections that never send their HTTP request (slowloris);
- scorer token guessing from one address;
- HTTP: the match list, a 3,000-event match as JSON and CSV, pipelined requests,
  HEAD and DELETE, all concurrently and again and again.

The attacker process runs at a lower priority (``nice`` 10): it stands in for other
machines, whose CPU the relay would not share. The 3,000-event match is written
before the run by the same relay with a high
rate limit, then the relay restarts with its defaults (the match loads on demand).
The scenario reports the scorer's ack latency (p50, p99, max) without and with the
attack, the relay's memory (resident, and its peak), what the attackers got, and
how long ``/healthz`` took under attack. It holds when every scorer event is
acknowledged, the scorer is never disconnected, the flooders are closed, and the
relay is alive and listing no ghost match at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.procs import LOOPBACK, RelayProcess, cpu_seconds, rss_kib
from bench.scenarios.common import Outcome, http_json
from relay.rules.demo import demo_setup

TOKEN = "bench-token"
SLOW_FRAME = (
    '{"type":"raid","clientEventId":"a","raiderId":"x","raidType":"empty","touchedIds":['
    + ",".join(["1"] * 32_000)
    + "]}"
)
BIG_FRAME = "x" * (256 * 1024)
BIG_MATCH = "big-final"
BIG_EVENTS = 3000
MATCH = "final"
ATTACKS = ("flood", "events", "big", "rogue", "idle", "slowloris", "guess", "http")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.scenarios.attack",
        description="A scorer's ack latency and the relay's memory, without and with attacks.",
    )
    p.add_argument("--events", type=int, default=200, help="scorer events per phase")
    p.add_argument("--rate", type=float, default=10.0, help="scorer events per second")
    p.add_argument("--idle-viewers", type=int, default=600)
    p.add_argument("--slowloris", type=int, default=400)
    p.add_argument("--flooders", type=int, default=4)
    p.add_argument("--http-clients", type=int, default=4)
    p.add_argument("--big-events", type=int, default=BIG_EVENTS, help="events of the long match")
    p.add_argument(
        "--only",
        default="",
        help=f"comma-separated attacks to run (default all): {','.join(ATTACKS)}",
    )
    p.add_argument("--max-seconds", type=float, default=300.0, help="hard stop")
    p.add_argument("--attacker", metavar="JSON", help=argparse.SUPPRESS)
    return p


# --- the scorer and its viewers (main process) -------------------------------------


def clock_event(n: int) -> dict[str, Any]:
    action = "start" if n == 0 else ("pause" if n % 2 else "resume")
    return {"type": "clock", "action": action, "clientEventId": f"c-{n}"}


async def hello(url: str, role: str, match_id: str, source: str = LOOPBACK) -> ClientConnection:
    ws = await connect(url, open_timeout=10, max_size=None, local_addr=(source, 0))
    frame: dict[str, Any] = {"type": "hello", "role": role, "matchId": match_id}
    if role == "scorer":
        frame |= {"token": TOKEN, "name": "Scorer"}
    await ws.send(json.dumps(frame))
    welcome = json.loads(await asyncio.wait_for(ws.recv(), 10))
    if welcome.get("type") != "welcome":
        raise RuntimeError(f"no welcome: {welcome}")
    return ws


async def answer(ws: ClientConnection, client_event_id: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if frame["type"] in ("ack", "error") and frame.get("clientEventId") == client_event_id:
            return frame


class Scorer:
    """A scorer connection that reads everything it is sent, as the app does."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.reader = asyncio.ensure_future(self._read())

    async def send(self, event: dict[str, Any]) -> dict[str, Any]:
        reply = asyncio.get_running_loop().create_future()
        self._waiting[event["clientEventId"]] = reply
        await self.ws.send(json.dumps(event))
        return await asyncio.wait_for(reply, 30)

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame["type"] in ("ack", "error"):
                waiting = self._waiting.pop(frame.get("clientEventId"), None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(frame)


async def score(scorer: Scorer, first: int, count: int, rate: float) -> list[float]:
    """Send ``count`` events at ``rate``, each after the last one's ack; ack times in ms."""
    latencies = []
    period = 1.0 / rate
    for n in range(first, first + count):
        started = time.perf_counter()
        reply = await scorer.send(clock_event(n))
        if reply["type"] != "ack":
            raise RuntimeError(f"event {n} refused: {reply}")
        elapsed = time.perf_counter() - started
        latencies.append(elapsed * 1000)
        await asyncio.sleep(max(0.0, period - elapsed))
    return latencies


async def drain(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        async for _ in ws:
            pass


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
        "max": round(ordered[-1], 1),
    }


def peak_kib(pid: int) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def http_seconds(port: int, path: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://{LOOPBACK}:{port}{path}", timeout=30) as reply:
        reply.read()
    return time.perf_counter() - started


async def build_big_match(data: Path, events: int) -> None:
    """Write a long match with a relay whose rate limit lets it through quickly."""
    relay = RelayProcess(
        data_dir=data, token=TOKEN, extra_args=["--rate", "100000", "--burst", "100000"]
    )
    relay.start()
    try:
        scorer = Scorer(await hello(relay.url, "scorer", BIG_MATCH))
        await scorer.send(json.loads(demo_setup("big-setup").model_dump_json()))
        for first in range(0, events - 1, 100):  # 100 in flight, read as they come
            batch = [clock_event(n) for n in range(first, min(first + 100, events - 1))]
            await asyncio.gather(*(scorer.send(event) for event in batch))
        await scorer.ws.close()
    finally:
        relay.stop()


async def run(args: argparse.Namespace) -> Outcome:
    outcome = Outcome("attack")
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as tmp:
        data = Path(tmp)
        await build_big_match(data, args.big_events)
        relay = RelayProcess(data_dir=data, token=TOKEN)
        relay.start()
        attacker: subprocess.Popen[bytes] | None = None
        try:
            scorer = Scorer(await hello(relay.url, "scorer", MATCH))
            setup = json.loads(demo_setup("setup").model_dump_json())
            if (await scorer.send(setup))["type"] != "ack":
                raise RuntimeError("the match could not be set up")
            viewers = [await hello(relay.url, "viewer", MATCH) for _ in range(3)]
            readers = [asyncio.ensure_future(drain(v)) for v in viewers]
            rss_before = rss_kib(relay.pid)
            cpu_before = cpu_seconds(relay.pid)
            baseline = await score(scorer, 0, args.events, args.rate)
            rss_baseline = rss_kib(relay.pid)
            cpu_baseline = cpu_seconds(relay.pid)
            peak_baseline = peak_kib(relay.pid)

            plan = {
                "port": relay.port,
                "idle_viewers": args.idle_viewers,
                "slowloris": args.slowloris,
                "flooders": args.flooders,
                "http_clients": args.http_clients,
                "only": [kind for kind in args.only.split(",") if kind],
                "seconds": args.events / args.rate + 10,
            }
            attacker = await asyncio.to_thread(
                subprocess.Popen,
                [sys.executable, "-m", "bench.scenarios.attack", "--attacker", json.dumps(plan)],
                stdout=subprocess.PIPE,
            )
            await asyncio.sleep(5)  # let the attack build up
            health_task = asyncio.ensure_future(poll_health(relay.port, plan["seconds"] - 5))
            attacked = await score(scorer, args.events, args.events, args.rate)
            rss_attacked = rss_kib(relay.pid)
            cpu_attacked = cpu_seconds(relay.pid)
            health = await health_task
            out, _ = await asyncio.to_thread(attacker.communicate, timeout=args.max_seconds)
            report = json.loads(out.decode().strip().splitlines()[-1])
            await asyncio.sleep(2)
            rss_after = rss_kib(relay.pid)
            listed = await asyncio.to_thread(http_json, relay.port, "/api/matches")
            still_up = all(not r.done() for r in [*readers, scorer.reader])
            await scorer.ws.close()
            for viewer in viewers:
                await viewer.close()
        finally:
            if attacker is not None and attacker.poll() is None:
                attacker.kill()
            peak = peak_kib(relay.pid) if relay.alive() else None
            alive = relay.alive()
            relay.stop()

    outcome.figures = {
        "scorer_ack_ms_baseline": summary(baseline),
        "scorer_ack_ms_under_attack": summary(attacked),
        "healthz_ms_under_attack": health,
        "relay_cpu_s": {
            "baseline": seconds_between(cpu_before, cpu_baseline),
            "under_attack": seconds_between(cpu_baseline, cpu_attacked),
        },
        "relay_rss_mib": {
            "start": mib(rss_before),
            "after_baseline": mib(rss_baseline),
            "under_attack": mib(rss_attacked),
            "after_attack": mib(rss_after),
            "peak_baseline": mib(peak_baseline),
            "peak": mib(peak),
        },
        "attackers": report,
    }
    closes = Counter({int(k): v for k, v in report["flood_closes"].items()})
    if not alive:
        outcome.problems.append("the relay died")
    if len(attacked) != args.events:
        outcome.problems.append("scorer events went unanswered under attack")
    if not still_up:
        outcome.problems.append("a viewer of the real match was disconnected")
    expected = {4403: "flood", 4400: "rogue", 1009: "big"}
    for code, kind in expected.items():
        if (not args.only or kind in args.only.split(",")) and closes[code] == 0:
            outcome.problems.append(f"no {kind} attacker was closed with {code}: {dict(closes)}")
    if any(m["matchId"] not in (MATCH, BIG_MATCH) for m in listed):
        outcome.problems.append("a ghost match reached the match list")
    return outcome


async def poll_health(port: int, seconds: float) -> dict[str, float]:
    times = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            times.append(await asyncio.to_thread(http_seconds, port, "/healthz") * 1000)
        except OSError:
            times.append(float("inf"))
        await asyncio.sleep(0.5)
    return summary(times) if times else {}


def seconds_between(start: float | None, end: float | None) -> float | None:
    return round(end - start, 1) if start is not None and end is not None else None


def mib(kib: int | None) -> float | None:
    return round(kib / 1024, 1) if kib is not None else None


# --- the attacker (its own process) ------------------------------------------------


def address(n: int) -> str:
    """A loopback source address standing in for another machine (127.0.0.2 and up)."""
    return f"127.0.{1 + n // 250}.{2 + n % 250}"


class Attack:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.port: int = plan["port"]
        self.url = f"ws://{LOOPBACK}:{self.port}/ws"
        self.plan = plan
        self.deadline: float = time.monotonic() + float(plan["seconds"])
        self.flood_closes: Counter[int] = Counter()
        self.refused: Counter[str] = Counter()
        self.http: Counter[str] = Counter()
        self.idle_open = 0
        self.guesses = 0
        self.slowloris_dropped = 0

    @property
    def over(self) -> bool:
        return time.monotonic() >= self.deadline

    async def flood(self, source: str, role: str, frame: str, rounds: int = 1000) -> None:
        """Connect, send ``frame`` until closed, again; count the relay's close codes."""
        for _ in range(rounds):
            if self.over:
                return
            try:
                ws = await hello(self.url, role, MATCH, source)
            except (OSError, InvalidHandshake, ConnectionClosed, RuntimeError, TimeoutError):
                self.refused[f"{role}-flooder"] += 1
                await asyncio.sleep(0.2)
                continue
            reader = asyncio.ensure_future(drain(ws))  # a client reads what it is sent
            try:
                for _ in range(500):
                    await ws.send(frame)
                await asyncio.wait_for(ws.wait_closed(), 10)
            except Exception:
                pass
            await reader
            code = ws.close_code
            self.flood_closes[code if code is not None else 0] += 1

    async def idle(self, count: int) -> list[ClientConnection]:
        held = []
        for n in range(count):
            match_id = MATCH if n % 4 else f"FINAL-Patna-v-Bengaluru-MOVED-see-evil-example-{n}"
            try:
                held.append(await hello(self.url, "viewer", match_id, address(20 + n // 150)))
            except (OSError, InvalidHandshake, ConnectionClosed, RuntimeError, TimeoutError):
                self.refused["idle-viewer"] += 1
        self.idle_open = len(held)
        return held

    async def slowloris(self, count: int) -> None:
        loop = asyncio.get_running_loop()
        sockets: list[socket.socket] = []
        try:
            while not self.over:
                while len(sockets) < count and not self.over:
                    # One address may hold only a few pending connections: spread them.
                    source = address(100 + len(sockets) // 16)
                    sock = socket.socket()
                    sock.setblocking(False)
                    try:
                        sock.bind((source, 0))
                        await loop.sock_connect(sock, (LOOPBACK, self.port))
                    except OSError:
                        sock.close()
                        break
                    sockets.append(sock)
                await asyncio.sleep(0.5)
                for sock in list(sockets):  # the relay drops the oldest: open new ones
                    try:
                        if sock.recv(1, socket.MSG_PEEK) == b"":
                            raise ConnectionResetError
                    except BlockingIOError:
                        continue
                    except OSError:
                        pass
                    sockets.remove(sock)
                    sock.close()
                    self.slowloris_dropped += 1
        finally:
            for sock in sockets:
                sock.close()

    async def guess_tokens(self, source: str) -> None:
        for n in range(100_000):
            if self.over:
                return
            try:
                ws = await connect(self.url, open_timeout=10, local_addr=(source, 0))
                await ws.send(
                    json.dumps(
                        {"type": "hello", "role": "scorer", "matchId": MATCH, "token": f"g{n}"}
                    )
                )
                reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
                self.guesses += 1
                if "Too many" in reply.get("message", ""):
                    self.refused["token-guess-refused-unread"] += 1
                await ws.close()
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError):
                self.refused["token-guess"] += 1

    async def hammer_http(self, source: str) -> None:
        paths = [
            "/api/matches",
            f"/api/matches/{BIG_MATCH}/events.csv",
            f"/api/matches/{BIG_MATCH}/events",
            f"/api/matches/{BIG_MATCH}",
        ]
        for n in range(100_000):
            if self.over:
                return
            path = paths[n % len(paths)]
            method = ("GET", "GET", "HEAD", "DELETE")[n % 4]
            requests = f"{method} {path} HTTP/1.1\r\nHost: a\r\n\r\n"
            if n % 5 == 0:  # two pipelined
                requests = requests * 2
            try:
                reader, writer = await asyncio.open_connection(
                    LOOPBACK, self.port, local_addr=(source, 0)
                )
                writer.write(requests.encode())
                await writer.drain()
                head = await asyncio.wait_for(reader.readline(), 30)
                status = head.split()[1].decode() if head.count(b" ") >= 2 else "none"
                self.http[status] += 1
                writer.close()
            except (OSError, TimeoutError, IndexError):
                self.http["error"] += 1

    async def run(self) -> dict[str, Any]:
        plan = self.plan
        only = set(plan["only"] or ATTACKS)
        held = await self.idle(plan["idle_viewers"] if "idle" in only else 0)
        tasks: dict[str, Callable[[], list[Coroutine[Any, Any, None]]]] = {
            "flood": lambda: [
                self.flood(address(n), "viewer", SLOW_FRAME) for n in range(plan["flooders"])
            ],
            "events": lambda: [
                self.flood(address(10), "viewer", demo_setup("v").model_dump_json())
            ],
            "big": lambda: [self.flood(address(11), "viewer", BIG_FRAME)],
            "rogue": lambda: [self.rogue_scorer(address(12))],
            "slowloris": lambda: [self.slowloris(plan["slowloris"])],
            "guess": lambda: [self.guess_tokens(address(13))],
            "http": lambda: [
                self.hammer_http(address(14 + n)) for n in range(plan["http_clients"])
            ],
            "idle": list,
        }
        await asyncio.gather(*(task for kind in sorted(only) for task in tasks[kind]()))
        for ws in held:
            await ws.close()
        return {
            "flood_closes": dict(self.flood_closes),
            "refused": dict(self.refused),
            "http_status": dict(self.http),
            "idle_viewers_held": self.idle_open,
            "token_guesses": self.guesses,
            "slowloris_dropped_by_relay": self.slowloris_dropped,
        }

    async def rogue_scorer(self, source: str) -> None:
        """A scorer with the token flooding slow frames: closed for invalid frames."""
        await self.flood(source, "scorer", SLOW_FRAME)


def main() -> None:
    args = parser().parse_args()
    if args.attacker:
        # The attackers stand in for other machines: on this one they should not take
        # the relay's share of the CPU, so they run at a lower priority.
        os.nice(10)
        report = asyncio.run(Attack(json.loads(args.attacker)).run())
        print(json.dumps(report), flush=True)
        return
    outcome = asyncio.run(run(args))
    outcome.exit()


if __name__ == "__main__":
    main()
