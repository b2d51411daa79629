"""The one way the linear-time tests time a call: the best of a few runs.

The best run, not the mean, because a shared machine only ever adds time: the fastest run is the
closest to the work's own cost, and growth ratios built from it do not flicker with the load.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def fastest(fn: Callable[[], object], times: int) -> float:
    """Seconds of the fastest of ``times`` calls of ``fn``."""
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
