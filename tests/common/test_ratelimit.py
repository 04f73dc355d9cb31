"""The cache-based rate limiter: a window of N hits per key, keys apart, the window ending."""

import pytest
from django.core.cache import cache

from common.ratelimit import rate_limit_hit, rate_limit_reset


class RateLimitHitTests:
    def test_the_hits_within_the_limit_pass_and_the_next_is_over(self):
        results = [rate_limit_hit(key="ip:1", limit=3, period_seconds=60) for _ in range(5)]

        assert results == [False, False, False, True, True]

    def test_keys_are_counted_apart(self):
        for _ in range(2):
            rate_limit_hit(key="ip:1", limit=2, period_seconds=60)

        assert rate_limit_hit(key="ip:1", limit=2, period_seconds=60) is True
        assert rate_limit_hit(key="ip:2", limit=2, period_seconds=60) is False

    def test_a_new_window_opens_when_the_counter_has_expired(self):
        rate_limit_hit(key="ip:1", limit=1, period_seconds=60)
        assert rate_limit_hit(key="ip:1", limit=1, period_seconds=60) is True

        # The window's end, as the cache sees it: the counter is gone.
        cache.clear()

        assert rate_limit_hit(key="ip:1", limit=1, period_seconds=60) is False

    def test_a_counter_expiring_between_add_and_incr_opens_a_new_window(self, monkeypatch):
        rate_limit_hit(key="ip:1", limit=1, period_seconds=60)

        def expired(*args, **kwargs):
            cache.clear()
            raise ValueError("Key not found")

        monkeypatch.setattr(cache, "incr", expired)

        assert rate_limit_hit(key="ip:1", limit=1, period_seconds=60) is False

    def test_reset_forgets_the_hits(self):
        rate_limit_hit(key="ip:1", limit=1, period_seconds=60)
        rate_limit_reset(key="ip:1")

        assert rate_limit_hit(key="ip:1", limit=1, period_seconds=60) is False

    @pytest.mark.parametrize(("limit", "period"), [(0, 60), (1, 0)])
    def test_a_limit_that_allows_nothing_is_refused(self, limit, period):
        with pytest.raises(ValueError, match="at least one"):
            rate_limit_hit(key="ip:1", limit=limit, period_seconds=period)
