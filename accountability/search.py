"""What the site search finds in accountability: published reports and the
priorities (see portal.search)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accountability.models import Priority, Report
from portal.models import in_language
from portal.search import Hit, SearchKind

# The same fields, in the same order, as the indexes in migrations/0002.
REPORT_FIELDS = ("title", "title_en", "summary", "summary_en", "body", "body_en")
PRIORITY_FIELDS = ("issue", "issue_en", "action", "action_en")


def reports():
    return (
        Report.objects.published()
        .only("slug", "title", "title_en", "summary", "summary_en", "published_at")
        .order_by("-published_at", "-pk")
    )


def report_hit(report: Report) -> Hit:
    return Hit(
        title=report.display_title,
        url=report.get_absolute_url(),
        summary=report.display_summary,
        when=report.published_at,
    )


def priorities():
    return (
        Priority.objects.all()
        .only("issue", "issue_en", "action", "action_en", "set_on")
        .order_by("-set_on", "-pk")
    )


def priority_hit(priority: Priority) -> Hit:
    return Hit(
        title=Truncator(in_language(priority, "issue")).words(20),
        url=priority.get_absolute_url(),
        summary=in_language(priority, "action"),
        when=priority.set_on,
    )


def search_kinds() -> list[SearchKind]:
    return [
        SearchKind(
            "reports",
            _("Accountability reports"),
            30,
            reports,
            REPORT_FIELDS,
            report_hit,
            kept="accountability-report-search",
        ),
        SearchKind(
            "priorities",
            _("Security priorities"),
            40,
            priorities,
            PRIORITY_FIELDS,
            priority_hit,
            kept="accountability-priority-search",
        ),
    ]
