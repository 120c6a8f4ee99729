"""The Atom feed of published accountability reports."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accountability.models import Report
from portal.feeds import PortalFeed


class ReportFeed(PortalFeed):
    title = _("Police accountability reports, Chuhuiv raion")
    subtitle = _("Reports of the police to the territorial communities.")
    link = reverse_lazy("accountability:report-list")

    def items(self):
        return (
            Report.objects.published()
            .select_related("community")
            .order_by("-published_at")[:50]
        )

    def item_title(self, item: Report) -> str:
        return item.display_title

    def item_description(self, item: Report) -> str:
        return item.display_summary

    def item_pubdate(self, item: Report):
        return item.published_at

    def item_updateddate(self, item: Report):
        return item.changed_at

    def item_categories(self, item: Report):
        return [item.community.display_name] if item.community else []
