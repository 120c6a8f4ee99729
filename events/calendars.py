"""Calendar files of the events (RFC 5545), as every calendar program reads them.

Times are written in Europe/Kyiv with a time-zone block of two yearly rules (the last
Sunday of March and of October), the form that Thunderbird's ical.js, vobject, Google
and Apple all read: a block listing past changes as comma-separated dates (what
icalendar makes from zoneinfo) is read by some of them as its first date only, which
puts every winter event an hour early. A test checks these rules against zoneinfo for
every year an event may fall in, so a change in Ukraine's law that reaches tzdata
fails it.

Each event carries SEQUENCE, which grows with every change that a calendar shows
(time, place, title, description, status), and LAST-MODIFIED, so that subscribed
calendars replace their copy.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event

KYIV = ZoneInfo("Europe/Kyiv")

VTIMEZONE = """BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Europe/Kyiv
BEGIN:DAYLIGHT
TZOFFSETFROM:+0200
TZOFFSETTO:+0300
TZNAME:EEST
DTSTART:19700329T030000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0300
TZOFFSETTO:+0200
TZNAME:EET
DTSTART:19701025T040000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
END:VCALENDAR
"""


def _timezone_block():
    return Calendar.from_ical(VTIMEZONE).walk("VTIMEZONE")[0]


def entry(event: Event) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('//')[-1]}")
    item.add("summary", event.display_title)
    item.add("description", event.display_description)
    item.add("dtstart", timezone.localtime(event.starts_at, KYIV))
    item.add("dtend", timezone.localtime(event.ends_at, KYIV))
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.updated_at)
    item.add("sequence", event.sequence)
    location = ", ".join(part for part in [event.display_venue, event.address] if part)
    if location:
        item.add("location", location)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    if event.status == Event.Status.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "CONFIRMED")
    return item


def calendar(events, name: str) -> bytes:
    """The events as one calendar file named `name`."""
    cal = Calendar()
    cal.add("prodid", "-//Community policing portal//events//UK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Kyiv")
    cal.add_component(_timezone_block())
    for event in events:
        cal.add_component(entry(event))
    return cal.to_ical()
