"""The open-file limit: raised as far as allowed at start, so the caps fit below it.

A service often starts with a soft limit of 1,024 descriptors. A relay that runs
out of them stops accepting anything (and asyncio logs every failed accept), so
the relay raises the soft limit to the hard one and keeps its connection budgets
below what it got.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

# Descriptors kept for everything but connections: the database, its WAL, logs,
# the listening sockets, the viewer files being read.
RESERVED = 64


def raise_open_file_limit() -> int | None:
    """Raise the soft limit to the hard one; the soft limit now, or None if unlimited."""
    if sys.platform == "win32":  # no such limit to raise
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-file limit from %d to %d: %s", soft, hard, exc)
    if soft == resource.RLIM_INFINITY:
        return None
    return soft


def connections_that_fit(limit: int | None) -> int | None:
    """How many connections fit in ``limit`` descriptors, keeping some for the rest."""
    if limit is None:
        return None
    return max(16, limit - RESERVED)
