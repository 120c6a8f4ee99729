"""The survey answers of `make bench`'s mixed load are complete and accepted."""

import io

import pytest

from bench.surveys import OPEN_BENCH_SLUG, mix, seed_open_survey
from portal.models import Community
from surveys.models import Answer, Response

pytestmark = pytest.mark.django_db


def test_the_open_bench_survey_is_added_once_and_is_open():
    Community.objects.create(name="Громада", name_en="Community", slug="c")

    first = seed_open_survey(io.StringIO())
    again = seed_open_survey(io.StringIO())

    assert first.pk == again.pk
    assert first.is_open
    assert first.series is None
    assert first.questions.count() == 20


def test_every_answer_of_the_mixed_load_is_stored_and_thanked(client):
    Community.objects.create(name="Громада", name_en="Community", slug="c")
    seed_open_survey(io.StringIO())
    [answer] = mix()

    for body in answer.bodies[:5]:
        response = client.post(answer.path, dict_of_lists(body))
        # A fresh browser for every answer, as in the load.
        client.cookies.clear()

        assert response.status_code == 302
        assert response["Location"].endswith(answer.redirect_to)
    assert (
        answer.count() == Response.objects.filter(survey__slug=OPEN_BENCH_SLUG).count()
    )
    assert answer.count() == 5
    # Complete: every question that applies has its answer.
    assert (
        Answer.objects.filter(response__survey__slug=OPEN_BENCH_SLUG).count() >= 5 * 18
    )


def test_without_the_open_survey_the_mix_declares_no_answer():
    assert mix() == []


def dict_of_lists(body) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in body:
        data.setdefault(name, []).append(value)
    return data
