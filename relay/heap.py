"""The relay process's heap: what it holds from start is kept out of garbage collection.

CPython's cyclic collector walks every tracked object on a full collection, and a
relay's full collection comes while connections arrive (each one adds long-lived
objects). The modules, pydantic models, schemas and caches loaded at start (about
50,000 objects) live as long as the process, yet each full collection would walk
them again: a pause of its own on every event being broadcast at that moment.
Frozen once the relay has started, they are never walked again. Only for a process
that runs nothing but the relay (``python -m relay``): an embedding application
decides for its own heap.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Collect what start-up left behind, then move the rest out of the collector's
    reach; returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
