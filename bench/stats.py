"""Small helpers shared by the benchmarks: percentiles and timing."""

import statistics
import time
from collections.abc import Callable


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary_ms(samples: list[float]) -> dict:
    """p50, p95 and max in milliseconds, and the sample count."""
    return {
        "n": len(samples),
        "p50": statistics.median(samples) * 1e3,
        "p95": percentile(samples, 0.95) * 1e3,
        "max": max(samples) * 1e3,
    }


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
