"""Citizens' complaints and feedback on police work."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Hotline")
    portal_area = Area(
        title=_("Hotline"),
        url_name="hotline:index",
        order=10,
        home_context="hotline.summaries.home_context",
        home_template="hotline/home_block.html",
    )
    seed_demo = "hotline.demo.seed_demo"
    seed_bench = "hotline.demo.seed_bench"
    bench_pages = "hotline.demo.bench_pages"
