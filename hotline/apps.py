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
        community_context="hotline.summaries.community_context",
        community_template="hotline/community_block.html",
        community_order=30,
    )
    seed_demo = "hotline.demo.seed_demo"
    sitemaps = "hotline.sitemaps.sitemaps"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.models import Community, Settlement

        # The cached filing form and statistics show these names: drop both copies
        # when any of them changes.
        for model in (Community, Settlement, self.get_model("Category")):
            post_save.connect(_choices_changed, sender=model)
            post_delete.connect(_choices_changed, sender=model)


def _choices_changed(**kwargs):
    from portal import fragments

    fragments.bump("hotline-form")
    fragments.bump("hotline-stats")
