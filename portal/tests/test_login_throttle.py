"""The staff log-in resists password guessing without storing who tried."""

import pytest
from django.core.cache import cache

from portal.models import AuditEntry

LOGIN = "/en/admin/login/"


def cache_keys() -> list[str]:
    store = cache._cache  # type: ignore[attr-defined]  # the backend's own store
    if isinstance(store, dict):  # the local-memory cache
        return list(store)
    return [key.decode() for key in store.get_client(None).keys("*")]  # Redis


@pytest.fixture
def operator(role_user):
    return role_user("operator")


def attempt(client, password, username="operator", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/en/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_right_password_logs_in_and_is_audited(client, operator):
    response = attempt(client, "correct-horse-battery-staple")

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == operator


def test_after_five_failures_even_the_right_password_is_refused(client, operator):
    for _ in range(5):
        assert attempt(client, "wrong").status_code == 200

    response = attempt(client, "correct-horse-battery-staple")

    assert response.status_code == 200
    assert "Too many failed log-in attempts" in response.text
    assert "15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_translated(client, operator):
    for _ in range(5):
        client.post("/admin/login/", {"username": "operator", "password": "x"})

    response = client.post("/admin/login/", {"username": "operator", "password": "x"})

    assert "Забагато невдалих спроб" in response.text


def test_guessing_many_usernames_from_one_address_is_stopped(client, operator):
    for n in range(5):
        attempt(client, "wrong", username=f"someone{n}")

    response = attempt(client, "correct-horse-battery-staple")

    assert "Too many failed log-in attempts" in response.text


def test_one_username_is_locked_whatever_the_address(client, operator):
    for n in range(5):
        attempt(client, "wrong", address=f"198.51.100.{n}")

    response = attempt(client, "correct-horse-battery-staple", address="192.0.2.1")

    assert "Too many failed log-in attempts" in response.text


def test_failed_attempts_leave_no_address_or_username_anywhere(client, operator):
    for _ in range(3):
        attempt(client, "wrong", username="operator", address="203.0.113.7")

    keys = " ".join(cache_keys())
    assert keys
    assert "203.0.113.7" not in keys
    assert "operator" not in keys
    assert not AuditEntry.objects.exists()
