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
    )
    seed_demo = "events.demo.seed_demo"
    seed_bench = "events.demo.seed_bench"
    bench_pages = "events.demo.bench_pages"
