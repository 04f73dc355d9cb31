"""A small fixed-window rate limiter on Django's cache (LocMem locally, Redis in production).

Each key counts hits in a window that opens with its first hit and lasts ``period_seconds``.
``cache.add`` creates the counter only when it is missing, and ``cache.incr`` is atomic on Redis,
so two processes counting the same key at once never lose a hit there. LocMem is per process:
enough for one process and for tests, not for several workers, which is why production uses Redis.
On ``DummyCache`` nothing is ever limited (PITFALLS.md 11).
"""

import hashlib

from django.core.cache import cache

KEY_PREFIX = "aixin:ratelimit:"


def _cache_key(key: str) -> str:
    # Hashed, so that any text (an IP address, an e-mail) makes a short key every cache accepts.
    return KEY_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()


def rate_limit_hit(*, key: str, limit: int, period_seconds: int) -> bool:
    """Count one hit on ``key``; return True when this hit goes over ``limit`` within the window.

    The first ``limit`` hits of a window return False; every further hit in that window returns
    True (and is counted too, so a client that keeps trying stays limited until the window ends).
    """
    if limit < 1 or period_seconds < 1:
        raise ValueError("A rate limit allows at least one hit in a period of at least one second.")
    cache_key = _cache_key(key)
    if cache.add(cache_key, 1, timeout=period_seconds):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # The window ended between add() and incr(): this hit opens the next one.
            cache.add(cache_key, 1, timeout=period_seconds)
            count = 1
    return count > limit


def rate_limit_reset(*, key: str) -> None:
    """Forget the hits counted on ``key``."""
    cache.delete(_cache_key(key))
