"""Police reports to the communities, local security priorities, civic formations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Accountability")
    portal_area = Area(
        title=_("Accountability"),
        url_name="accountability:report-list",
        order=40,
        home_context="accountability.summaries.home_context",
        home_template="accountability/home_block.html",
        community_context="accountability.summaries.community_context",
        community_template="accountability/community_block.html",
        community_order=10,
        community_models=(
            "accountability.Report",
            "accountability.Priority",
            "accountability.PriorityUpdate",
            "accountability.Formation",
        ),
    )
    seed_demo = "accountability.demo.seed_demo"
    search_kinds = "accountability.search.search_kinds"
    sitemaps = "accountability.sitemaps.sitemaps"
    comment_targets = "accountability.comments.comment_targets"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.models import Community

        # A priority shows its latest progress without reading its whole log.
        post_save.connect(_progress_recorded, sender=self.get_model("PriorityUpdate"))
        # The cached priorities list names the communities in its cards and filters.
        post_save.connect(_communities_changed, sender=Community)
        post_delete.connect(_communities_changed, sender=Community)


def _progress_recorded(instance, **kwargs):
    from accountability.models import Priority, summarise_progress

    summarise_progress(Priority.objects.filter(pk=instance.priority_id))


def _communities_changed(**kwargs):
    from portal import fragments

    fragments.bump("accountability-priorities")
    fragments.bump("accountability-filters")
