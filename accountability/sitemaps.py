from accountability.models import Priority, Report
from portal.sitemaps import PagesSitemap, PortalSitemap


class ReportSitemap(PortalSitemap):
    kept = "accountability-sitemap"

    def items(self):
        return Report.objects.public().only("slug", "changed_at").order_by("pk")

    def lastmod(self, report: Report):
        return report.changed_at


class PrioritySitemap(PortalSitemap):
    kept = "accountability-sitemap"

    def items(self):
        return Priority.objects.only("pk", "updated_at").order_by("pk")

    def lastmod(self, priority: Priority):
        return priority.updated_at


def sitemaps() -> dict[str, PortalSitemap]:
    return {
        "accountability": PagesSitemap(
            "accountability:report-list",
            "accountability:priority-list",
            "accountability:formation-list",
            "accountability:open-data",
        ),
        "reports": ReportSitemap(),
        "priorities": PrioritySitemap(),
    }
