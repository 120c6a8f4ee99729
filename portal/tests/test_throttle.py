"""Rate limits count keyed hashes of addresses, shared by every web process."""

import uuid
from typing import Any

import pytest
from django.test import RequestFactory

from portal.throttle import RateLimit, client_address, pseudonym


def request_from(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(request_from("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


def test_forwarded_for_is_read_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.5")

    # The client may have written 1.2.3.4 itself; the proxy saw 203.0.113.5.
    assert client_address(request) == "203.0.113.5"


def test_a_forged_forwarded_for_cannot_be_garbage(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"


@pytest.mark.parametrize(
    "address, counted",
    [
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("2001:DB8:AA:BB::FFFF", "2001:db8:aa:bb::/64"),
        ("::ffff:198.51.100.9", "198.51.100.9"),
        ("198.51.100.9", "198.51.100.9"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_network(settings, address, counted):
    settings.TRUSTED_PROXIES = []

    assert client_address(request_from(address)) == counted


def test_the_ipv6_network_size_is_a_setting(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.RATE_LIMIT_IPV6_PREFIX = 56

    request = request_from("10.0.0.2", "2001:db8:aa:bb:1:2:3:4")

    assert client_address(request) == "2001:db8:aa::/56"


def test_the_pseudonym_hides_the_address():
    value = pseudonym("203.0.113.5")

    # A hex digest may contain "203" by chance; the address as written never appears.
    assert "203.0.113.5" not in value and "." not in value
    assert value == pseudonym("203.0.113.5")
    assert value != pseudonym("203.0.113.6")


def test_a_rate_limit_allows_its_limit_then_refuses():
    limit = RateLimit("test", limit=3, period=3600)

    results = [limit.hit("203.0.113.5") for _ in range(4)]

    assert results == [True, True, True, False]
    assert limit.exceeded("203.0.113.5")
    assert not limit.exceeded("203.0.113.6")


@pytest.mark.redis
def test_the_count_is_shared_by_separate_processes(redis_url, settings):
    """Two cache connections stand for two web processes behind one Redis."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    import portal.throttle as throttle

    options = {"KEY_PREFIX": "throttle-test"}
    first, second = RedisCache(redis_url, options), RedisCache(redis_url, options)
    limit = RateLimit(f"shared-{uuid.uuid4()}", limit=2, period=3600)
    try:
        throttle.cache = first
        assert limit.hit("203.0.113.5")
        throttle.cache = second
        assert limit.hit("203.0.113.5")
        assert not limit.hit("203.0.113.5")
    finally:
        throttle.cache = caches["default"]
