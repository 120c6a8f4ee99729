"""Communities and settlements, and moments in the portal's time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal.models import Community, Settlement

KYIV = ZoneInfo("Europe/Kyiv")


def community(slug="chuhuiv", **fields) -> Community:
    defaults = {
        "name": f"Громада {slug}",
        "name_en": f"Community {slug}",
        "kind": "urban",
    }
    place, _ = Community.objects.get_or_create(
        slug=slug, defaults={**defaults, **fields}
    )
    return place


def settlement(place: Community, name="Чугуїв") -> Settlement:
    return Settlement.objects.get_or_create(
        community=place, name=name, defaults={"name_en": name, "kind": "city"}
    )[0]


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of a day in the portal's time zone."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KYIV)
