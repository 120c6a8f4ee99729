"""Counting a survey's results is the worker's job: it reads every answer, which at a
national survey's size takes longer than a web request may hold a worker. Readers
who come before it is done get a page that says so, and no request counts."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import actions, tasks
from surveys.models import ResultCell, Survey
from surveys.tests.test_results import close, respond
from tests.factories import answers, survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The worker's queue as a list: tasks sent are recorded, not run."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.count_results, "delay", sent.append)
    return sent


def published_uncounted(role_user, django_capture_on_commit_callbacks):
    item = survey()
    respond(None, item, 6)
    close(item)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_results(item, actor=role_user("analyst"))
    return item


@pytest.mark.parametrize(
    ("prefix", "notice"),
    [
        ("", "Результати підраховуються"),
        ("/en", "The results are being counted"),
    ],
)
def test_readers_before_the_count_get_a_notice_and_no_request_counts(
    client, role_user, django_capture_on_commit_callbacks, queued, prefix, notice
):
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)
    assert queued == [item.pk], "publishing asks the worker to count"

    with CaptureQueriesContext(connection) as captured:
        pages = [client.get(f"{prefix}/surveys/{item.slug}/results/") for _ in range(3)]

    for page in pages:
        assert page.status_code == 200
        assert notice in page.text
        assert page["Retry-After"] == "60"
        assert "no-cache" in page["Cache-Control"]
    assert not any("surveys_answer" in q["sql"] for q in captured.captured_queries)
    assert not ResultCell.objects.exists()
    assert queued == [item.pk], "asked once, however many readers come"


def test_once_the_worker_has_counted_the_results_are_shown(
    client, role_user, django_capture_on_commit_callbacks, queued
):
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)
    client.get(f"/en/surveys/{item.slug}/results/")

    assert tasks.count_results(item.pk) is True

    page = client.get(f"/en/surveys/{item.slug}/results/")
    assert "The results are being counted" not in page.text
    assert "6 responses match the chosen filters." in page.text


def test_a_late_paper_questionnaire_is_counted_again_by_the_worker(
    client, role_user, django_capture_on_commit_callbacks, queued
):
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)
    tasks.count_results(item.pk)
    queued.clear()

    client.force_login(User.objects.get(username="analyst"))
    with django_capture_on_commit_callbacks(execute=True):
        keyed = client.post(f"/en/admin/surveys/survey/{item.pk}/paper/", answers(item))

    assert keyed.status_code == 302
    assert queued == [item.pk]
    assert Survey.objects.get(pk=item.pk).results_counted_at is None


def test_the_sweep_counts_what_a_lost_task_left(
    role_user, django_capture_on_commit_callbacks, queued
):
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)
    unpublished = survey(slug="unpublished", wave=2)
    close(unpublished)

    assert tasks.count_pending_results() == 1

    item.refresh_from_db()
    unpublished.refresh_from_db()
    assert item.results_counted_at is not None
    assert unpublished.results_counted_at is None


def test_where_tasks_run_at_once_the_first_reader_sees_the_results(
    client, role_user, django_capture_on_commit_callbacks
):
    """The embedded default (eager Celery): asking is counting."""
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)

    page = client.get(f"/en/surveys/{item.slug}/results/")

    assert "6 responses match the chosen filters." in page.text


def test_a_broker_that_does_not_answer_leaves_it_to_the_sweep(
    client, role_user, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(_pk):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.count_results, "delay", refuse)
    item = published_uncounted(role_user, django_capture_on_commit_callbacks)

    page = client.get(f"/en/surveys/{item.slug}/results/")

    assert page.status_code == 200
    assert "The results are being counted" in page.text
    assert tasks.count_pending_results() == 1
