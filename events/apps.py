"""Round tables, focus groups, trainings and school lectures, with registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area
from portal.kept import Kept

# What the public pages show of events: the events with their communities and
# audiences, and the places left.
SHOWN = ("events.Event", "portal.Community", "events.Audience", "events.Registration")
LIST_QUERY = ("kind", "audience", "community", "page")


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "events.status_changed": _("event status changed"),
        "events.attendance_recorded": _("attendance recorded"),
        "events.registrations_exported": _("registrations exported"),
        "events.request_accepted": _("event request accepted"),
        "events.request_declined": _("event request declined"),
    }
    portal_area = Area(
        title=_("Events"),
        url_name="events:list",
        order=30,
        home_context="events.summaries.home_context",
        home_template="events/home_block.html",
        community_context="events.summaries.community_context",
        community_template="events/community_block.html",
        community_order=50,
        home_kept="events-home",
        community_kept="events-community",
    )
    seed_demo = "events.demo.seed_demo"
    search_kinds = "events.search.search_kinds"
    retention = "events.actions.retention_rules"
    sitemaps = "events.sitemaps.sitemaps"
    kept = (
        # The list, per filter and page, which changes by itself when the first
        # upcoming event ends; and each event's page, which changes by itself when
        # its registration opens or closes.
        Kept("events-upcoming", models=SHOWN, query=LIST_QUERY),
        Kept("events-page", models=SHOWN, by=("slug",)),
        # Events pass into the archive with the clock; the calendar to subscribe to
        # loses them when they end.
        Kept("events-archive", models=SHOWN, timeout=60),
        Kept(
            "events-archive-list", models=SHOWN, timeout=60, part_of=("events-archive",)
        ),
        Kept("events-month", models=SHOWN, by=("year", "number")),
        Kept(
            "events-month-grid",
            models=SHOWN,
            by=("year", "number"),
            part_of=("events-month",),
        ),
        Kept("events-calendar", models=SHOWN, query=("community",), timeout=600),
        Kept("events-ics", models=SHOWN, by=("slug",)),
        Kept("events-registration-form"),
        # The blank request for a lecture names the communities.
        Kept("events-request-form", models=("portal.Community",)),
        # Upcoming events pass with the clock.
        Kept("events-home", models=SHOWN, timeout=60, part_of=("home-blocks",)),
        Kept(
            "events-community",
            models=SHOWN,
            by=("community",),
            timeout=60,
            part_of=("community-blocks",),
        ),
        Kept(
            "events-sitemap",
            models=("events.Event",),
            by=("section",),
            query=("p",),
            languages=False,
            part_of=("sitemap-index",),
        ),
        Kept(
            "events-search",
            models=("events.Event",),
            by=("words", "page"),
            timeout=60,
            part_of=("search-results",),
        ),
    )
