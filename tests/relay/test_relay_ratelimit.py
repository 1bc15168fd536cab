"""The token bucket, on a clock the test moves."""

from __future__ import annotations

from relay.ratelimit import KeyedBuckets, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_sustained_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=20, burst=50, clock=clock)
    assert sum(bucket.take() for _ in range(60)) == 50
    clock.now += 0.5  # ten more tokens
    assert sum(bucket.take() for _ in range(60)) == 10
    clock.now += 100  # a long pause refills only up to the burst
    assert sum(bucket.take() for _ in range(100)) == 50


def test_a_bucket_per_key_the_oldest_forgotten() -> None:
    clock = FakeClock()
    buckets = KeyedBuckets(rate=1, burst=2, max_keys=2, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [True, True, False]
    assert buckets.take("b")
    assert buckets.take("c")  # "a" is forgotten: it starts again with a full bucket
    assert [buckets.take("a") for _ in range(3)] == [True, True, False]
    clock.now += 1
    assert buckets.take("a")
