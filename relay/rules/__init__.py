"""The kabaddi rules engine: pure functions from (state, event, time) to a new state.

No I/O, no clock reads, no asyncio, no Qt: time is passed in.
"""
