"""Scenario 4: fan-out. Many viewers at rising event rates, our relay beside two references.

The references: the minimal Python relay (``bench.reference_relay``: the scorer's frame
wrapped and broadcast as it came, no padding unless ``--reference-pad``) and the
original Go design (``bench.go_relay``, when built). Every client asks for protocol 2;
the references ignore that and send what they always send, so each relay is measured
with the frames it really sends. For each relay, each viewer count and each event
rate, a fresh relay process gets that many viewers (spread over several processes),
then one scorer sends technical points (valid in any turn) at the rate. Reported per
row: offered and delivered frames/s, send-to-viewer p50/p99, the relay's CPU (from
/proc/PID/stat, over the scoring window) and peak RSS, and memory per idle viewer
(RSS after the viewers connected minus RSS before, divided by viewers). A relay's
saturation point is the most frames/s it delivered in any row; ours is compared
with the reference's from the same invocation.

A fourth row, ``bare``, is the machine alone (:mod:`bench.bare_fanout`): the same number
of plain loopback TCP connections over the same number of load-generator processes, a
ready-made frame of our size written to each at the same rate from one thread per core,
with no relay, websocket library or JSON in the way: no relay is faster than that here.

A row is complete when every viewer got every event in order and nobody was
disconnected; past saturation our relay closes viewers it cannot feed with 4408 (its
send-queue bound) where the reference relay buffers without bound. The rate ramp for
a relay and viewer count stops at its first incomplete row. A row is saturated when
it delivered less than 90 % of what was offered. The exit code fails only when a
process failed; the product goals are printed with whether this run met them.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import bare_fanout, go_relay
from bench.loadgen import LoadSpec, run_load
from bench.procs import RelayProcess, cpu_seconds, rss_kib
from bench.scenarios.common import (
    Outcome,
    add_viewer_client_argument,
    histogram_quantile,
    metrics,
    relay_flags,
)
from bench.worker import raise_fd_limit
from relay import encoded
from relay.patch import diff
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Technical
from relay.rules.settings import SettingsOverrides
from relay.shape import wire_state
from relay.wire import EventFrame, encode

GOAL_VIEWERS, GOAL_RATE, GOAL_P99_MS = 1000, 50.0, 25.0
# The load generator's handshakes all come from 127.0.0.1, up to 8 x 100 at once: admit
# them (this scenario measures broadcasting, not the relay's defence against slow clients).
ADMIT_A_CROWD = ("--max-pending", "2000", "--max-pending-per-address", "2000")
GOAL_SATURATION_RATIO, GOAL_IDLE_KIB = 1.0, 20.0


@dataclass
class Row:
    relay: str
    viewers: int
    rate: float
    offered_fps: float
    delivered_fps: float
    p50_ms: float | None
    p99_ms: float | None
    cpu_percent: float | None
    peak_rss_mib: float | None
    idle_kib_per_viewer: float | None
    frame_bytes: int | None
    relay_p99_ms: float | None  # the relay's own: frame in -> handed to every connection
    overflow_closes: int | None  # closed with 4408 by the end of scoring (ours only)
    complete: bool
    closes: dict[int | None, int]
    failures: list[str]

    @property
    def saturated(self) -> bool:
        return not self.complete or self.delivered_fps < 0.9 * self.offered_fps

    def line(self) -> str:
        def f(value: float | None, fmt: str) -> str:
            return "-" if value is None else format(value, fmt)

        return (
            f"{self.relay:9} {self.viewers:6} {self.rate:6g} {self.offered_fps:9.0f} "
            f"{self.delivered_fps:9.0f} {f(self.p50_ms, '8.1f')} {f(self.p99_ms, '8.1f')} "
            f"{f(self.cpu_percent, '5.0f')} {f(self.peak_rss_mib, '7.1f')} "
            f"{f(self.idle_kib_per_viewer, '6.1f')} {f(self.frame_bytes, '6d')} "
            f"{f(self.relay_p99_ms, '7g')} "
            f"{'yes' if self.complete else 'NO':8} {'SAT' if self.saturated else '-':4} "
            f"{f(self.overflow_closes, '5d')} {_closes(self.closes)}"
        )


def _closes(closes: dict[int | None, int]) -> str:
    return ",".join(f"{code}x{n}" for code, n in closes.items()) or "-"


HEADER = (
    "relay     viewers  ev/s  offered/s delivered/s  p50 ms   p99 ms  CPU%  RSS MiB "
    "KiB/v  frame relay99 complete sat.  4408 closes seen by clients"
)


def viewer_procs(viewers: int, args: argparse.Namespace) -> int:
    return max(1, min(args.max_viewer_procs, viewers // 500))


async def bare_row(viewers: int, rate: float, args: argparse.Namespace) -> Row:
    frames = max(1, round(rate * args.duration))
    result = await asyncio.to_thread(
        bare_fanout.measure,
        viewers,
        viewer_procs(viewers, args),
        our_event_frame_bytes(args.protocol),
        frames,
        None,
        rate,
    )
    expected = viewers * frames
    return Row(
        relay="bare",
        viewers=viewers,
        rate=rate,
        offered_fps=expected / args.duration,
        delivered_fps=result.delivered / args.duration,
        p50_ms=result.percentile(0.5),
        p99_ms=result.percentile(0.99),
        cpu_percent=None,
        peak_rss_mib=None,
        idle_kib_per_viewer=None,
        frame_bytes=result.frame_bytes,
        relay_p99_ms=None,
        overflow_closes=None,
        complete=result.delivered == expected and result.not_sent == 0,
        closes={},
        failures=[],
    )


async def one_row(kind: str, viewers: int, rate: float, args: argparse.Namespace) -> Row:
    if kind == "bare":
        return await bare_row(viewers, rate, args)
    spec = LoadSpec(
        viewers=viewers,
        viewer_procs=viewer_procs(viewers, args),
        scorers=1,
        rate=rate,
        duration_s=args.duration,
        kind="technical",
        expect_acks=kind in ("ours", "go"),
        final_timeout_s=120,
        max_run_s=args.duration + 600,
        protocol=args.protocol,
        lean_viewers=args.viewer_client == "lean",
    )
    window: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        relay = RelayProcess(
            kind={"ours": "relay", "reference": "reference", "go": "go"}[kind],
            data_dir=Path(data),
            extra_args=relay_flags(viewers + 1, extra=ADMIT_A_CROWD)
            if kind == "ours"
            else ["--pad-bytes", str(reference_pad(args))]
            if kind == "reference"
            else [],
            executable=go_relay.binary(),
        )
        relay.start()
        time.sleep(0.3)  # noqa: ASYNC251 -- let the interpreter settle before the baseline
        rss_before = rss_kib(relay.pid)

        async def scoring_window() -> None:
            window["rss_idle"] = float(rss_kib(relay.pid) or 0)
            cpu0, t0 = cpu_seconds(relay.pid) or 0.0, time.monotonic()
            await asyncio.sleep(args.duration)
            cpu1, t1 = cpu_seconds(relay.pid) or 0.0, time.monotonic()
            window["cpu"] = 100 * (cpu1 - cpu0) / (t1 - t0)
            if kind == "ours":
                try:
                    seen = await asyncio.to_thread(metrics, relay.port, 30.0)
                except (OSError, TimeoutError):
                    return  # an overloaded relay may not answer /metrics in time
                window["overflow"] = seen.get("kabaddi_queue_overflow_closes_total", 0.0)
                bound = histogram_quantile(seen, "kabaddi_broadcast_latency_seconds", 0.99)
                if bound is not None:
                    window["relay_p99"] = bound * 1000

        try:
            report = await run_load(spec, relay.url, relay.token, lambda: relay.pid, scoring_window)
        finally:
            relay.stop()
    idle = None
    if rss_before and window.get("rss_idle"):
        idle = (window["rss_idle"] - rss_before) / viewers
    rss = report.relay_peak_rss_kib()
    return Row(
        relay=kind,
        viewers=viewers,
        rate=rate,
        offered_fps=rate * (viewers + 1),
        delivered_fps=report.frames_per_s(),
        p50_ms=report.percentile_ms(0.5),
        p99_ms=report.percentile_ms(0.99),
        cpu_percent=window.get("cpu"),
        peak_rss_mib=None if rss is None else rss / 1024,
        idle_kib_per_viewer=idle,
        frame_bytes=report.event_frame_bytes(),
        relay_p99_ms=window.get("relay_p99"),
        overflow_closes=None if "overflow" not in window else int(window["overflow"]),
        complete=not report.convergence_problems() and not report.closes(),
        closes=dict(report.closes()),
        failures=report.worker_failures,
    )


async def run(args: argparse.Namespace) -> Outcome:
    raise_fd_limit()
    outcome = Outcome("fanout")
    rows: list[Row] = []
    relays = list(args.relays)
    if "go" in relays and go_relay.binary() is None:
        relays.remove("go")
        outcome.figures["the Go reference"] = "not built (python -m bench.go_relay): left out"
    print(HEADER, flush=True)
    for viewers in args.viewers:
        for kind in relays:
            for rate in args.rates:
                row = await one_row(kind, viewers, rate, args)
                rows.append(row)
                print(row.line(), flush=True)
                outcome.problems += row.failures
                if not row.complete:
                    break  # viewers were cut off: higher rates only say the same louder
    outcome.tables.append("\n".join([HEADER, *(r.line() for r in rows)]))
    outcome.figures.update(goals(rows))
    return outcome


def goals(rows: list[Row]) -> dict[str, str]:
    found: dict[str, str] = {}
    target = [
        r for r in rows if r.relay == "ours" and (r.viewers, r.rate) == (GOAL_VIEWERS, GOAL_RATE)
    ]
    if target and target[0].p99_ms is not None:
        p99 = target[0].p99_ms
        met = "met" if p99 <= GOAL_P99_MS and target[0].complete else "NOT met"
        found[f"goal p99 at 1000 viewers x 50/s <= {GOAL_P99_MS:g} ms, none dropped"] = (
            f"{p99:.1f} ms, complete={target[0].complete}: {met}"
        )
        inside = target[0].relay_p99_ms
        if inside is not None:
            found["  the relay's own p99 there (bucket bound)"] = f"<= {inside:g} ms"
    for viewers in sorted({r.viewers for r in rows}):
        best = {
            kind: max(
                (r.delivered_fps for r in rows if r.relay == kind and r.viewers == viewers),
                default=0.0,
            )
            for kind in ("ours", "reference", "go")
        }
        ours = best["ours"]
        for kind in ("reference", "go"):
            ref = best[kind]
            if ours and ref:
                ratio = ours / ref
                met = "met" if ratio >= GOAL_SATURATION_RATIO else "NOT met"
                goal = " >= 1.0" if kind == "reference" else ""
                found[f"most delivered at {viewers} viewers, ours/{kind}{goal}"] = (
                    f"{ours:.0f} / {ref:.0f} frames/s = {ratio:.2f}" + (f": {met}" if goal else "")
                )
    idle = [
        r.idle_kib_per_viewer
        for r in rows
        if r.relay == "ours" and r.viewers >= 1000 and r.idle_kib_per_viewer
    ]
    if idle:
        worst = max(idle)
        met = "met" if worst <= GOAL_IDLE_KIB else "NOT met"
        found["memory per idle viewer <= 20 KiB"] = f"{worst:.1f} KiB: {met}"
    return found


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.scenarios.fanout",
        description="Viewers x event rates against our relay and the reference relay.",
    )
    p.add_argument("--viewers", type=int, nargs="+", default=[100, 1000, 5000])
    p.add_argument("--rates", type=float, nargs="+", default=[5, 20, 50, 100])
    p.add_argument(
        "--relays",
        nargs="+",
        choices=["bare", "reference", "go", "ours"],
        default=["bare", "reference", "go", "ours"],
    )
    p.add_argument(
        "--protocol", type=int, default=2, choices=[1, 2], help="what our relay's clients ask for"
    )
    p.add_argument("--duration", type=float, default=15.0, help="seconds of scoring per row")
    p.add_argument("--max-viewer-procs", type=int, default=8)
    add_viewer_client_argument(p)
    p.add_argument(
        "--reference-pad",
        type=int,
        default=None,
        help="bytes of padding in the Python reference relay's frames (default 0: its bare "
        "frames, what it really sends); -1: enough to weigh what our protocol-1 event "
        "frames weigh in this scenario",
    )
    return p  # fmt: skip


def our_event_frame_bytes(protocol: int = 1) -> int:
    """The size of our relay's ``event`` frame for this scenario's events (technical
    points in the demo match), computed with the relay's own engine and encoder."""
    setup = demo_setup(settings=SettingsOverrides(half_minutes=60, do_or_die_after_empty=0))
    state, _ = apply(None, setup, 0)
    before, _ = apply(state, Clock(client_event_id="clock", action="start"), 1)
    point = Technical(
        client_event_id=f"{time.monotonic_ns()}-t",
        team="home",
        points=1,
        reason="bench",
        at=2,
        by="Scorer 1",
    )
    state, text = apply(before, point, 2)
    if protocol == 2:
        patch = diff(wire_state(before), wire_state(state))
        return len(encoded.patch_event(state.last_seq, encoded.compact_event(point), text, patch))
    return len(encode(EventFrame(seq=state.last_seq, event=point, text=text, state=state)))


def reference_pad(args: argparse.Namespace) -> int:
    if args.reference_pad is None or args.reference_pad >= 0:
        return int(args.reference_pad or 0)
    # The reference wraps the scorer's frame (about 200 bytes) around the padding.
    return max(0, our_event_frame_bytes() - 200)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
