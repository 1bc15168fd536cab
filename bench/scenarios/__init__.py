"""The scenarios: each runs the relay in its own process under a load and a fault, prints a
short table and exits non-zero when its invariant breaks. ``python -m bench.scenarios.NAME``."""
