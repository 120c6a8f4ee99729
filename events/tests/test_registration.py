"""Registering, the waiting list, the private link, cancellation and promotion."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import actions
from events.models import Registration
from tests.factories import event, registration, registration_data

pytestmark = pytest.mark.django_db


def register(client, item, **overrides):
    return client.post(f"/en/events/{item.slug}/", registration_data(**overrides))


def test_registering_gives_a_place_and_a_private_link(
    client, django_capture_on_commit_callbacks
):
    item = event()

    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, item)

    stored = Registration.objects.get()
    assert stored.status == "confirmed"
    assert response.status_code == 302
    assert response["Location"] == f"/en/events/registration/{stored.token}/"
    assert stored.token != str(stored.pk)
    assert len(stored.token) >= 32  # 24 random bytes: not guessable
    assert stored.token in mail.outbox[0].body


def test_when_full_new_registrations_join_the_waiting_list(client):
    item = event(capacity=1)
    register(client, item, email="a@example.org")

    response = register(client, item, email="b@example.org")

    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    page = client.get(response["Location"])
    assert "on the waiting list" in page.text


def test_the_same_email_is_recognised(client):
    item = event()
    first = register(client, item)

    second = register(client, item, email="MARIA@example.org", name="Maria")

    assert Registration.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_registration_needs_consent_and_a_contact(client):
    item = event()

    no_consent = register(client, item, consent="")
    no_contact = register(client, item, email="", phone="")

    assert "This field is required." in no_consent.text
    assert "Give an e-mail or a phone number." in no_contact.text
    assert "Марія Коваль" in no_contact.text
    assert Registration.objects.count() == 0


def test_cancelling_offers_the_place_to_the_first_waiting(
    client, django_capture_on_commit_callbacks
):
    item = event(capacity=1)
    holder = registration(item, 1)
    first_waiting = registration(item, 2, status="waitlisted")
    registration(item, 3, status="waitlisted")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/registration/{holder.token}/cancel/")

    holder.refresh_from_db()
    first_waiting.refresh_from_db()
    assert holder.status == "cancelled"
    assert first_waiting.status == "offered"
    assert first_waiting.offered_until is not None
    assert first_waiting.offered_until > timezone.now()
    assert [m.to for m in mail.outbox] == [["p2@example.org"]]


def test_an_offer_is_accepted_through_the_private_link(client):
    item = event(capacity=1)
    offered = registration(item, 1, status="offered")
    offered.offered_until = timezone.now() + timedelta(hours=1)
    offered.save()

    client.post(f"/en/events/registration/{offered.token}/accept/")

    offered.refresh_from_db()
    assert offered.status == "confirmed"


def test_an_expired_offer_passes_to_the_next_person():
    item = event(capacity=1)
    offered = registration(item, 1, status="offered")
    offered.offered_until = timezone.now() - timedelta(minutes=1)
    offered.save()
    waiting = registration(item, 2, status="waitlisted")

    assert actions.expire_offers() == 1

    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert (offered.status, waiting.status) == ("expired", "offered")


def test_a_guessed_link_finds_nothing(client):
    item = event()
    registration(item, 1)

    assert client.get("/en/events/registration/1/").status_code == 404
    assert client.post("/en/events/registration/nope/cancel/").status_code == 404


def test_reminders_go_once_a_day_before(django_capture_on_commit_callbacks):
    soon = event("soon", days=0)
    soon.starts_at = timezone.now() + timedelta(hours=20)
    soon.ends_at = soon.starts_at + timedelta(hours=1)
    soon.save()
    later = event("later", days=5)
    registration(soon, 1)
    registration(later, 2)

    with django_capture_on_commit_callbacks(execute=True):
        first = actions.send_reminders()
        second = actions.send_reminders()

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]


def test_cancelling_an_event_tells_everyone_registered(
    role_user, django_capture_on_commit_callbacks
):
    item = event()
    registration(item, 1)
    registration(item, 2, status="waitlisted")

    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(
            item,
            new_status="cancelled",
            actor=role_user("coordinator"),
            note="Зала недоступна.",
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]
    assert all("Зала недоступна." in m.body for m in mail.outbox)


def test_a_postponed_event_shows_a_banner_and_takes_no_registrations(client):
    item = event(status="postponed", status_note="Через ремонт.")

    page = client.get(f"/en/events/{item.slug}/")
    register(client, item)

    assert "This event is postponed." in page.text
    assert "Через ремонт." in page.text
    assert Registration.objects.count() == 0


def test_only_coordinators_see_registrants(client, role_user):
    item = event()
    registration(item, 1)

    client.force_login(role_user("press"))
    press = client.get(f"/en/admin/events/event/{item.pk}/change/")
    export_press = client.get(f"/en/admin/events/event/{item.pk}/registrations.csv")
    client.force_login(role_user("coordinator"))
    coordinator = client.get(f"/en/admin/events/event/{item.pk}/change/")

    assert press.status_code == 200
    assert "p1@example.org" not in press.text
    assert export_press.status_code == 403
    assert "p1@example.org" in coordinator.text
