"""Registrations and requests are limited per client, and the limit says when to
come back."""

import pytest

from events.views import REGISTRATIONS
from tests.factories import event, registration_data

pytestmark = pytest.mark.django_db


def test_a_client_over_the_limit_gets_429_with_retry_after(client):
    item = event("open-day", capacity=50)
    for _ in range(REGISTRATIONS.limit):
        REGISTRATIONS.hit("203.0.113.7")

    response = client.post(
        f"/en/events/{item.slug}/", registration_data(), REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code == 429
    assert response["Retry-After"] == str(REGISTRATIONS.period)
    assert not item.registrations.exists()
