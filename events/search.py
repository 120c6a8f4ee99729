"""What the site search finds among the events: every event that is not a draft
(see portal.search)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from events.models import Event
from portal.search import Hit, SearchKind

# The same fields, in the same order, as the index in migrations/0006.
FIELDS = ("title", "title_en", "description", "description_en")


def rows():
    return (
        Event.objects.public()
        .only("slug", "title", "title_en", "description", "description_en", "starts_at")
        .order_by("-starts_at", "-pk")
    )


def hit(event: Event) -> Hit:
    return Hit(
        title=event.display_title,
        url=event.get_absolute_url(),
        summary=Truncator(event.display_description).words(30),
        when=event.starts_at,
    )


def search_kinds() -> list[SearchKind]:
    return [
        SearchKind("events", _("Events"), 50, rows, FIELDS, hit, kept="events-search")
    ]
