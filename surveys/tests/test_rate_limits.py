"""Answers are limited per client, and the limit says when to come back."""

import pytest

from surveys.models import Response
from surveys.tests.factories import answers, survey
from surveys.views import SUBMISSIONS

pytestmark = pytest.mark.django_db


def test_a_client_over_the_limit_gets_429_with_retry_after(client):
    item = survey()
    for _ in range(SUBMISSIONS.limit):
        SUBMISSIONS.hit("203.0.113.8")

    response = client.post(
        f"/en/surveys/{item.slug}/", answers(item), REMOTE_ADDR="203.0.113.8"
    )

    assert response.status_code == 429
    assert response["Retry-After"] == str(SUBMISSIONS.period)
    assert not Response.objects.exists()
