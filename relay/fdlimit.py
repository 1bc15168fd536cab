"""The open-file limit: raised as far as allowed at start, so the caps fit below it.

A service often starts with a soft limit of 1,024 descriptors, and a Mac with 256
(about 190 viewers). A relay that runs out of them stops accepting anything (and
asyncio logs every failed accept), so the relay raises the soft limit to the hard one
and keeps its connection budgets below what it got. macOS reports an unlimited hard
limit but refuses a soft limit above ``OPEN_MAX`` (10,240), so there the relay asks
for that.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

log = logging.getLogger(__name__)

MACOS_OPEN_MAX = 10240  # <sys/syslimits.h>: the most setrlimit accepts as a soft limit


class Limits(Protocol):
    """The ``resource`` module's part used here."""

    RLIMIT_NOFILE: int
    RLIM_INFINITY: int

    def getrlimit(self, kind: int, /) -> tuple[int, int]: ...

    def setrlimit(self, kind: int, limits: tuple[int, int], /) -> None: ...


# Descriptors kept for everything but connections: the database, its WAL, logs,
# the listening sockets, the viewer files being read.
RESERVED = 64


def raise_open_file_limit(platform: str = sys.platform, limits: Limits | None = None) -> int | None:
    """Raise the soft limit to the hard one; the soft limit now, or None if unlimited."""
    if platform == "win32":  # no such limit to raise
        return None
    if limits is None:
        import resource

        limits = resource
    kind = limits.RLIMIT_NOFILE
    soft, hard = limits.getrlimit(kind)
    targets = [hard]
    if platform == "darwin":
        cap = MACOS_OPEN_MAX if hard == limits.RLIM_INFINITY else min(hard, MACOS_OPEN_MAX)
        targets.insert(0, cap)
    problem: Exception | None = None
    for target in dict.fromkeys(targets):
        if target == soft:
            problem = None
            break
        if target != limits.RLIM_INFINITY and target < soft:
            continue
        try:
            limits.setrlimit(kind, (target, hard))
        except (ValueError, OSError) as exc:
            problem = exc
            continue
        soft, problem = target, None
        break
    if problem is not None:
        log.warning("could not raise the open-file limit from %d: %s", soft, problem)
    if soft == limits.RLIM_INFINITY:
        return None
    return soft


def connections_that_fit(limit: int | None) -> int | None:
    """How many connections fit in ``limit`` descriptors, keeping some for the rest."""
    if limit is None:
        return None
    return max(16, limit - RESERVED)
