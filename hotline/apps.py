"""Citizens' complaints and feedback on police work."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area
from portal.kept import Kept

# What the filing form and the statistics name.
CHOICES = ("portal.Community", "portal.Settlement", "hotline.Category")
# What the public statistics count. Changes by the staff show at once; new filings
# reach the figures when the kept copies expire: were every filing to make them
# stale, a stream of filings would have them counted again for nearly every visit.
FIGURES = (*CHOICES, "hotline.Complaint")
FILINGS = ("hotline.Complaint",)
FRESH_SECONDS = 60


class HotlineConfig(AppConfig):
    name = "hotline"
    retention = "hotline.actions.retention_rules"
    verbose_name = _("Hotline")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "hotline.complaint.filed": _("complaint entered by staff"),
        "hotline.complaint.personal_data_viewed": _(
            "complainant's personal data viewed"
        ),
        "hotline.complaint.reclassified": _("complaint reclassified"),
        "hotline.complaint.assigned": _("complaint taken on"),
        "hotline.complaint.status_changed": _("complaint status changed"),
        "hotline.complaint.reply": _("public reply to a complaint"),
        "hotline.complaint.note": _("internal note on a complaint"),
        "hotline.complaint.deadline_extended": _("complaint deadline extended"),
        "hotline.complaint.flagged": _("disagreement flagged"),
        "hotline.complaint.flag_settled": _("disagreement settled"),
        "hotline.complaint.referred_externally": _(
            "complaint referred to an outside body"
        ),
        "hotline.complaint.external_outcome": _("outside body's outcome recorded"),
        "hotline.complaint.information_added": _("complainant added information"),
        "hotline.complaint.rated": _("complainant rated the answer"),
        "hotline.complaint.personal_data_erased": _(
            "complainant's personal data erased"
        ),
        "hotline.attachment.viewed": _("complaint's file opened"),
        "hotline.complaints.exported": _("complaints exported"),
    }
    portal_area = Area(
        title=_("Hotline"),
        url_name="hotline:index",
        order=10,
        home_context="hotline.summaries.home_context",
        home_template="hotline/home_block.html",
        community_context="hotline.summaries.community_context",
        community_template="hotline/community_block.html",
        community_order=30,
        home_kept="hotline-home",
        community_kept="hotline-community",
    )
    seed_demo = "hotline.demo.seed_demo"
    sitemaps = "hotline.sitemaps.sitemaps"
    kept = (
        Kept("hotline-form", models=CHOICES, by=("day",)),
        Kept(
            "hotline-settlements",
            models=("portal.Community", "portal.Settlement"),
            query=("community",),
        ),
        Kept(
            "hotline-figures",
            models=FIGURES,
            arrivals=FILINGS,
            languages=False,
            timeout=FRESH_SECONDS,
            part_of=("hotline-stats", "hotline-stats-files", "hotline-home"),
        ),
        Kept("hotline-stats", timeout=FRESH_SECONDS),
        # The figures as CSV and JSON: one row per community of the country.
        Kept("hotline-stats-files", timeout=FRESH_SECONDS),
        Kept("hotline-home", timeout=FRESH_SECONDS, part_of=("home-blocks",)),
        Kept(
            "hotline-community",
            models=FIGURES,
            arrivals=FILINGS,
            by=("community",),
            timeout=FRESH_SECONDS,
            part_of=("community-blocks",),
        ),
    )
