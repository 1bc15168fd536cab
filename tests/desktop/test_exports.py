"""Play-by-play CSV and scoresheet PDF, from a real match through the relay."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from desktop_helpers import raid, start_clock, until
from pdf_text import page_texts
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.export import CSV_COLUMNS, scoresheet_html, write_csv, write_pdf
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
    with path.open(newline="", encoding="utf-8") as source:
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
        app.setup_dialog.submit()  # type: ignore[union-attr]
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
        with (tmp_path / "m.csv").open(encoding="utf-8") as source:
            assert [r["type"] for r in csv.DictReader(source)] == ["setup", "clock", "raidStart"]
        assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
        assert window.notice.text().startswith("Exported")
    finally:
        await app.shutdown()


async def test_export_shortcut_asks_where_and_writes_the_file(tmp_path: Path, qtbot: QtBot) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    try:
        await app.host("Asha", 0)
        await until(lambda: app.setup_dialog is not None)
        app.setup_dialog.submit()  # type: ignore[union-attr]
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
        await until(lambda: window.notice.text().startswith("Exported"))
        assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)
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
    with path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert [(r["by"], r["text"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'@SUM(1+1)*cmd"),
        ("'\tTab", "'-2+3"),
        ("Asha", "PAT 1–0 BEN · ok"),
    ]
    assert [r["seq"] for r in rows] == ["1", "2", "3"]
