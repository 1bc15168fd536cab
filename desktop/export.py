"""Exports: the play-by-play as CSV and the match scoresheet as PDF.

The CSV starts with a UTF-8 byte-order mark: Excel on Windows reads a file without one
in the local code page, and "–" or "·" in the commentary come out as mojibake. Each
row carries the half and match clock of its event, and what a later event did to it
(undone, corrected, overturned). The scoresheet names the match, the venue, the date,
when play started and ended, and the rules by their proper name.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.marks import marks, match_times, what_it_did
from desktop.presets import preset_name
from relay.csvcell import safe_row
from relay.rules.events import Clock
from relay.rules.state import MatchState, TeamState
from relay.wire import LoggedEvent

CSV_COLUMNS = (
    "seq",
    "time",
    "half",
    "clock",
    "type",
    "by",
    "home",
    "away",
    "text",
    "status",
)


def write_csv(log: list[LoggedEvent], path: Path) -> None:
    """One row per accepted event, with the score after it (blank when the relay sent none).

    ``time`` is UTC; ``half`` and ``clock`` (left in the half) are the match's own time.
    ``status`` says what a later event did to this one, or what this one did to another.
    Text cells that a spreadsheet would run as a formula are neutralised.
    """
    later = marks(log)
    times = match_times(log)
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for item in log:
            at = item.event.at
            stamp = (
                datetime.fromtimestamp(at / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S") if at else ""
            )
            home, away = (item.score.home, item.score.away) if item.score else ("", "")
            when = times.get(item.seq)
            status = later[item.seq].text if item.seq in later else what_it_did(item)
            writer.writerow(
                safe_row(
                    (
                        item.seq,
                        stamp,
                        when.half if when else "",
                        when.clock if when else "",
                        item.event.type,
                        item.event.by or "",
                        home,
                        away,
                        item.text,
                        status,
                    )
                )
            )


@dataclass(frozen=True)
class SheetInfo:
    """What the scoresheet says about the match besides the state."""

    match_id: str = ""
    venue: str = ""
    started_at: int | None = None  # relay time (ms) of the first clock start
    ended_at: int | None = None  # of the last event, once the match is finished
    # Events a later one undid, corrected or overturned: (seq, line, what happened).
    amended: tuple[tuple[int, str, str], ...] = ()


def sheet_info(log: list[LoggedEvent], state: MatchState, match_id: str, venue: str) -> SheetInfo:
    started = next(
        (
            e.event.at
            for e in log
            if isinstance(e.event, Clock) and e.event.action == "start" and e.event.at
        ),
        None,
    )
    ended = log[-1].event.at if log and state.phase == "finished" else None
    later = marks(log)
    amended = tuple((e.seq, e.text, later[e.seq].text) for e in log if e.seq in later)
    return SheetInfo(match_id, venue, started, ended, amended)


def _local(at: int | None, fmt: str) -> str:
    return datetime.fromtimestamp(at / 1000).astimezone().strftime(fmt) if at else ""


def scoresheet_html(state: MatchState, info: SheetInfo | None = None) -> str:
    def team_table(team: TeamState) -> str:
        rows = "".join(
            "<tr>"
            f"<td>{p.number}</td><td>{html.escape(p.name)}</td>"
            f"<td align=right>{p.stats.raid_points}</td>"
            f"<td align=right>{p.stats.tackle_points}</td>"
            f"<td align=right>{p.stats.raids}</td>"
            f"<td align=right>{p.stats.raids_successful}</td>"
            f"<td align=right>{p.stats.tackles_successful}</td>"
            f"<td>{_cards(p.stats.green_cards, p.stats.yellow_cards, p.stats.red_cards)}</td>"
            "</tr>"
            for p in team.players
        )
        pts = team.points
        return (
            f"<h3>{html.escape(team.name)} ({html.escape(team.short_name)}) — {team.score}</h3>"
            f"<p>Raid {pts.raid} · Tackle {pts.tackle} · All out {pts.all_out} · "
            f"Extra {pts.extra} · Technical {pts.technical} · "
            f"All outs inflicted {team.all_outs_inflicted}</p>"
            "<table border=1 cellspacing=0 cellpadding=3 width=100%>"
            "<tr><th>No.</th><th>Player</th><th>Raid pts</th><th>Tackle pts</th>"
            "<th>Raids</th><th>Successful</th><th>Tackles</th><th>Cards</th></tr>"
            f"{rows}</table>"
        )

    result = {"home": f"{state.home.name} win", "away": f"{state.away.name} win", "draw": "Draw"}
    verdict = result.get(state.winner or "", "In progress")
    info = info or SheetInfo()
    started, ended = info.started_at, info.ended_at
    end = _local(ended, "%H:%M") or ("—" if state.phase == "finished" else "in progress")
    where = " · ".join(
        f"{label}: {html.escape(value)}"
        for label, value in (
            ("Match", f"{state.home.name} v {state.away.name}"),
            ("Match id", info.match_id),
        )
        if value
    )
    where += f"<br>Venue: {html.escape(info.venue or '—')}"
    when = (
        f"Date: {_local(started, '%A %d %B %Y') or 'not started'} · "
        f"Start: {_local(started, '%H:%M') or '—'} · End: {html.escape(end)}"
    )
    rules = f"Rules: {html.escape(preset_name(state.rules))} · {html.escape(verdict)}"
    return (
        "<h1>Kabaddi Live — Scoresheet</h1>"
        f"<h2>{html.escape(state.home.name)} {state.home.score} – {state.away.score} "
        f"{html.escape(state.away.name)}</h2>"
        f"<p>{where}<br>{when}<br>{rules}</p>"
        + team_table(state.home)
        + team_table(state.away)
        + _amended(info.amended)
    )


def _amended(amended: tuple[tuple[int, str, str], ...]) -> str:
    """The events that no longer count as first recorded: the totals above leave them out."""
    if not amended:
        return ""
    rows = "".join(
        f"<tr><td>{seq}</td><td>{html.escape(line)}</td><td>{html.escape(what)}</td></tr>"
        for seq, line, what in amended
    )
    return (
        "<h3>Undone and corrected events</h3>"
        "<table border=1 cellspacing=0 cellpadding=3 width=100%>"
        "<tr><th>Event</th><th>As first recorded</th><th>What happened to it</th></tr>"
        f"{rows}</table>"
    )


def _cards(green: int, yellow: int, red: int) -> str:
    parts = [f"{n} {c}" for n, c in ((green, "green"), (yellow, "yellow"), (red, "red")) if n]
    return ", ".join(parts)


def write_pdf(state: MatchState, path: Path, info: SheetInfo | None = None) -> int:
    """The scoresheet as an A4 PDF; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(f"{state.home.name} v {state.away.name}")
    writer.setCreator("Kabaddi Live")
    document = QTextDocument()
    document.setHtml(scoresheet_html(state, info))
    document.print_(writer)  # lays the document out on the writer's pages
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(page.width(), page.height()))
    return document.pageCount()
