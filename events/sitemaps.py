from events.models import Event
from portal.sitemaps import PagesSitemap, PortalSitemap


class EventSitemap(PortalSitemap):
    kept = "events-sitemap"

    def items(self):
        return Event.objects.public().only("slug").order_by("pk")


def sitemaps() -> dict[str, PortalSitemap]:
    return {
        "events": PagesSitemap(
            "events:list", "events:archive", "events:month-current", "events:request"
        ),
        "event-pages": EventSitemap(),
    }
