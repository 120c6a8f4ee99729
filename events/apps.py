"""Round tables, focus groups, trainings and school lectures, with registration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    portal_area = Area(
        title=_("Events"),
        url_name="events:list",
        order=30,
        home_context="events.summaries.home_context",
        home_template="events/home_block.html",
        community_context="events.summaries.community_context",
        community_template="events/community_block.html",
        community_order=50,
        community_models=("events.Event",),
    )
    seed_demo = "events.demo.seed_demo"
    search_kinds = "events.search.search_kinds"
    sitemaps = "events.sitemaps.sitemaps"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from portal.models import Community

        Audience, Event = self.get_model("Audience"), self.get_model("Event")
        # The cached filter options name communities and audiences.
        for model in (Community, Audience):
            post_save.connect(_options_changed, sender=model)
            post_delete.connect(_options_changed, sender=model)
        # The kept list and event pages show events, their communities, audiences
        # and places left.
        for model in (Event, Community, Audience, self.get_model("Registration")):
            post_save.connect(shown_changed, sender=model)
            post_delete.connect(shown_changed, sender=model)
        m2m_changed.connect(shown_changed, sender=Event.audiences.through)


def _options_changed(**kwargs):
    from portal import fragments

    fragments.bump("events-filters")


def shown_changed(action: str = "post_save", **kwargs) -> None:
    """Make the kept list and event pages stale once the change is committed:
    bumped earlier, a page rendered from the old rows could be kept under the new
    version."""
    from django.db import transaction

    from events.views import SHOWN, UPCOMING
    from portal import fragments

    def bump():
        fragments.bump(UPCOMING)
        fragments.bump(SHOWN)

    if action.startswith("post_"):
        transaction.on_commit(bump)
