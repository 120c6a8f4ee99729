"""Rate limits that count clients without storing their addresses.

A client is known only by a keyed hash (HMAC) of its address. The key is random, lives
only in the cache and changes every day, so the counters cannot be turned back into
addresses, not even by someone who reads the cache or the database. With Redis as the
cache the counters are shared by every web process.
"""

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.connection import ConnectionProxy

logger = logging.getLogger(__name__)
_KEY_LIFETIME = 2 * 24 * 3600


def client_address(request) -> str:
    """The client as the rate limits count it: its IPv4 address, or its IPv6
    network of RATE_LIMIT_IPV6_PREFIX bits; taken from X-Forwarded-For only behind a
    trusted proxy."""
    return address_group(_address(request))


def address_group(address: str) -> str:
    """An IPv4 address as it is (an IPv6 form of one included), an IPv6 address as
    its network of RATE_LIMIT_IPV6_PREFIX bits: a client holds a whole /64 and could
    change its address at every request."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv4Address):
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    prefix = min(settings.RATE_LIMIT_IPV6_PREFIX, 128)
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def _address(request) -> str:
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


# This process's copy of today's key, read again from the cache every minute so that
# all processes agree on it soon after the cache restarts.
_KEY_REFRESH_SECONDS = 60
_memo: dict[str, tuple[bytes, float]] = {}


def _daily_key() -> bytes:
    day = timezone.now().date().isoformat()
    key, read_at = _memo.get(day, (b"", 0.0))
    if time.monotonic() - read_at > _KEY_REFRESH_SECONDS:
        name = f"throttle-key:{day}"
        cache.add(name, secrets.token_hex(32), _KEY_LIFETIME)
        stored = cache.get(name)
        key = stored.encode() if stored else secrets.token_bytes(32)
        _memo.clear()
        _memo[day] = (key, time.monotonic())
    return key


def pseudonym(value: str) -> str:
    """A keyed hash of a value (an address, a username) that cannot be reversed."""
    return hmac.new(_daily_key(), value.encode(), hashlib.sha256).hexdigest()[:32]


def count(key: str, ttl: int | None, start: int = 0) -> int:
    """Add one to a counter in the cache, which expires `ttl` seconds after its first
    hit (never, for None) and starts from `start`, and return its new value."""
    backend = caches["default"] if isinstance(cache, ConnectionProxy) else cache
    if isinstance(backend, RedisCache):
        # One round trip instead of three through the generic cache API. Django
        # stores integers as plain Redis integers, so cache.get() reads them back.
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)
        pipeline = client.pipeline()
        pipeline.set(full_key, start, ex=ttl, nx=True)  # ex=None: no expiry
        pipeline.incr(full_key)
        return pipeline.execute()[1]
    cache.add(key, start, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, start + 1, ttl)
        return start + 1


class RateLimit:
    """At most `limit` hits per `period` seconds for each key, in fixed windows.

    Without a working cache nothing is counted and everything is allowed: a resident's
    filing matters more than the limit.
    """

    def __init__(self, scope: str, limit: int, period: int):
        self.scope, self.limit, self.period = scope, limit, period

    def _cache_key(self, value: str) -> str:
        window = int(time.time() // self.period)
        return f"throttle:{self.scope}:{pseudonym(value)}:{window}"

    def hit(self, value: str) -> bool:
        """Count one hit; True while the key is still within its limit."""
        try:
            return count(self._cache_key(value), self.period + 60) <= self.limit
        except Exception as error:  # the cache server is down
            logger.warning("Rate limit %s not counted: %s", self.scope, _name(error))
            return True

    def undo(self, value: str) -> None:
        """Take back a hit that turned out not to count (a form with errors)."""
        try:
            cache.decr(self._cache_key(value))
        except ValueError:  # the window has moved on; nothing to take back
            pass
        except Exception as error:  # the cache server is down
            logger.warning("Rate limit %s not undone: %s", self.scope, _name(error))

    def hits(self, value: str) -> int:
        """The hits counted for the key in the current window."""
        try:
            return cache.get(self._cache_key(value)) or 0
        except Exception as error:  # the cache server is down
            logger.warning("Rate limit %s not read: %s", self.scope, _name(error))
            return 0

    def exceeded(self, value: str) -> bool:
        try:
            return (cache.get(self._cache_key(value)) or 0) >= self.limit
        except Exception as error:  # the cache server is down
            logger.warning("Rate limit %s not read: %s", self.scope, _name(error))
            return False


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The page for a client over a rate limit, saying when to try again."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _name(error: Exception) -> str:
    return type(error).__name__
