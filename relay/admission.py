"""Who may connect: budgets for connections not yet identified, viewers and scorers.

Every TCP connection is counted from the moment it is accepted. Until its ``hello``
it is *pending* (HTTP requests included): pending connections have a budget of their
own. When it is full, the oldest connection that has not sent its request yet is
dropped for the newcomer, so connections that never send one (slowloris) cannot keep
anyone out for long; when every pending connection has sent its request, they are a
crowd in the middle of its handshakes, and the newcomer is refused (503, try again)
rather than one of them cut off half-way. One address may hold only a few of them.
After the hello a connection is a viewer or a scorer. Viewers may fill
``max_connections`` except the last ``scorer_reserve`` places, which only scorers can
take: a crowd of idle viewers never locks the scorers out.

The caller owns the connections; this module only counts them and says who is
refused and why (``Refusal``), so it can be tested without a socket.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from relay.config import RelayConfig
from relay.lograte import RateLimitedLog

log = logging.getLogger(__name__)

Drop = Callable[[], None]


@dataclass(frozen=True)
class Refusal:
    reason: str


FULL = Refusal("too many connections")
ADDRESS_FULL = Refusal("too many connections from this address")
SHUTTING_DOWN = Refusal("relay shutting down")
PENALISED = Refusal("this address misbehaved; try again later")


@dataclass
class _Entry:
    address: str
    role: str  # "pending", "viewer" or "scorer"
    drop: Drop


class Admission:
    def __init__(
        self,
        config: RelayConfig,
        on_refused: Callable[[], None] = lambda: None,
        penalised: Callable[[str], bool] = lambda address: False,
    ) -> None:
        if not 0 <= config.scorer_reserve < config.max_connections:
            raise ValueError(
                f"scorer_reserve ({config.scorer_reserve}) must be at least 0 and less than "
                f"max_connections ({config.max_connections})"
            )
        self.max_connections = config.max_connections
        self._reserve = config.scorer_reserve
        self._per_address = config.max_connections_per_address
        self._max_pending = config.max_pending
        self._pending_per_address = config.max_pending_per_address
        self._on_refused = on_refused
        self._penalised = penalised
        self._entries: dict[int, _Entry] = {}
        self._pending: OrderedDict[int, None] = OrderedDict()  # oldest first
        self._silent: OrderedDict[int, None] = OrderedDict()  # of those, no request yet
        self._by_address: Counter[tuple[str, str]] = Counter()  # (address, role)
        self._roles: Counter[str] = Counter()
        self._log = RateLimitedLog(log, interval=60.0)
        self.closing = False

    # --- counts ---------------------------------------------------------------------

    def count(self, role: str) -> int:
        return self._roles[role]

    @property
    def total(self) -> int:
        return len(self._entries)

    @property
    def sockets_needed(self) -> int:
        """File descriptors the budgets allow at most (connections of every kind)."""
        return self.max_connections + self._max_pending

    @property
    def max_pending(self) -> int:
        return self._max_pending

    def limit_to(self, sockets: int) -> None:
        """Shrink the budgets so that they fit in ``sockets`` descriptors."""
        if self.sockets_needed <= sockets:
            return
        # Admitted connections come first: the pending budget gets what they leave, down
        # to a small share of its own.
        floor = max(8, min(self._max_pending, sockets // 32))
        pending = max(floor, min(self._max_pending, sockets - self.max_connections))
        connections = max(self._reserve + 1, sockets - pending)
        log.warning(
            "only %d connections fit in the open-file limit: max_connections %d -> %d, "
            "max_pending %d -> %d",
            sockets,
            self.max_connections,
            connections,
            self._max_pending,
            pending,
        )
        self.max_connections, self._max_pending = connections, pending

    # --- the steps of a connection --------------------------------------------------

    def accepted(self, key: int, address: str, drop: Drop) -> Refusal | None:
        """A TCP connection was accepted; None to go on, or why it is refused."""
        if self.closing:
            return self._refuse(SHUTTING_DOWN, address)
        if self._penalised(address):
            return self._refuse(PENALISED, address)
        if self._by_address[(address, "pending")] >= self._pending_per_address:
            return self._refuse(ADDRESS_FULL, address)
        while len(self._pending) >= self._max_pending:
            if not self._silent:
                return self._refuse(FULL, address)
            oldest, _ = self._silent.popitem(last=False)
            entry = self._entries.get(oldest)
            self._log.log(
                logging.WARNING,
                "pending",
                "pending connections full: dropping the oldest that sent no request",
            )
            if entry is not None:
                self._remove(oldest)
                entry.drop()
        self._entries[key] = _Entry(address, "pending", drop)
        self._pending[key] = None
        self._silent[key] = None
        self._add(address, "pending")
        return None

    def requested(self, key: int) -> None:
        """The connection sent its whole HTTP request: it is no longer the first to go."""
        self._silent.pop(key, None)

    def upgrading(self, key: int) -> Refusal | None:
        """The connection asks for a websocket: refuse early when nobody could get in."""
        entry = self._entries.get(key)
        if self.closing:
            return SHUTTING_DOWN
        if self._roles["viewer"] + self._roles["scorer"] >= self.max_connections:
            return self._refuse(FULL, entry.address if entry else "?")
        return None

    def identify(self, key: int, role: str) -> Refusal | None:
        """The connection said hello as ``role``: admit it, or say why not."""
        entry = self._entries.get(key)
        if entry is None or entry.role != "pending":
            return FULL  # dropped meanwhile
        admitted = self._roles["viewer"] + self._roles["scorer"]
        if role == "scorer":
            if admitted >= self.max_connections:
                return self._refuse(FULL, entry.address)
        else:
            if admitted >= self.max_connections - self._reserve:
                return self._refuse(FULL, entry.address)
            if self._by_address[(entry.address, "viewer")] >= self._per_address:
                return self._refuse(ADDRESS_FULL, entry.address)
        self._pending.pop(key, None)
        self._silent.pop(key, None)
        self._sub(entry.address, "pending")
        entry.role = role
        self._add(entry.address, role)
        return None

    def closed(self, key: int) -> None:
        """The TCP connection is gone (whatever state it was in)."""
        self._remove(key)

    # --- bookkeeping ----------------------------------------------------------------

    def _remove(self, key: int) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        self._pending.pop(key, None)
        self._silent.pop(key, None)
        self._sub(entry.address, entry.role)

    def _add(self, address: str, role: str) -> None:
        self._by_address[(address, role)] += 1
        self._roles[role] += 1

    def _sub(self, address: str, role: str) -> None:
        self._by_address[(address, role)] -= 1
        if self._by_address[(address, role)] <= 0:
            del self._by_address[(address, role)]
        self._roles[role] -= 1

    def _refuse(self, refusal: Refusal, address: str) -> Refusal:
        self._on_refused()
        self._log.log(
            logging.WARNING,
            refusal.reason,
            "refusing connections: %s (from %s)",
            refusal.reason,
            address,
        )
        return refusal
