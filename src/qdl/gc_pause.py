"""The cyclic garbage collector paused while a network is counted.

Counting a network allocates about a million short-lived containers (the per-wire level
lists of the QLAM walks, program ops, tallies) while the memo tables of counted blocks grow
to hundreds of thousands of live objects. CPython's collector runs a full (generation-2)
collection each time enough survivors pile up, and each traverses every live object: for
vit_b16 @384² that was 10 full collections taking 0.68 s of a 2.2 s compile (measured with
``gc.callbacks``; benchmarks/network_scaling.py ``timing``). The counting code frees almost all
of its garbage by reference counting; the reference cycles it leaves (about 36,000 objects
for vit_b16, 4 MB of peak memory) are collected when the pause ends, at the next automatic
collection.

``with paused():`` disables the collector for the block and restores its previous state
(a caller who disabled it keeps it disabled); nested pauses are no-ops inside the outer one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with automatic garbage collection off (module docstring)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
