"""The event store: grouped commits, durability across reopen, reads after queued writes."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from pathlib import Path

import pytest

from relay.store import Store, StoreClosed, StoredEvent, StoreUnavailable


def record(seq: int, client_event_id: str | None = None) -> StoredEvent:
    return StoredEvent(
        seq, client_event_id or f"c{seq}", 1000 + seq, f'{{"n":{seq}}}', f"line {seq}"
    )


async def test_a_burst_is_committed_in_one_transaction(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    # Another connection holds the write lock: the writer takes the first record and
    # waits on the lock, and the burst queues behind it meanwhile.
    with sqlite3.connect(store.path, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        first = store.append("m1", "ep", record(1), "{}")
        async with asyncio.timeout(10):
            while store.health().queued:  # noqa: ASYNC110 - a queue in another thread
                await asyncio.sleep(0.001)
        burst = [store.append("m1", "ep", record(seq), "{}") for seq in range(2, 202)]
        assert store.health().queued == 200
        other.execute("COMMIT")
    await asyncio.gather(first, *burst)
    assert store.commits == 2  # the first record alone, then the whole burst at once
    assert [e.seq for e in await store.events("m1")] == list(range(1, 202))
    await store.close()


async def test_commits_complete_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    done: list[int] = []
    futures = []
    for seq in range(1, 51):
        future = store.append("m1", "ep", record(seq), "{}")
        future.add_done_callback(functools.partial(lambda seq, _: done.append(seq), seq))
        futures.append(future)
    await asyncio.gather(*futures)
    assert done == list(range(1, 51))
    await store.close()


async def test_reopened_store_has_everything_committed(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    await store.open()
    await asyncio.gather(
        store.append("m1", "epoch-1", record(1), '{"phase":"scheduled"}'),
        store.append("m1", "epoch-1", record(2), '{"phase":"firstHalf"}'),
        store.append("m2", "epoch-2", record(1), "{}"),
    )
    await store.close()

    again = Store(path)
    await again.open()
    loaded = await again.load("m1")
    assert loaded is not None
    match, events = loaded
    assert (match.epoch, match.last_seq, match.summary) == ("epoch-1", 2, '{"phase":"firstHalf"}')
    assert events == [record(1), record(2)]
    assert [m.match_id for m in await again.matches()] == ["m1", "m2"]
    assert await again.load("nope") is None
    await again.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_close_commits_what_is_queued_then_refuses(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    pending = [store.append("m1", "ep", record(seq), "{}") for seq in range(1, 21)]
    await store.close()
    await asyncio.gather(*pending)
    with pytest.raises(StoreClosed):
        await store.append("m1", "ep", record(21), "{}")
    with pytest.raises(StoreClosed):
        await store.events("m1")

    again = Store(store.path)
    await again.open()
    assert await again.events("m1") == [record(seq) for seq in range(1, 21)]
    await again.close()


async def test_a_failed_commit_fails_its_futures_and_the_store_goes_on(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    await store.append("m1", "ep", record(1), "{}")
    # The same seq twice breaks the primary key: that batch fails, nothing half-written.
    with pytest.raises(sqlite3.IntegrityError):
        await store.append("m1", "ep", record(1, "other"), "{}")
    # The match's later writes are refused until it is loaded again: no gaps in its log.
    with pytest.raises(StoreClosed):
        await store.append("m1", "ep", record(2), "{}")
    await store.append("m2", "ep", record(1), "{}")  # other matches go on
    loaded = await store.load("m1")
    assert loaded is not None
    assert loaded[0].last_seq == 1
    await store.append("m1", "ep", record(2), "{}")
    assert [e.client_event_id for e in await store.events("m1")] == ["c1", "c2"]
    await store.close()


async def wait_healthy(store: Store) -> None:
    async with asyncio.timeout(10):
        while not store.health().ok:  # noqa: ASYNC110 - set by the writer thread
            await asyncio.sleep(0.01)


async def test_a_database_moved_away_fails_every_waiting_write_until_it_is_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path, retry_seconds=0.01)
    await store.open()
    await store.append("m1", "ep", record(1), "{}")
    assert store.health().ok
    # SQLite would write on into the file wherever it went; nothing written there would
    # be found at the path on the next start, so nothing may be acked.
    path.rename(tmp_path / "moved.sqlite3")
    waiting = [
        store.append("m1", "ep", record(2), "{}"),
        store.append("m2", "ep", record(1), "{}"),
        store.append("m1", "ep", record(3), "{}"),
    ]
    for write in waiting:
        with pytest.raises(StoreUnavailable, match=r"db\.sqlite3 was deleted or replaced"):
            await write
    health = store.health()
    assert not health.ok
    assert health.problem is not None
    assert health.problem.startswith(f"the database {path} was deleted or replaced")
    assert health.failing_since is not None
    assert (health.commits, health.failed_commits) == (1, 1)
    with pytest.raises(StoreUnavailable):
        await store.append("m3", "ep", record(1), "{}")
    assert store.health().failed_commits == 1
    assert [e.seq for e in await store.events("m1")] == [1]  # reads go on meanwhile

    (tmp_path / "moved.sqlite3").rename(path)
    await wait_healthy(store)
    assert store.health().failing_since is None
    # The refused matches' later writes wait for the match to be loaded again.
    with pytest.raises(StoreClosed):
        await store.append("m2", "ep", record(1), "{}")
    for match_id in ("m1", "m2", "m3"):
        await store.load(match_id)
    await store.append("m1", "ep", record(2), "{}")
    await store.append("m2", "ep", record(1), "{}")
    await store.close()

    again = Store(path)
    await again.open()
    assert await again.events("m1") == [record(1), record(2)]
    assert await again.events("m2") == [record(1)]
    assert await again.events("m3") == []
    await again.close()


async def test_a_write_stuck_on_the_disk_is_reported_while_it_waits(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3", stall_seconds=0.2)
    await store.open()
    # Another connection holds the write lock: to the writer, the disk does not answer.
    with sqlite3.connect(store.path, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        stuck = store.append("m1", "ep", record(1), "{}")
        async with asyncio.timeout(10):
            while store.health().ok:  # noqa: ASYNC110 - set by the writer thread
                await asyncio.sleep(0.01)
        health = store.health()
        assert health.problem is not None
        assert health.problem.startswith("a write has waited ")
        assert health.problem.endswith(f"s for the disk holding {tmp_path}; check that disk")
        assert health.busy_seconds > 0.2
        assert not stuck.done()
        other.execute("COMMIT")
    await stuck
    health = store.health()
    assert (health.ok, health.busy_seconds, health.commits) == (True, 0.0, 1)
    await store.close()
