from django.contrib.sitemaps import Sitemap

from events.models import Event
from portal.sitemaps import PagesSitemap, PortalSitemap


class EventSitemap(PortalSitemap):
    def items(self):
        return Event.objects.public().only("slug").order_by("pk")


def sitemaps() -> dict[str, Sitemap]:
    return {
        "events": PagesSitemap(
            "events:list", "events:archive", "events:month-current", "events:request"
        ),
        "event-pages": EventSitemap(),
    }
