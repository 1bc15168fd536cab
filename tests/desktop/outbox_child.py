"""Child process for the crash test: queue events with the app's client, then wait to be killed.

Usage: python outbox_child.py OUTBOX_PATH RELAY_URL MATCH_ID TOKEN EVENTS_JSON
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from pydantic import TypeAdapter

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from relay.rules.events import Event


async def main(outbox_path: str, url: str, match_id: str, token: str, events: str) -> None:
    outbox = Outbox(Path(outbox_path))
    client = ScorerClient(outbox, client_id="child")
    client.join(JoinTarget(url, match_id, token, "Child"))
    for event in TypeAdapter(list[Event]).validate_json(events):
        client.submit(event)
    print(f"QUEUED {client.queued()}", flush=True)
    await asyncio.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
