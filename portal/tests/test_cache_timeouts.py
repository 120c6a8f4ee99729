"""A Redis that takes the connection and then says nothing (a network fault, a server
stuck) fails a cache call within the configured seconds; it never holds a worker."""

import socket
import threading

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import TimeoutError as RedisTimeout

from portal.tests.test_settings import production_environment, run_python


@pytest.fixture
def silent_server():
    """A TCP server that accepts every connection and never writes a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_the_redis_cache_is_given_timeouts():
    code = (
        "import django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "options = settings.CACHES['default']['OPTIONS']\n"
        "print(options['socket_connect_timeout'], options['socket_timeout'])\n"
    )
    chosen = production_environment(CACHE_CONNECT_TIMEOUT="3", CACHE_SOCKET_TIMEOUT="4")

    assert run_python(code, **production_environment()).stdout.split() == ["2", "2"]
    assert run_python(code, **chosen).stdout.split() == ["3", "4"]


def test_a_silent_redis_fails_the_call_instead_of_holding_it(silent_server):
    cache = RedisCache(
        f"redis://127.0.0.1:{silent_server}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    outcome: list[BaseException | object] = []

    def read():
        try:
            outcome.append(cache.get("anything"))
        except BaseException as error:  # the outcome is what the test looks at
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=15)

    # Without a socket timeout the read would still be waiting for an answer.
    assert not reader.is_alive()
    assert isinstance(outcome[0], RedisTimeout)
