"""Fixed-window rate limits in the shared cache (every process and node counts together),
keyed by whatever the caller names, usually the client's address (core.client)."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit of `key` in the current window of `window` seconds; False once more than
    `limit` hits fell in it."""
    slot = int(time.time() // window)
    name = f"ratelimit:{scope}:{key}:{slot}"
    if cache.add(name, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: a new window
        cache.add(name, 1, timeout=window + 1)
        return True
    return count <= limit


def retry_after(window: int) -> int:
    """Seconds until the current window ends."""
    return window - int(time.time()) % window
