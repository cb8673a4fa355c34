"""Building and rendering trees without the cyclic garbage collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built or rendered.

    PERF: a tree is many small container objects that all live on; the collector
    would rescan them (and every tree the caller already holds) again and again.
    Nothing built here forms reference cycles, so nothing is left for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
