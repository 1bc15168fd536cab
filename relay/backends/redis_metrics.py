"""What /metrics adds for a node on Redis: how its appends went."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from relay.backends.redis_log import RedisLog

OUTCOMES = ("appended", "duplicate", "conflict", "epoch", "quota")


class RedisCollector(Collector):
    def __init__(self, redis_log: RedisLog) -> None:
        self._log = redis_log

    def collect(self) -> Iterable[Metric]:
        appends = CounterMetricFamily(
            "kabaddi_redis_appends",
            "Calls of kabaddi_append, by outcome: appended, duplicate (answered with the"
            " original seq), conflict (another node appended first), epoch (Redis was emptied),"
            " quota (a new match refused: the day's setups are used up).",
            labels=["outcome"],
        )
        for outcome in OUTCOMES:
            appends.add_metric([outcome], self._log.outcomes[outcome])
        yield appends
