"""What people write about an event has its English twin: the English page, the
English calendar and English registrants' e-mails read it; the Ukrainian ones read
the Ukrainian, and a twin left empty falls back to the Ukrainian."""

import pytest
from django.core import mail

from events import actions
from events.models import Registration
from tests.factories import event, registration

pytestmark = pytest.mark.django_db


def described(**fields):
    return event(
        "open-day",
        venue="Будинок культури",
        venue_en="House of Culture",
        speakers="Ольга Шевчук, пресофіцерка",
        speakers_en="Olha Shevchuk, press officer",
        **fields,
    )


def test_the_english_page_reads_the_english_twins(client):
    described()

    english = client.get("/en/events/open-day/").text
    ukrainian = client.get("/events/open-day/").text

    assert "House of Culture" in english and "Будинок культури" not in english
    assert "Olha Shevchuk, press officer" in english
    assert "Будинок культури" in ukrainian and "House of Culture" not in ukrainian
    assert "Ольга Шевчук, пресофіцерка" in ukrainian


def test_an_empty_twin_falls_back_to_the_ukrainian(client):
    event("open-day", venue="Будинок культури")

    assert "Будинок культури" in client.get("/en/events/open-day/").text


def test_the_english_calendar_names_the_english_venue(client):
    described()

    english = client.get("/en/events/open-day/event.ics").content.decode()
    ukrainian = client.get("/events/open-day/event.ics").content.decode()

    assert "LOCATION:House of Culture" in english
    assert "LOCATION:Будинок культури" in ukrainian


def test_a_cancellation_tells_each_registrant_in_their_language(
    django_capture_on_commit_callbacks, role_user
):
    item = described()
    english = registration(item, 1)
    Registration.objects.filter(pk=english.pk).update(language="en")
    registration(item, 2)

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(
            item,
            new_status="cancelled",
            actor=role_user("coordinator"),
            note="Скасовано через тривогу.",
            note_en="Cancelled because of the air-raid alert.",
        )

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Cancelled because of the air-raid alert." in bodies["p1@example.org"]
    assert "Скасовано через тривогу." in bodies["p2@example.org"]


def test_the_english_note_shows_on_the_english_page(client, role_user):
    item = described()
    actions.change_status(
        item,
        new_status="postponed",
        actor=role_user("coordinator"),
        note="Перенесено.",
        note_en="Postponed.",
    )

    assert "Postponed." in client.get("/en/events/open-day/").text
    assert "Перенесено." in client.get("/events/open-day/").text


def test_the_status_page_asks_for_the_note_in_both_languages(client, role_user):
    item = described()
    client.force_login(role_user("coordinator"))

    page = client.get(f"/admin/events/event/{item.pk}/status/").text
    client.post(
        f"/admin/events/event/{item.pk}/status/",
        {"status": "cancelled", "note": "Скасовано.", "note_en": "Cancelled."},
    )

    assert 'name="note_en"' in page
    item.refresh_from_db()
    assert (item.status_note, item.status_note_en) == ("Скасовано.", "Cancelled.")
