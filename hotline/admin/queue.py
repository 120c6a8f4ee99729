"""The queue's saved views and filters, the number search and the CSV export."""

import re

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models import DUE_SOON_DAYS, Complaint

# What staff type for a complaint's number: 123, 000123 or 2026-000123. Longer runs
# of digits are phone numbers, searched as text.
NUMBER = re.compile(r"(?:\d{4}-)?(\d{1,7})")


def complaint_number(search_term: str) -> int | None:
    """The complaint number that `search_term` is, if it is one."""
    match = NUMBER.fullmatch(search_term.strip())
    return int(match[1]) if match else None


class DueStateFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "due"
    # The choices that keep only open complaints with a statutory clock.
    CLOCKED = {"overdue", "soon", "running"}

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("soon", _("due within %(days)s days") % {"days": DUE_SOON_DAYS}),
            ("running", _("clock running")),
            ("none", _("no statutory clock")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.due_soon(today)
        if self.value() == "running":
            return queryset.open().with_clock()
        if self.value() == "none":
            return queryset.filter(due_on__isnull=True)
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = _("disagreement")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("open", _("open disagreement")), ("any", _("ever flagged"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.flagged(still_open=True)
        if self.value() == "any":
            return queryset.flagged()
        return queryset


class QueueViewFilter(admin.SimpleListFilter):
    """The operators' saved views of the queue, offered above the list as well."""

    title = _("view")
    parameter_name = "view"
    # The views of open appeals whose clock runs, ordered by their deadline.
    BY_DEADLINE = {"overdue", "week"}

    def lookups(self, request, model_admin):
        return [
            ("open", _("open")),
            ("new", _("new, not yet triaged")),
            ("mine", _("mine")),
            ("overdue", _("overdue")),
            ("week", _("due within a week")),
            ("flagged", _("flagged by monitors")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "open":
                return queryset.open()
            case "new":
                return queryset.filter(status=Complaint.Status.RECEIVED)
            case "mine":
                return queryset.handled_by(request.user)
            case "overdue":
                return queryset.overdue(today)
            case "week":
                return queryset.due_soon(today, days=7)
            case "flagged":
                return queryset.flagged(still_open=True)
        return queryset


def by_deadline(request) -> bool:
    """Whether the queue shows only open appeals whose clock runs, which it orders
    by their deadline (the index of open deadlines holds no others)."""
    return (
        request.GET.get(QueueViewFilter.parameter_name) in QueueViewFilter.BY_DEADLINE
        or request.GET.get(DueStateFilter.parameter_name) in DueStateFilter.CLOCKED
    )


EXPORT_COLUMNS = [
    ("number", lambda c: c.reference),
    ("received_at", lambda c: timezone.localtime(c.received_at).isoformat()),
    ("kind", lambda c: c.kind),
    ("category", lambda c: c.category.slug if c.category else ""),
    ("community", lambda c: c.community.slug if c.community else ""),
    ("settlement", lambda c: c.settlement.name if c.settlement else ""),
    ("channel", lambda c: c.channel),
    ("path", lambda c: c.path),
    ("status", lambda c: c.status),
    ("deadline", lambda c: c.deadline.isoformat() if c.deadline else ""),
    ("first_reply_at", lambda c: _iso(c.first_reply_at)),
    ("closed_at", lambda c: _iso(c.closed_at)),
    ("unit", lambda c: c.unit.name if c.unit else ""),
    ("satisfaction", lambda c: c.satisfaction or ""),
]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def csv_rows(queryset):
    yield [name for name, _ in EXPORT_COLUMNS]
    rows = queryset.select_related("category", "community", "settlement", "unit")
    for complaint in rows.iterator(chunk_size=2000):
        yield [value(complaint) for _, value in EXPORT_COLUMNS]
