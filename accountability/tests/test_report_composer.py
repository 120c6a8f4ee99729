"""The report composer: first what the report covers, then a form that holds the
portal's own figures for that period."""

from datetime import date

import pytest

from accountability.figures import PORTAL_FIGURES, portal_figures
from accountability.models import Report
from hotline.models import Complaint
from tests.factories import (
    at,
    attendee,
    community,
    complaint,
    meeting,
    priority,
    trust_survey,
)
from tests.forms import admin_form

pytestmark = pytest.mark.django_db

Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))
ADD = "/en/admin/accountability/report/add/"


def filed(place, received: date | tuple, *, formal=False) -> Complaint:
    when = at(*received) if isinstance(received, tuple) else at(received)
    return complaint(formal=formal, community=place, received_at=when)[0]


def closed(item: Complaint, on: date, *, rating=None) -> None:
    Complaint.objects.filter(pk=item.pk).update(
        status=Complaint.Status.RESOLVED, closed_at=at(on), satisfaction=rating
    )


@pytest.fixture
def places():
    return community("chuhuiv"), community("malynivka")


@pytest.fixture
def period_data(places):
    """Data inside and outside the first quarter of 2025 and Chuhuiv."""
    chuhuiv, malynivka = places
    # Hotline: received in the quarter (the last one at 23:30 Kyiv time on 31 March),
    # and formal complaints closed in it, in time or late.
    in_time = filed(chuhuiv, date(2025, 1, 10), formal=True)
    closed(in_time, date(2025, 1, 20), rating=5)
    late = filed(chuhuiv, date(2025, 1, 5), formal=True)
    closed(late, date(2025, 3, 20), rating=3)
    received_before = filed(chuhuiv, date(2024, 12, 20), formal=True)
    closed(received_before, date(2025, 1, 15), rating=4)
    closed_after = filed(chuhuiv, date(2025, 3, 25), formal=True)
    closed(closed_after, date(2025, 4, 2), rating=1)
    filed(chuhuiv, date(2025, 2, 1))
    filed(chuhuiv, (date(2025, 3, 31), 23, 30))
    filed(chuhuiv, (date(2025, 4, 1), 0, 30))  # 31 March in UTC, April in Kyiv
    filed(malynivka, date(2025, 2, 1))
    elsewhere = filed(malynivka, date(2025, 1, 10), formal=True)
    closed(elsewhere, date(2025, 1, 12), rating=2)
    # Events: completed ones in the quarter count, with their attendance.
    held = meeting("held", starts_at=at(date(2025, 2, 10)), place=chuhuiv)
    for n in range(3):
        attendee(held, n)
    attendee(held, 3, attended=False)
    attendee(meeting("april", starts_at=at(date(2025, 4, 5)), place=chuhuiv), 4)
    attendee(
        meeting(
            "not-held",
            starts_at=at(date(2025, 2, 12)),
            place=chuhuiv,
            status="cancelled",
        ),
        5,
    )
    attendee(meeting("there", starts_at=at(date(2025, 2, 10)), place=malynivka), 6)
    attendee(meeting("raion", starts_at=at(date(2025, 3, 1)), place=None), 7)
    # Priorities achieved in the quarter.
    priority(chuhuiv, status="achieved", achieved_on=date(2025, 2, 1))
    priority(chuhuiv, status="achieved", achieved_on=date(2025, 4, 10))
    priority(chuhuiv, status="active")
    priority(malynivka, status="achieved", achieved_on=date(2025, 2, 1))
    # Trust: the wave that closed by the end of the quarter, not the later one.
    trust_survey(chuhuiv, trust=(4, 4, 4, 4, 4), closes_at=at(date(2025, 3, 1)))
    trust_survey(chuhuiv, trust=(2, 2, 2, 2, 2), closes_at=at(date(2025, 5, 1)), wave=2)
    return chuhuiv


CHUHUIV_Q1 = {
    "complaints_received": 5,
    "complaints_answered": 3,
    "complaints_answered_in_time": 2,
    "average_satisfaction": None,  # three ratings only
    "trust_index": 75.0,
    "events_held": 1,
    "event_attendance": 3,
    "priorities_achieved": 1,
}


def test_the_portal_figures_of_a_community_count_only_its_period(period_data):
    assert portal_figures(period_data, *Q1_2025) == CHUHUIV_Q1


def test_the_portal_figures_of_the_whole_raion_count_every_community(period_data):
    assert portal_figures(None, *Q1_2025) == {
        "complaints_received": 7,
        "complaints_answered": 4,
        "complaints_answered_in_time": 3,
        "average_satisfaction": None,
        "trust_index": 75.0,
        "events_held": 3,
        "event_attendance": 5,
        "priorities_achieved": 2,
    }


def test_the_average_satisfaction_needs_five_ratings(places):
    chuhuiv, _ = places
    ratings = [5, 4, 4, 3]
    for rating in ratings:
        closed(
            filed(chuhuiv, date(2025, 1, 10), formal=True),
            date(2025, 2, 1),
            rating=rating,
        )
    assert portal_figures(chuhuiv, *Q1_2025)["average_satisfaction"] is None

    closed(filed(chuhuiv, date(2025, 1, 10), formal=True), date(2025, 2, 1), rating=5)

    assert portal_figures(chuhuiv, *Q1_2025)["average_satisfaction"] == 4.2


def test_the_composer_first_asks_what_the_report_covers(client, role_user):
    client.force_login(role_user("press"))

    page = client.get(ADD)

    assert page.status_code == 200
    assert "New report: what does it cover?" in page.text
    assert set(page.context["form"].fields) == {"community", "year", "period"}


def test_the_add_form_holds_the_portal_figures_of_the_chosen_period(
    client, role_user, period_data
):
    client.force_login(role_user("press"))

    page = client.get(f"{ADD}?community={period_data.pk}&year=2025&period=q1")

    initial = page.context["adminform"].form.initial
    assert {name: initial[name] for name in PORTAL_FIGURES} == CHUHUIV_Q1
    assert (initial["community"], initial["year"], initial["period"]) == (
        period_data.pk,
        2025,
        "q1",
    )
    fields = admin_form(page, "report_form")
    assert fields["complaints_received"] == "5"
    assert fields["event_attendance"] == "3"


def test_the_pre_filled_form_saves_a_draft_with_those_figures(
    client, role_user, period_data
):
    client.force_login(role_user("press"))
    url = f"{ADD}?community={period_data.pk}&year=2025&period=q1"
    fields = admin_form(client.get(url), "report_form")

    response = client.post(
        url,
        {
            **fields,
            "title": "Звіт за перший квартал",
            "slug": "chuhuiv-2025-q1",
            "summary": "Коротко.",
            "body": "Текст звіту.",
        },
    )

    assert response.status_code == 302
    saved = Report.objects.get()
    assert saved.status == "draft"
    assert saved.community == period_data
    assert {name: getattr(saved, name) for name in PORTAL_FIGURES} == CHUHUIV_Q1


def test_a_coordinator_cannot_compose_a_report(client, role_user):
    client.force_login(role_user("coordinator"))

    assert client.get(ADD).status_code == 403
    assert client.get(f"{ADD}?community=&year=2025&period=q1").status_code == 403


def test_a_bad_year_is_shown_on_the_first_step(client, role_user):
    client.force_login(role_user("press"))

    page = client.get(f"{ADD}?community=&year=20x5&period=q1")

    assert page.status_code == 200
    assert "New report: what does it cover?" in page.text
    assert page.context["form"].errors["year"]


def test_coming_from_a_filtered_list_shows_the_first_step_without_errors(
    client, role_user
):
    client.force_login(role_user("press"))

    page = client.get(f"{ADD}?_changelist_filters=status__exact%3Ddraft")

    assert "New report: what does it cover?" in page.text
    assert not page.context["form"].errors


def test_refilling_the_figures_updates_drafts_only(client, role_user, period_data):
    draft = Report.objects.create(
        title="Чернетка",
        slug="draft",
        community=period_data,
        year=2025,
        period="q1",
        summary="-",
        body="-",
    )
    published = Report.objects.create(
        title="Опубліковано",
        slug="published",
        community=period_data,
        year=2025,
        period="q1",
        summary="-",
        body="-",
        status="published",
        complaints_received=99,
    )
    client.force_login(role_user("press"))

    client.post(
        "/en/admin/accountability/report/",
        {"action": "refill_figures", "_selected_action": [draft.pk, published.pk]},
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert {name: getattr(draft, name) for name in PORTAL_FIGURES} == CHUHUIV_Q1
    assert published.complaints_received == 99
