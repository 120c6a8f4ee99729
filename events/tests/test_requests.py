"""Requests from schools and communities: filed publicly, decided by coordinators."""

import pytest
from django.core import mail

from events import actions
from events.models import Event, EventRequest

pytestmark = pytest.mark.django_db


def request_data(**overrides):
    data = {
        "kind": "school_lecture",
        "topic": "Безпека в інтернеті",
        "audience": "8-9 класи, 60 учнів",
        "preferred_dates": "друга половина грудня",
        "community": "",
        "organisation": "Школа №2",
        "contact_name": "Ірина Петрівна",
        "email": "school2@example.org",
        "phone": "",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_a_school_asks_for_a_lecture(client):
    response = client.post("/en/events/request/", request_data())

    assert "Your request was received" in response.text
    assert EventRequest.objects.get().status == "new"


def test_a_request_without_contact_or_consent_is_refused_and_kept(client):
    response = client.post("/en/events/request/", request_data(email="", consent=""))

    assert response.status_code == 200
    assert "Give an e-mail or a phone number." in response.text
    assert "Безпека в інтернеті" in response.text
    assert not EventRequest.objects.exists()


def test_accepting_creates_a_draft_event_and_tells_the_requester(
    client, role_user, django_capture_on_commit_callbacks
):
    client.post("/en/events/request/", request_data())
    item = EventRequest.objects.get()
    client.force_login(role_user("coordinator"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/admin/events/eventrequest/",
            {"action": "accept", "_selected_action": [item.pk]},
        )

    item.refresh_from_db()
    assert item.status == "accepted"
    assert item.event is not None
    assert item.event.status == Event.Status.DRAFT
    assert item.event.kind == "school_lecture"
    assert mail.outbox[-1].to == ["school2@example.org"]


def test_declining_needs_a_reason_which_the_requester_receives(
    client, role_user, django_capture_on_commit_callbacks
):
    client.post("/en/events/request/", request_data())
    item = EventRequest.objects.get()
    client.force_login(role_user("coordinator"))
    url = f"/en/admin/events/eventrequest/{item.pk}/decline/"

    empty = client.post(url, {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "На цей тиждень усі лектори зайняті."})

    assert "This field is required." in empty.text
    item.refresh_from_db()
    assert item.status == "declined"
    assert "усі лектори зайняті" in mail.outbox[-1].body
    with pytest.raises(actions.EventError):
        actions.accept_request(item, actor=None)


def test_only_coordinators_decide_requests(client, role_user):
    client.post("/en/events/request/", request_data())
    item = EventRequest.objects.get()
    client.force_login(role_user("press"))

    response = client.get(f"/en/admin/events/eventrequest/{item.pk}/decline/")

    assert response.status_code == 403
