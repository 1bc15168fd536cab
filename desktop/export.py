"""Exports: the play-by-play as CSV and the match scoresheet as PDF."""

from __future__ import annotations

import csv
import html
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from relay.csvcell import safe_row
from relay.rules.state import MatchState, TeamState
from relay.wire import LoggedEvent

CSV_COLUMNS = ("seq", "time", "type", "by", "home", "away", "text")


def write_csv(log: list[LoggedEvent], path: Path) -> None:
    """One row per accepted event, with the score after it (blank when the relay sent none).

    Text cells that a spreadsheet would run as a formula are neutralised.
    """
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for item in log:
            at = item.event.at
            stamp = (
                datetime.fromtimestamp(at / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S") if at else ""
            )
            home, away = (item.score.home, item.score.away) if item.score else ("", "")
            writer.writerow(
                safe_row(
                    (item.seq, stamp, item.event.type, item.event.by or "", home, away, item.text)
                )
            )


def scoresheet_html(state: MatchState) -> str:
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
    return (
        "<h1>Kabaddi Live — Scoresheet</h1>"
        f"<h2>{html.escape(state.home.name)} {state.home.score} – {state.away.score} "
        f"{html.escape(state.away.name)}</h2>"
        f"<p>Rules: {state.rules} · {verdict}</p>" + team_table(state.home) + team_table(state.away)
    )


def _cards(green: int, yellow: int, red: int) -> str:
    parts = [f"{n} {c}" for n, c in ((green, "green"), (yellow, "yellow"), (red, "red")) if n]
    return ", ".join(parts)


def write_pdf(state: MatchState, path: Path) -> int:
    """The scoresheet as an A4 PDF; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(f"{state.home.name} v {state.away.name}")
    writer.setCreator("Kabaddi Live")
    document = QTextDocument()
    document.setHtml(scoresheet_html(state))
    document.print_(writer)  # lays the document out on the writer's pages
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(page.width(), page.height()))
    return document.pageCount()
