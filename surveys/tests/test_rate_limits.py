"""Answers are limited per client, and the limit says when to come back."""

import pytest

from portal.tests.test_settings import run_python
from surveys.models import Response
from surveys.views import SUBMISSIONS
from tests.factories import answers, survey

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


READ_LIMIT = """
import django
django.setup()
from surveys.views import SUBMISSIONS
print(SUBMISSIONS.limit)
"""


def test_the_limit_is_30_answers_an_hour_unless_the_environment_sets_it():
    default = run_python(READ_LIMIT)
    raised = run_python(READ_LIMIT, SURVEY_ANSWERS_PER_HOUR="500")
    refused = run_python(READ_LIMIT, SURVEY_ANSWERS_PER_HOUR="0")

    assert (default.stdout.strip(), raised.stdout.strip()) == ("30", "500")
    assert refused.returncode != 0
    assert "SURVEY_ANSWERS_PER_HOUR" in refused.stderr
