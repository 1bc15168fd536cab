"""Proof under load and faults: a latency proxy, a reference relay, a load generator and
the scenarios that drive the relay through them. Loopback only; every tool stops by itself."""
