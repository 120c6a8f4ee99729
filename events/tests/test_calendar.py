"""Calendar files parse with the icalendar library and carry Kyiv times."""

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.models import Community
from tests.factories import event

pytestmark = pytest.mark.django_db


def test_an_event_downloads_as_ics_with_the_right_times(client):
    item = event()

    response = client.get(f"/en/events/{item.slug}/event.ics")

    assert response["Content-Type"].startswith("text/calendar")
    entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["summary"]) == "Training"
    start = entry.decoded("dtstart")
    assert start == item.starts_at.replace(microsecond=0)
    assert start.tzinfo.key == ZoneInfo("Europe/Kyiv").key


def test_the_feed_lists_upcoming_events_and_filters_by_community(client):
    place = Community.objects.create(slug="m", name="М", name_en="M", kind="urban")
    event("here", community=place)
    event("raion-wide")
    event("past", days=-10)
    event("draft", status="draft")
    other = Community.objects.create(slug="o", name="О", name_en="O", kind="urban")
    event("elsewhere", community=other)

    everything = Calendar.from_ical(client.get("/events/calendar.ics").content)
    local = Calendar.from_ical(client.get("/events/calendar.ics?community=m").content)

    assert len(list(everything.walk("VEVENT"))) == 3
    assert len(list(local.walk("VEVENT"))) == 2
