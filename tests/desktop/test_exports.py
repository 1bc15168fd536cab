"""Play-by-play CSV and scoresheet PDF, from a real match through the relay."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

from desktop_helpers import raid, start_clock, submit_demo, until
from pdf_text import page_texts
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.export import CSV_COLUMNS, scoresheet_html, sheet_info, write_csv, write_pdf
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.rules.events import Card
from relay.wire import LoggedEvent


async def play_some(window: MainWindow) -> None:
    client = window.controller.client
    client.submit(start_clock())
    client.submit(raid("h1", touched=("a1", "a2")))
    client.submit(raid("a3", "unsuccessful", touched=("h4",)))
    client.submit(Card(client_event_id="card-1", player_id="a5", color="green"))
    await until(lambda: client.ledger.last_seq == 5)


async def test_csv_has_every_accepted_event(window: MainWindow, tmp_path: Path) -> None:
    await play_some(window)
    path = tmp_path / "pbp.csv"
    write_csv(window.controller.client.ledger.log, path)
    with path.open(newline="", encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r["type"] for r in rows] == ["setup", "clock", "raid", "raid", "card"]
    assert {r["by"] for r in rows} == {"Asha"}
    assert (rows[2]["home"], rows[2]["away"]) == ("2", "0")
    assert (rows[3]["home"], rows[3]["away"]) == ("3", "0")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r["time"]) for r in rows)


async def test_scoresheet_pdf(window: MainWindow, tmp_path: Path) -> None:
    await play_some(window)
    state = window.controller.client.ledger.confirmed
    assert state is not None
    path = tmp_path / "sheet.pdf"
    pages = write_pdf(state, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == pages == 1
    title = re.search(rb"/Title \(\xfe\xff(.*?)\)\n", data, re.S)
    assert title is not None
    assert title.group(1).decode("utf-16-be") == "Patna Pirates v Bengaluru Bulls"
    pages_text = page_texts(data)
    assert len(pages_text) == 1
    text = re.sub(r"[ \t]+", " ", pages_text[0])
    assert "Kabaddi Live — Scoresheet" in text
    assert "Patna Pirates 3 – 0 Bengaluru Bulls" in text
    assert "All outs inflicted 0".replace("fl", "\ufb02") in text
    lines = text.splitlines()
    pardeep = lines.index("Pardeep")
    assert lines[pardeep - 1 : pardeep + 4] == ["1", "Pardeep", "2", "0", "1"]  # raid pts 2
    assert "1 green" in lines
    sheet = scoresheet_html(state)
    assert "Patna Pirates 3 – 0 Bengaluru Bulls" in sheet
    assert "<td>1</td><td>Pardeep</td><td align=right>2</td>" in sheet
    assert "1 green" in sheet


async def test_app_exports_without_blocking(tmp_path: Path, qtbot: QtBot) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    try:
        await app.host("Asha", 0)
        await until(lambda: app.setup_dialog is not None)
        submit_demo(app.setup_dialog)
        await until(lambda: app.client.ledger.last_seq == 1)
        app.controller.toggle_clock()
        app.controller.type_digit("5")
        assert app.controller.start_raid()
        await until(lambda: app.client.ledger.last_seq == 3)
        window = app.window
        assert window is not None
        shown = re.fullmatch(r"Raid: (\d+) s", window.band.raid_clock.text())
        assert shown is not None
        assert 0 <= int(shown.group(1)) <= 30
        await app.export("csv", tmp_path / "m.csv")
        await app.export("pdf", tmp_path / "m.pdf")
        with (tmp_path / "m.csv").open(encoding="utf-8-sig") as source:
            assert [r["type"] for r in csv.DictReader(source)] == ["setup", "clock", "raidStart"]
        assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
        assert window.notice.message.startswith("Exported")
    finally:
        await app.shutdown()


async def test_export_shortcut_asks_where_and_writes_the_file(tmp_path: Path, qtbot: QtBot) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    try:
        await app.host("Asha", 0)
        await until(lambda: app.setup_dialog is not None)
        submit_demo(app.setup_dialog)
        await until(lambda: app.client.ledger.last_seq == 1)
        window = app.window
        assert window is not None
        qtbot.keyClick(
            window,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        dialog = app.export_dialog
        assert dialog is not None
        assert dialog.isVisible()
        target = tmp_path / "pbp.csv"
        dialog.fileSelected.emit(str(target))
        dialog.close()
        await until(target.exists)
        await until(lambda: window.notice.message.startswith("Exported"))
        assert target.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)
    finally:
        await app.shutdown()


def test_csv_cells_cannot_run_formulas(tmp_path: Path) -> None:
    setup = demo_setup("s1").model_copy(
        update={"at": 1_700_000_000_000, "by": "=cmd|' /C calc'!A0"}
    )
    log = [
        LoggedEvent(seq=1, event=setup, text="@SUM(1+1)*cmd"),
        LoggedEvent(seq=2, event=setup.model_copy(update={"by": "\tTab"}), text="-2+3"),
        LoggedEvent(seq=3, event=setup.model_copy(update={"by": "Asha"}), text="PAT 1–0 BEN · ok"),
    ]
    path = tmp_path / "pbp.csv"
    write_csv(log, path)
    with path.open(newline="", encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    assert [(r["by"], r["text"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'@SUM(1+1)*cmd"),
        ("'\tTab", "'-2+3"),
        ("Asha", "PAT 1–0 BEN · ok"),
    ]
    assert [r["seq"] for r in rows] == ["1", "2", "3"]


async def test_undone_rows_are_marked_in_the_view_and_the_csv(
    window: MainWindow, tmp_path: Path
) -> None:
    client = window.controller.client
    client.submit(start_clock())
    client.submit(raid("h1", touched=("a1",)))
    await until(lambda: client.ledger.last_seq == 3)
    assert window.controller.undo()
    await until(lambda: client.ledger.last_seq == 4)
    rows = window.play_model.rows()
    assert [(r.seq, r.mark) for r in rows] == [(1, ""), (2, ""), (3, "undone"), (4, "")]
    model = window.play_model
    assert model.data(model.index(2, 4)) == "undone"
    assert model.data(model.index(1, 4)) == "✓"
    assert model.data(model.index(2, 2), Qt.ItemDataRole.FontRole).strikeOut()
    assert "undone by event 4" in model.data(model.index(2, 4), Qt.ItemDataRole.ToolTipRole)

    path = tmp_path / "pbp.csv"
    write_csv(client.ledger.log, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # so Excel on Windows reads it as UTF-8
    with path.open(newline="", encoding="utf-8-sig") as source:
        table = list(csv.DictReader(source))
    assert [(r["seq"], r["type"], r["status"]) for r in table] == [
        ("1", "setup", ""),
        ("2", "clock", ""),
        ("3", "raid", "undone by event 4"),
        ("4", "undo", "undoes event 3"),
    ]
    assert [r["half"] for r in table] == ["", "1", "1", "1"]
    state = client.ledger.confirmed
    assert state is not None
    sheet = tmp_path / "sheet.pdf"
    write_pdf(state, sheet, sheet_info(client.ledger.log, state, "m1", ""))
    text = re.sub(r"\s+", " ", " ".join(page_texts(sheet.read_bytes())))
    assert "Undone and corrected events" in text
    assert "3 Pardeep (PAT) raids: 1 touch point (Pawan) undone by event 4" in text
    assert table[0]["clock"] == ""
    assert all(re.fullmatch(r"(20|19):\d\d", r["clock"]) for r in table[1:])


def test_csv_half_and_clock_come_from_the_match_clock(tmp_path: Path) -> None:
    start = 1_700_000_000_000
    setup = demo_setup("s1").model_copy(update={"at": start})
    clock = start_clock().model_copy(update={"at": start + 1_000})
    tackle = raid("h7", "empty").model_copy(update={"at": start + 1_000 + 95_000})
    log = [
        LoggedEvent(seq=1, event=setup, text="Match set up"),
        LoggedEvent(seq=2, event=clock, text="First half started"),
        LoggedEvent(seq=3, event=tackle, text="Sajin (PAT): empty raid"),
    ]
    path = tmp_path / "pbp.csv"
    write_csv(log, path)
    with path.open(newline="", encoding="utf-8-sig") as source:
        table = list(csv.DictReader(source))
    assert [(r["half"], r["clock"]) for r in table] == [("", ""), ("1", "20:00"), ("1", "18:25")]


async def test_scoresheet_names_the_match_the_venue_the_times_and_the_rules(
    window: MainWindow, tmp_path: Path
) -> None:
    await play_some(window)
    ledger = window.controller.client.ledger
    state = ledger.confirmed
    assert state is not None
    info = sheet_info(ledger.log, state, "final-2026", "Patliputra Indoor Stadium")
    started = next(e.event.at for e in ledger.log if e.event.type == "clock")
    assert info.started_at == started
    assert info.ended_at is None  # still in progress
    path = tmp_path / "sheet.pdf"
    assert write_pdf(state, path, info) == 1
    text = re.sub(r"\s+", " ", page_texts(path.read_bytes())[0])
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")  # the PDF's ligatures
    local = datetime.fromtimestamp(started / 1000).astimezone()  # type: ignore[operator]
    assert "Match id: final-2026" in text
    assert "Venue: Patliputra Indoor Stadium" in text
    assert f"Date: {local.strftime('%A %d %B %Y')}" in text
    assert f"Start: {local.strftime('%H:%M')} · End: in progress" in text
    assert "Rules: Pro Kabaddi League" in text
    assert "pkl" not in text
