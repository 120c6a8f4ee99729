"""Candidate priorities in the back office: what rose in each community, from the
hotline and from the survey on local problems."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import category, community, complaint, trust_survey

pytestmark = pytest.mark.django_db

PAGE = "/en/admin/accountability/priority/candidates/"


def row(page, label: str) -> str:
    """The table row of one candidate, without its spaces."""
    start = page.text.index(f">{label}<")
    return page.text[start : page.text.index("</tr>", start)].replace(" ", "")


@pytest.fixture
def place():
    return community("chuhuiv")


@pytest.fixture
def coordinator(client, role_user):
    client.force_login(role_user("coordinator"))


def test_a_hotline_subject_that_rose_in_a_community_is_shown(
    client, coordinator, place
):
    for days_ago in [5, 20, 60, 120]:
        complaint(
            community=place, category=category("lighting"), received_days_ago=days_ago
        )
    for days_ago in [10, 100, 150]:
        complaint(
            community=place, category=category("noise"), received_days_ago=days_ago
        )

    page = client.get(PAGE)

    assert page.status_code == 200
    assert "<td>3</td><td>1</td><td>+2</td>" in row(page, "Category lighting")
    assert "<td>1</td><td>2</td><td>-1</td>" in row(page, "Category noise")
    assert "source=hotline" in row(page, "Category lighting")


def test_a_subject_with_nothing_lately_is_not_a_candidate(client, coordinator, place):
    complaint(community=place, category=category("old"), received_days_ago=120)

    assert "Category old" not in client.get(PAGE).text


def test_the_share_of_a_local_problem_in_the_latest_survey_is_shown(
    client, coordinator, place
):
    trust_survey(place, trust=(3, 3, 3, 3, 3), problems={"lighting": 3, "roads": 1})

    page = client.get(PAGE)

    assert "<td>60.0</td><td>—</td><td>—</td>" in row(page, "Problem lighting")
    assert "<td>20.0</td>" in row(page, "Problem roads")
    assert "Trust, wave 1" in page.text


def test_the_rise_of_a_local_problem_since_the_previous_wave_is_shown(
    client, coordinator, place
):
    trust_survey(
        place,
        problems={"lighting": 1},
        closes_at=timezone.now() - timedelta(days=200),
    )
    trust_survey(place, problems={"lighting": 3}, wave=2)

    page = client.get(PAGE)

    assert "<td>60.0</td><td>20.0</td><td>+40.0</td>" in row(page, "Problem lighting")


@pytest.mark.parametrize("role", ["analyst", "press"])
def test_other_staff_who_read_priorities_can_open_the_page(
    client, role_user, place, role
):
    client.force_login(role_user(role))

    assert client.get(PAGE).status_code == 200


def test_staff_who_do_not_read_priorities_are_refused(client, role_user):
    client.force_login(role_user("operator"))

    assert client.get(PAGE).status_code == 403


@pytest.mark.parametrize("role", ["deputy", "resident"])
def test_people_outside_the_back_office_are_sent_to_log_in(client, role_user, role):
    client.force_login(role_user(role))

    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_proposing_a_candidate_opens_a_pre_filled_priority(client, coordinator, place):
    page = client.get(
        "/en/admin/accountability/priority/add/"
        f"?community={place.pk}&source=hotline&issue=Неосвітлені%20вулиці"
    )

    initial = page.context["adminform"].form.initial
    assert (initial["community"], initial["source"], initial["issue"]) == (
        str(place.pk),
        "hotline",
        "Неосвітлені вулиці",
    )
