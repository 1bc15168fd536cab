"""A relay that speaks only protocol 1, run as a process: ``python protocol1_relay.py MODE ARGS``.

The real relay (``relay.__main__``: its sessions, rooms and store) with its hello
handling set back to what relays before protocol 2 did, in one of two ways:

- ``old``: the hello has no ``protocol`` field, so a hello that names one is refused
  as an unknown field (``invalid_field``, "field 'protocol': Extra inputs are not
  permitted"), as the models then refused every unknown field;
- ``v1``: the relay speaks only version 1 and says so (``invalid_field``, "protocol 2
  is unknown: this relay speaks protocols 1").

ARGS are ``python -m relay``'s.
"""

from __future__ import annotations

import sys

from relay import session, wire
from relay.wire import Frame, Hello, WireError


def refuse_the_protocol_field(message: str | bytes) -> Frame:
    frame = wire.decode(message)
    if isinstance(frame, Hello) and frame.protocol is not None:
        raise WireError("invalid_field", "field 'protocol': Extra inputs are not permitted")
    return frame


def main() -> int:
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "old":
        session.decode = refuse_the_protocol_field  # type: ignore[assignment]
    elif mode == "v1":
        wire.PROTOCOL_VERSIONS = (1,)
    else:
        raise SystemExit(f"unknown mode {mode!r}: old or v1")
    from relay.__main__ import main as relay_main

    return relay_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
