"""Police reports to the communities, local security priorities, civic formations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area
from portal.kept import Kept

# What cards of priorities show: the priority, its latest progress, its community.
PRIORITIES = (
    "accountability.Priority",
    "accountability.PriorityUpdate",
    "portal.Community",
)
# The priorities list is kept per filter (PriorityFilter's) and page.
PRIORITY_QUERY = ("community", "status", "source", "page")
REPORTS = ("accountability.Report", "portal.Community")
REPORT_QUERY = ("community", "period", "year", "page")
FORMATIONS = ("accountability.Formation", "portal.Community")
FORMATION_QUERY = ("community", "page")


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Accountability")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "accountability.report_changed": _("report changed"),
        "accountability.report_status": _("report status changed"),
        "accountability.question_moderated": _("resident's question moderated"),
        "accountability.priority_created": _("priority created"),
        "accountability.priority_edited": _("priority edited"),
        "accountability.priority_status": _("priority status changed"),
        "accountability.priority_progress": _("priority progress recorded"),
    }
    portal_area = Area(
        title=_("Accountability"),
        url_name="accountability:report-list",
        order=40,
        home_context="accountability.summaries.home_context",
        home_template="accountability/home_block.html",
        community_context="accountability.summaries.community_context",
        community_template="accountability/community_block.html",
        community_order=10,
        home_kept="accountability-home",
        community_kept="accountability-community",
    )
    seed_demo = "accountability.demo.seed_demo"
    search_kinds = "accountability.search.search_kinds"
    retention = "accountability.actions.retention_rules"
    sitemaps = "accountability.sitemaps.sitemaps"
    comment_targets = "accountability.comments.comment_targets"
    kept = (
        # The hotline's share of the candidate priorities: half a year of appeals
        # counted by community and category. New filings reach it when it expires.
        Kept(
            "priority-candidates-hotline",
            models=("hotline.Complaint", "hotline.Category"),
            arrivals=("hotline.Complaint",),
            by=("day",),
            timeout=600,
        ),
        # The priorities list, whole for anonymous readers, and its two parts.
        Kept(
            "accountability-priorities",
            models=PRIORITIES,
            query=PRIORITY_QUERY,
        ),
        Kept(
            "accountability-filters",
            models=("portal.Community",),
            query=PRIORITY_QUERY[:-1],
            part_of=("accountability-priorities",),
        ),
        Kept(
            "accountability-priority-results",
            models=PRIORITIES,
            query=PRIORITY_QUERY,
            part_of=("accountability-priorities",),
        ),
        # The reports list, whole for anonymous readers, and its two parts.
        Kept("accountability-reports", models=REPORTS, query=REPORT_QUERY),
        Kept("accountability-report-feed", models=REPORTS),
        Kept("accountability-formations", models=FORMATIONS, query=FORMATION_QUERY),
        Kept(
            "accountability-formation-filters",
            models=FORMATIONS,
            query=FORMATION_QUERY[:-1],
            part_of=("accountability-formations",),
        ),
        Kept(
            "accountability-formation-results",
            models=FORMATIONS,
            query=FORMATION_QUERY,
            part_of=("accountability-formations",),
        ),
        # What the open data are: nothing but the code says it.
        Kept("accountability-open-data"),
        Kept(
            "accountability-report-filters",
            models=REPORTS,
            query=REPORT_QUERY[:-1],
            part_of=("accountability-reports",),
        ),
        Kept(
            "accountability-report-results",
            models=REPORTS,
            query=REPORT_QUERY,
            part_of=("accountability-reports",),
        ),
        Kept(
            "accountability-home",
            models=("accountability.Report", "portal.Community"),
            part_of=("home-blocks",),
        ),
        Kept(
            "accountability-community",
            models=(*PRIORITIES, "accountability.Report", "accountability.Formation"),
            by=("community",),
            part_of=("community-blocks",),
        ),
        Kept(
            "accountability-sitemap",
            models=("accountability.Report", "accountability.Priority"),
            by=("section",),
            query=("p",),
            languages=False,
            part_of=("sitemap-index",),
        ),
        Kept(
            "accountability-report-search",
            models=("accountability.Report",),
            by=("words", "page"),
            timeout=60,
            part_of=("search-results",),
        ),
        Kept(
            "accountability-priority-search",
            models=("accountability.Priority",),
            by=("words", "page"),
            timeout=60,
            part_of=("search-results",),
        ),
    )

    def ready(self):
        from django.db.models.signals import post_save

        # A priority shows its latest progress without reading its whole log.
        post_save.connect(_progress_recorded, sender=self.get_model("PriorityUpdate"))


def _progress_recorded(instance, **kwargs):
    from accountability.models import Priority, summarise_progress

    summarise_progress(Priority.objects.filter(pk=instance.priority_id))
