"""The operator's queue and a complaint's page cost the same whatever the number of
complaints: a fixed number of queries, an estimated count beyond what is cheap to
count, and disagreement flags read without grouping the whole table."""

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hotline import actions
from hotline.models import Complaint
from portal.admin_mixins import EstimatedCountPaginator
from tests.factories import category, community, complaint

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
# The session, the user and their permissions (4); the categories and communities
# to filter by; the count of the list; its page; its first and last date, for the
# date drill-down.
QUEUE = 9
# The session, the user, the authenticator app whose second factor the session
# passed (looked up at every request, so that a reset counts at once) and their
# permissions (5); the complaint, twice (for its panels and for its form); the audit
# entry of the view of personal data; the category and community choices; the flags,
# referrals, attachments and history.
COMPLAINT_PAGE = 14


def fill(size: int) -> Complaint:
    """`size` formal complaints with a flag each, in bulk; returns the newest."""
    place, kind = community(), category()
    now = timezone.now()
    rows = Complaint.objects.bulk_create(
        Complaint(
            kind="complaint",
            category=kind,
            community=place,
            occurred_on=timezone.localdate(),
            description="Опис.",
            path="formal",
            full_name="Олена Петренко",
            residence="Чугуїв",
            email="olena@example.org",
            term="short",
            due_on=timezone.localdate(),
            receipt_hash=secrets.token_hex(32),
            received_at=now - timedelta(minutes=n),
        )
        for n in range(size)
    )
    for row in rows:
        row.flags.create(raised_by_id=_someone(), reason="Не та категорія.")
    return rows[0]


def _someone() -> int:
    from django.contrib.auth.models import User

    return User.objects.get_or_create(username="monitor-of-flags")[0].pk


@pytest.mark.parametrize("size", SIZES)
def test_the_queue_runs_the_same_queries_at_any_size(
    client, role_user, size, django_assert_max_num_queries
):
    fill(size)
    client.force_login(role_user("operator"))
    client.get("/en/admin/hotline/complaint/")  # what a process reads only once

    with django_assert_max_num_queries(QUEUE):
        response = client.get("/en/admin/hotline/complaint/")

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


@pytest.mark.parametrize("size", SIZES)
def test_a_complaints_page_runs_the_same_queries_at_any_size(
    client, role_user, size, django_assert_max_num_queries
):
    newest = fill(size)
    client.force_login(role_user("monitor"))
    client.get(f"/en/admin/hotline/complaint/{newest.pk}/change/")

    with django_assert_max_num_queries(COMPLAINT_PAGE):
        response = client.get(f"/en/admin/hotline/complaint/{newest.pk}/change/")

    assert response.status_code == 200
    assert "Не та категорія." in response.text


def test_open_and_settled_flags_are_told_apart(client, role_user):
    monitor = role_user("monitor")
    flagged, _ = complaint()
    settled, _ = complaint()
    never, _ = complaint()
    actions.flag_disagreement(flagged, actor=monitor, reason="Інша категорія.")
    actions.flag_disagreement(flagged, actor=monitor, reason="І не той підрозділ.")
    flag = actions.flag_disagreement(settled, actor=monitor, reason="Строк.")
    actions.settle_flag(flag, actor=monitor, note="Пояснили.")
    client.force_login(monitor)

    def listed(query: str) -> dict:
        response = client.get(f"/en/admin/hotline/complaint/{query}")
        return {
            row.pk: row.open_flag_count for row in response.context["cl"].result_list
        }

    assert listed("") == {flagged.pk: 2, settled.pk: None, never.pk: None}
    assert listed("?flagged=open") == {flagged.pk: 2}
    assert listed("?flagged=any") == {flagged.pk: 2, settled.pk: None}


def test_a_filtered_list_that_is_short_is_counted_exactly(client, role_user):
    complaint(status="received")
    complaint()
    client.force_login(role_user("operator"))

    response = client.get("/en/admin/hotline/complaint/?kind__exact=complaint")

    assert response.context["cl"].result_count == 2
    assert "2 complaints" in response.text
    assert "Complaints: about" not in response.text


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts every list exactly")


def test_a_long_list_shows_the_planners_estimate_as_such(
    client, role_user, postgresql, monkeypatch
):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_up_to", 20)
    fill(60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE hotline_complaint")
    client.force_login(role_user("operator"))

    long = client.get("/en/admin/hotline/complaint/")
    short = client.get("/en/admin/hotline/complaint/?status__exact=triage")

    assert long.context["cl"].paginator.estimated
    assert "Complaints: about 60" in long.text
    assert not short.context["cl"].paginator.estimated
    assert "0 complaints" in short.text


def test_an_estimate_links_the_pages_near_the_current_one_only(postgresql, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_up_to", 20)
    fill(300)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE hotline_complaint")
    paginator = EstimatedCountPaginator(Complaint.objects.order_by("-pk"), 10)

    pages = list(paginator.get_elided_page_range(10))

    assert paginator.estimated
    assert pages == [1, 2, "…", 7, 8, 9, 10, 11, 12, 13, "…"]


def test_a_complaints_number_finds_it_by_its_key_and_words_search_the_texts(
    client, role_user
):
    wanted, _ = complaint(formal=True)
    mentions, _ = complaint(
        formal=True, description=f"Як у зверненні {wanted.pk}, патрульний був грубим."
    )
    client.force_login(role_user("operator"))

    def found(term: str) -> list:
        response = client.get("/en/admin/hotline/complaint/", {"q": term})
        return list(response.context["cl"].result_list)

    assert found(wanted.reference) == [wanted]
    assert found(str(wanted.pk)) == [wanted]
    assert found("Як у зверненні") == [mentions]
