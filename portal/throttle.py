"""Rate limits that count clients without storing their addresses.

A client is known only by a keyed hash (HMAC) of its address. The key is random, lives
only in the cache and changes every day, so the counters cannot be turned back into
addresses, not even by someone who reads the cache or the database. With Redis as the
cache the counters are shared by every web process.
"""

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_KEY_LIFETIME = 2 * 24 * 3600


def client_address(request) -> str:
    """The client's address, taken from X-Forwarded-For only behind a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in settings.TRUSTED_PROXIES:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # The right-most address that is not one of our proxies is the one a trusted proxy
    # saw; anything left of it was written by the client and proves nothing.
    for candidate in reversed([part.strip() for part in forwarded.split(",")]):
        if candidate and candidate not in settings.TRUSTED_PROXIES:
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                break
    return remote


def _daily_key() -> bytes:
    name = f"throttle-key:{timezone.now().date().isoformat()}"
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_hex(32), _KEY_LIFETIME)
        key = cache.get(name)
    return key.encode()


def pseudonym(value: str) -> str:
    """A keyed hash of a value (an address, a username) that cannot be reversed."""
    return hmac.new(_daily_key(), value.encode(), hashlib.sha256).hexdigest()[:32]


class RateLimit:
    """At most `limit` hits per `period` seconds for each key, in fixed windows."""

    def __init__(self, scope: str, limit: int, period: int):
        self.scope, self.limit, self.period = scope, limit, period

    def _cache_key(self, value: str) -> str:
        window = int(time.time() // self.period)
        return f"throttle:{self.scope}:{pseudonym(value)}:{window}"

    def hit(self, value: str) -> bool:
        """Count one hit; True while the key is still within its limit."""
        key = self._cache_key(value)
        cache.add(key, 0, self.period + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # the counter expired between add and incr
            cache.add(key, 1, self.period + 60)
            count = 1
        return count <= self.limit

    def exceeded(self, value: str) -> bool:
        return (cache.get(self._cache_key(value)) or 0) >= self.limit

    def hit_request(self, request) -> bool:
        return self.hit(client_address(request))
