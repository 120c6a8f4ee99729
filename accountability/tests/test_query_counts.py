"""Lists and the community page run the same number of queries whatever the data, so
that an N+1 shows up as a failure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accountability.models import Formation, Priority, PriorityUpdate, Report
from events.models import Event
from hotline.models import Complaint
from portal.models import Settlement
from tests.factories import community, trust_survey

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
# The user and the community; priorities, their latest progress, the latest report
# and the formations; the hotline's figures, the trust index and the events.
COMMUNITY_PAGE = 13
# The user; the communities to filter by; the count and the page of priorities.
PRIORITY_LIST = 4
# The communities to filter by; the count and the page of reports.
REPORT_LIST = 3


def fill(place, size: int) -> None:
    """`size` priorities (with progress), reports, events, formations, complaints and
    settlements, in bulk."""
    now = timezone.now()
    priorities = Priority.objects.bulk_create(
        Priority(
            community=place,
            issue=f"Проблема {n}",
            action="Дія",
            source="residents",
            status=["proposed", "active", "achieved"][n % 3],
        )
        for n in range(size)
    )
    PriorityUpdate.objects.bulk_create(
        PriorityUpdate(priority=item, text=f"Крок {k}", created_at=now)
        for item in priorities
        for k in range(2)
    )
    Report.objects.bulk_create(
        Report(
            title=f"Звіт {n}",
            slug=f"report-{n}",
            community=place if n % 2 else None,
            year=2020 + n % 6,
            period="q1",
            summary="Підсумки.",
            body="Текст.",
            status="published",
            published_at=now - timedelta(days=n),
        )
        for n in range(size)
    )
    Event.objects.bulk_create(
        Event(
            slug=f"event-{n}",
            kind="public_meeting",
            title=f"Зустріч {n}",
            description="Опис",
            starts_at=now + timedelta(days=n + 1),
            ends_at=now + timedelta(days=n + 1, hours=2),
            status="scheduled",
            community=place if n % 2 else None,
        )
        for n in range(size)
    )
    Formation.objects.bulk_create(
        Formation(community=place, name=f"ГФ {n}", activity="Патрулі")
        for n in range(size)
    )
    Complaint.objects.bulk_create(
        Complaint(
            kind="problem",
            community=place,
            occurred_on=now.date(),
            description="Опис",
            path="anonymous",
            receipt_hash=f"hash-{n}",
        )
        for n in range(size)
    )
    Settlement.objects.bulk_create(
        Settlement(
            community=place, name=f"Село {n}", name_en=f"Village {n}", kind="village"
        )
        for n in range(size)
    )


@pytest.fixture
def signed_in(client, role_user, settings):
    # Sessions in a signed cookie: the counts are the page's, whatever the session
    # store (the database, or Redis in front of it).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    client.force_login(role_user("resident"))


@pytest.mark.parametrize("size", SIZES)
def test_the_community_page_queries_do_not_grow(
    client, signed_in, django_assert_max_num_queries, size
):
    place = community("chuhuiv")
    trust_survey(place)
    fill(place, size)

    with django_assert_max_num_queries(COMMUNITY_PAGE):
        response = client.get("/en/communities/chuhuiv/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_priorities_list_queries_do_not_grow(
    client, signed_in, django_assert_max_num_queries, size
):
    fill(community("chuhuiv"), size)

    with django_assert_max_num_queries(PRIORITY_LIST):
        response = client.get("/en/accountability/priorities/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_reports_list_queries_do_not_grow(
    client, django_assert_max_num_queries, size
):
    fill(community("chuhuiv"), size)

    with django_assert_max_num_queries(REPORT_LIST):
        response = client.get("/en/accountability/reports/")

    assert response.status_code == 200
