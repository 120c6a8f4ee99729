"""The registrations CSV reads at once: yes or no, choices by their labels, times as
Kyiv's clocks show them, in the staff member's language."""

import csv
import io
from datetime import UTC, datetime

import pytest

from events.models import Registration
from tests.factories import event, registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, role_user):
    client.force_login(role_user("coordinator"))
    return client


@pytest.fixture
def registrations():
    item = event()
    came = registration(item, 1)
    came.attended = True
    # Summer time (UTC+3), microseconds and all.
    came.created_at = datetime(2026, 7, 1, 9, 5, 30, 123456, tzinfo=UTC)
    came.affiliation = Registration.Affiliation.JOURNALIST
    came.save()
    waiting = registration(item, 2, status="waitlisted")
    # Winter time (UTC+2), late enough to be the next day in Kyiv.
    waiting.created_at = datetime(2026, 1, 15, 22, 30, tzinfo=UTC)
    waiting.save()
    return item


def rows(client, item, query="", language="en") -> list[list[str]]:
    prefix = "" if language == "uk" else f"/{language}"
    response = client.get(
        f"{prefix}/admin/events/event/{item.pk}/registrations.csv{query}"
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_registrations_csv_is_readable_in_english(coordinator, registrations):
    header, *body = rows(coordinator, registrations)

    assert header == [
        "Name",
        "E-mail",
        "Phone",
        "Affiliation",
        "Needs (accessibility)",
        "Status",
        "Attended",
        "Registered",
    ]
    by_name = {row[0]: row for row in body}
    assert by_name["Person 1"][3:] == [
        "journalist",
        "",
        "registered",
        "yes",
        "2026-07-01 12:05",
    ]
    assert by_name["Person 2"][3:] == [
        "resident",
        "",
        "on the waiting list",
        "no",
        "2026-01-16 00:30",
    ]


def test_the_registrations_csv_follows_the_staff_members_language(
    coordinator, registrations
):
    header, *body = rows(coordinator, registrations, language="uk")

    assert header[0] == "Ім'я"
    by_name = {row[0]: row for row in body}
    assert by_name["Person 1"][3:] == [
        "журналіст",
        "",
        "зареєстровано",
        "так",
        "2026-07-01 12:05",
    ]
    assert by_name["Person 2"][5:7] == ["у списку очікування", "ні"]


def test_the_registrations_csv_can_be_asked_for_in_another_language(
    coordinator, registrations
):
    header, *body = rows(coordinator, registrations, query="?language=uk")

    assert header[6] == "Був присутній"
    assert {row[6] for row in body} == {"так", "ні"}


def test_an_unknown_language_falls_back_to_the_staff_members(
    coordinator, registrations
):
    header, *_body = rows(coordinator, registrations, query="?language=xx")

    assert header[0] == "Name"


def test_registrations_are_exported_only_to_who_may_see_registrants(
    client, role_user, registrations
):
    client.force_login(role_user("press"))

    response = client.get(
        f"/en/admin/events/event/{registrations.pk}/registrations.csv"
    )

    assert response.status_code == 403
