"""Calendar files read the same in the calendar programs people use: ical.js
(Thunderbird and many web calendars, run in Node) and vobject, besides icalendar.
Winter and summer events land at their Kyiv time; the time-zone block agrees with
zoneinfo in every year; a change to an event raises its SEQUENCE."""

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from conftest import missing_service
from events import calendars
from events.models import Event
from tests.factories import event

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
ROOT = Path(__file__).resolve().parents[2]
ICALJS = ROOT / ".venv" / "node" / "node_modules" / "ical.js" / "dist" / "ical.es5.cjs"
READER = Path(__file__).with_name("ical_read.cjs")

# 18:00 in Kyiv: 16:00 UTC in winter (EET), 15:00 UTC in summer (EEST).
WINTER = datetime(2027, 1, 15, 18, 0, tzinfo=KYIV)
SUMMER = datetime(2027, 7, 15, 18, 0, tzinfo=KYIV)
EXPECTED = {
    "winter": datetime(2027, 1, 15, 16, 0, tzinfo=UTC),
    "summer": datetime(2027, 7, 15, 15, 0, tzinfo=UTC),
}


def seasons() -> bytes:
    for slug, starts in (("winter", WINTER), ("summer", SUMMER)):
        Event.objects.filter(pk=event(slug).pk).update(
            starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    events = Event.objects.filter(slug__in=EXPECTED).order_by("starts_at")
    return calendars.calendar(events, "Події")


def uid_of(slug: str) -> str:
    return str(calendars.entry(Event.objects.get(slug=slug))["uid"])


def read_with_icaljs(ics: bytes) -> list:
    if not shutil.which("node"):
        missing_service("Node.js is needed to run ical.js")
    if not ICALJS.exists():
        missing_service("ical.js is missing: make test installs it with npm")
    result = subprocess.run(
        ["node", str(READER), str(ICALJS)],
        input=ics,
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_icaljs_reads_winter_and_summer_events_at_their_kyiv_time():
    ics = seasons()

    starts = {uid: start for uid, start, _sequence in read_with_icaljs(ics)}

    for slug, expected in EXPECTED.items():
        read = datetime.fromisoformat(starts[uid_of(slug)].replace("Z", "+00:00"))
        assert read == expected, slug


def test_vobject_reads_winter_and_summer_events_at_their_kyiv_time():
    parsed = vobject.readOne(seasons().decode())

    starts = {e.uid.value: e.dtstart.value for e in parsed.vevent_list}

    for slug, expected in EXPECTED.items():
        assert starts[uid_of(slug)].astimezone(UTC) == expected, slug


def test_icalendar_reads_them_at_the_same_times():
    parsed = Calendar.from_ical(seasons())

    starts = {str(e["uid"]): e.decoded("dtstart") for e in parsed.walk("VEVENT")}

    for slug, expected in EXPECTED.items():
        assert starts[uid_of(slug)].astimezone(UTC) == expected, slug


def test_the_time_zone_block_agrees_with_zoneinfo_in_every_year():
    """Every hour of March, October and the day of each change, and noon of every
    other day, from 1997 (when Ukraine took the EU's dates) to 2040."""
    block = vobject.readOne(calendars.VTIMEZONE).vtimezone.gettzinfo()
    moment = datetime(1997, 1, 1, tzinfo=UTC)
    end = datetime(2041, 1, 1, tzinfo=UTC)
    while moment < end:
        step = timedelta(hours=1) if moment.month in (3, 10) else timedelta(hours=12)
        local = moment.astimezone(KYIV)
        ours = moment.astimezone(block)
        assert ours.utcoffset() == local.utcoffset(), moment
        moment += step


def test_a_change_that_calendars_show_raises_the_sequence_and_last_modified():
    item = event()
    first = calendars.entry(item)
    assert first["sequence"] == 0

    item.refresh_from_db()
    before = item.updated_at
    item.speakers = "Лектор"  # not shown in calendars
    item.save()
    assert item.sequence == 0

    item.starts_at += timedelta(hours=1)
    item.ends_at += timedelta(hours=1)
    item.save()
    item.status = Event.Status.CANCELLED
    item.save(update_fields=["status"])

    item.refresh_from_db()
    assert item.sequence == 2
    assert item.updated_at > before
    entry = calendars.entry(item)
    assert entry["sequence"] == 2 and entry["status"] == "CANCELLED"
    stamp = item.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"LAST-MODIFIED:{stamp}" in entry.to_ical().decode()


def test_subscribed_calendars_see_the_new_sequence(
    client, django_capture_on_commit_callbacks
):
    item = event()
    url = "/events/calendar.ics"
    before = read_with_icaljs(client.get(url).content)

    with django_capture_on_commit_callbacks(execute=True):
        item.starts_at += timedelta(days=1)
        item.ends_at += timedelta(days=1)
        item.save()

    after = read_with_icaljs(client.get(url).content)
    assert [sequence for _uid, _start, sequence in before] == [0]
    assert [sequence for _uid, _start, sequence in after] == [1]
