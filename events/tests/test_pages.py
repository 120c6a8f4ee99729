"""The public event pages: filters, month, archive, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Audience
from tests.factories import event, registration

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_type_and_audience(client):
    training = event("training")
    lecture = event("lecture", kind="school_lecture")
    lecture.audiences.add(
        Audience.objects.get_or_create(
            code="youth", defaults={"name": "Молодь", "name_en": "Youth"}
        )[0]
    )

    by_type = client.get("/en/events/?kind=training").context["events"]
    youth = Audience.objects.get(code="youth")
    by_audience = client.get(f"/en/events/?audience={youth.pk}").context["events"]

    assert list(by_type) == [training]
    assert list(by_audience) == [lecture]


def test_past_events_are_in_the_archive_not_the_list(client):
    event("old", days=-5)

    assert "old" not in client.get("/en/events/").text
    assert "/en/events/old/" in client.get("/en/events/archive/").text


def test_a_draft_is_not_public(client):
    event("secret", status="draft")

    assert client.get("/en/events/secret/").status_code == 404


def test_the_month_view_shows_the_events_of_the_month(client):
    item = event()
    start = item.starts_at

    response = client.get(f"/en/events/month/{start.year}/{start.month}/")

    assert item.get_absolute_url() in response.text
    assert client.get("/en/events/month/2026/13/").status_code == 404


def test_a_busy_day_of_the_month_shows_its_first_events_and_how_many_more(client):
    from datetime import timedelta

    first = event("busy-0", days=20)
    for number in range(1, 7):
        item = event(f"busy-{number}", days=20)
        item.starts_at = first.starts_at + timedelta(minutes=number)
        item.save()
    start = first.starts_at

    page = client.get(f"/en/events/month/{start.year}/{start.month}/").text

    assert page.count('href="/en/events/busy-') == 4
    assert "and 3 more" in page
    assert "busy-6" not in page


def test_list_and_detail_query_counts_do_not_grow(client):
    def queries(path):
        """Queries once the cached form fields are warm, as for most visitors."""
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    first = event("first", capacity=50)
    for n in range(3):
        registration(first, n)
    small = (queries("/events/"), queries("/events/first/"))
    for number in range(15):
        other = event(f"e{number}", capacity=50)
        for n in range(5):
            registration(other, number * 10 + n + 100)
    for n in range(3, 30):
        registration(first, n)
    large = (queries("/events/"), queries("/events/first/"))

    assert small == large


def test_the_list_is_paginated_and_keeps_the_filters(client):
    for number in range(25):
        event(f"e{number}")

    first = client.get("/en/events/?kind=training")
    second = client.get("/en/events/?kind=training&page=2")

    assert len(first.context["events"]) == 20
    assert len(second.context["events"]) == 5
    assert "kind=training&amp;page=2" in first.text


@pytest.mark.parametrize("path", ["/en/events/", "/en/events/?page=2"])
def test_the_cached_filters_offer_a_community_added_later(
    client, django_capture_on_commit_callbacks, path
):
    from portal.models import Community

    event("one")
    client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        Community.objects.create(
            slug="new", name="Нова", name_en="Brand new", kind="rural"
        )

    assert "Brand new" in client.get(path).text


def test_a_later_visit_to_the_list_shows_the_kept_first_page_with_no_query(client):
    event("one")
    event("two", days=8)
    first = client.get("/en/events/")

    with CaptureQueriesContext(connection) as captured:
        later = client.get("/en/events/")

    assert captured.captured_queries == []
    assert later.content == first.content
    assert "/en/events/one/" in later.text


def test_an_event_leaves_the_kept_list_once_it_ends(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    soon = event("soon", days=0)
    event("later", days=3)
    assert "/en/events/soon/" in client.get("/en/events/").text
    moment = soon.ends_at + timedelta(seconds=1)

    monkeypatch.setattr(timezone, "now", lambda: moment)

    text = client.get("/en/events/").text
    assert "/en/events/soon/" not in text
    assert "/en/events/later/" in text


def test_the_kept_list_shows_a_change_to_an_event(
    client, django_capture_on_commit_callbacks
):
    item = event("one")
    client.get("/en/events/")

    with django_capture_on_commit_callbacks(execute=True):
        item.title_en = "Round table on street lighting"
        item.save()

    assert "Round table on street lighting" in client.get("/en/events/").text


def test_the_kept_list_shows_an_audience_added_to_an_event(
    client, django_capture_on_commit_callbacks
):
    item = event("one")
    youth = Audience.objects.get_or_create(
        code="youth", defaults={"name": "Молодь", "name_en": "Youth"}
    )[0]
    card_line = f'<p class="small mb-0">{youth.name_en}</p>'
    assert card_line not in client.get("/en/events/").text

    with django_capture_on_commit_callbacks(execute=True):
        item.audiences.add(youth)

    assert card_line in client.get("/en/events/").text


def test_a_later_visit_to_an_event_page_reads_no_query(client):
    item = event("first", capacity=50)
    registration(item, 1)
    first = client.get("/en/events/first/")

    with CaptureQueriesContext(connection) as captured:
        later = client.get("/en/events/first/")

    assert captured.captured_queries == []
    assert (
        later.content.split(b"csrfmiddlewaretoken")[0]
        == (first.content.split(b"csrfmiddlewaretoken")[0])
    )
    assert "csrfmiddlewaretoken" in later.text  # the registration form, live


@pytest.mark.parametrize("change", ["register", "cancel"])
def test_the_kept_event_page_shows_the_places_left_after_a_registration_changes(
    client, django_capture_on_commit_callbacks, change
):
    from events import actions

    item = event("first", capacity=3)
    person = registration(item, 1)
    assert '<dd class="col-sm-9">2</dd>' in client.get("/en/events/first/").text

    with django_capture_on_commit_callbacks(execute=True):
        if change == "register":
            registration(item, 2)
        else:
            actions.cancel(person)

    left = "1" if change == "register" else "3"
    assert f'<dd class="col-sm-9">{left}</dd>' in client.get("/en/events/first/").text


def test_the_kept_event_page_shows_a_change_to_the_event(
    client, django_capture_on_commit_callbacks
):
    item = event("first")
    youth = Audience.objects.get_or_create(
        code="youth", defaults={"name": "Молодь", "name_en": "Youth"}
    )[0]
    client.get("/en/events/first/")

    with django_capture_on_commit_callbacks(execute=True):
        item.venue = "Palace of Culture"
        item.save()
        item.audiences.add(youth)

    text = client.get("/en/events/first/").text
    assert "Palace of Culture" in text
    assert f'<dd class="col-sm-9">{youth.name_en}</dd>' in text


def test_the_kept_event_page_closes_registration_when_the_event_starts(
    client, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    item = event("first", days=1)
    assert "csrfmiddlewaretoken" in client.get("/en/events/first/").text
    moment = item.starts_at + timedelta(minutes=1)

    monkeypatch.setattr(timezone, "now", lambda: moment)

    text = client.get("/en/events/first/").text
    assert "csrfmiddlewaretoken" not in text
    assert "Registration is not open." in text


def test_a_visitor_registers_with_the_token_of_a_kept_event_page(client):
    from django.test import Client

    event("first")
    client.get("/en/events/first/")  # kept for every later visit
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/en/events/first/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = visitor.post(
        "/en/events/first/",
        {
            "name": "Марія Коваль",
            "email": "maria@example.org",
            "affiliation": "resident",
            "consent": "on",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302


def test_the_outcome_of_a_completed_event_is_never_kept(client):
    item = event("done", status="completed", days=-3)
    person = registration(item, 1)
    client.get("/en/events/done/")

    person.attended = True
    person.save(update_fields=["attended"])

    assert "Resident: 1" in client.get("/en/events/done/").text


def test_the_kept_event_page_opens_registration_when_its_time_comes(
    client, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    opens = timezone.now() + timedelta(hours=1)
    event("first", days=3, registration_opens_at=opens)
    assert "Registration is not open." in client.get("/en/events/first/").text
    moment = opens + timedelta(minutes=1)

    monkeypatch.setattr(timezone, "now", lambda: moment)

    assert "csrfmiddlewaretoken" in client.get("/en/events/first/").text


@pytest.mark.parametrize(
    ("status", "days"),
    [("cancelled", 7), ("postponed", 7), ("scheduled", -1)],
)
def test_no_free_places_are_offered_where_no_one_can_take_them(client, status, days):
    event("gone", capacity=30, status=status, days=days)

    page = client.get("/en/events/gone/").text

    assert "Places left" not in page
    assert 'name="email"' not in page


def test_free_places_are_offered_while_registration_is_open(client):
    event("open", capacity=30)

    page = client.get("/en/events/open/").text

    assert "Places left" in page
    assert 'name="email"' in page


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_a_cancelled_or_postponed_event_says_so_in_every_list(client, status):
    item = event("gone", status=status, days=3)
    month = f"/en/events/month/{item.starts_at:%Y/%m}/"

    for path in ["/en/", "/en/events/", month]:
        page = client.get(path).text
        assert "Training" in page, path
        assert status in page.split("Training", 1)[1][:200].lower(), path
