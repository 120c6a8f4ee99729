"""The hotline's public monitoring figures, computed by grouped queries in the database.

A count of fewer than five complaints (but more than none) is suppressed wherever it
is published, so that nobody can be singled out; so is any figure derived from fewer
than five complaints. The figures are cached and dropped whenever a complaint changes
(see hotline.actions).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hotline.models import Category, Complaint
from portal import kept
from portal.models import Community
from portal.suppression import SUPPRESS_BELOW


def _months(today: date, count: int = 12) -> list[date]:
    """The first days of the last `count` months, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def _median_days(queryset, start: str, end: str) -> float | None:
    """The median of `end - start` in days, found by ordering in the database."""
    span = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    durations = (
        queryset.filter(**{f"{end}__isnull": False})
        .annotate(span=span)
        .order_by("span")
        .values_list("span", flat=True)
    )
    count = durations.count()
    if count < SUPPRESS_BELOW:
        return None
    middle = durations[(count - 1) // 2 : count // 2 + 1]
    values = list(middle)
    seconds = sum(value.total_seconds() for value in values) / len(values)
    return round(seconds / 86400, 1)


def compute(today: date | None = None) -> dict:
    """Every public figure of the hotline, ready for the page, the CSV and the JSON."""
    today = today or timezone.localdate()
    complaints = Complaint.objects.all()
    kinds = dict(
        complaints.values_list("kind").annotate(n=Count("id")).order_by("kind")
    )
    categories = dict(
        complaints.values_list("category").annotate(n=Count("id")).order_by("category")
    )
    communities = dict(
        complaints.values_list("community")
        .annotate(n=Count("id"))
        .order_by("community")
    )
    months = _months(today)
    per_month: dict[date, Mapping[str, Any]] = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row
        for row in complaints.filter(received_at__date__gte=months[0])
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            received=Count("id"),
            complaints=Count("id", filter=Q(kind=Complaint.Kind.COMPLAINT)),
        )
        .order_by("month")
    }
    formal_closed = complaints.closed().with_clock().count()
    in_time = complaints.answered_in_time().count()
    rating = complaints.filter(satisfaction__isnull=False).aggregate(
        average=Avg("satisfaction"), count=Count("id")
    )
    return {
        "computed_at": timezone.now().isoformat(),
        "total": complaints.count(),
        "by_kind": [
            {"code": value, "count": kinds.get(value, 0)} for value in Complaint.Kind
        ],
        "by_category": [
            {
                "code": category.slug,
                "name": category.name,
                "name_en": category.name_en,
                "count": categories.get(category.pk, 0),
            }
            for category in Category.objects.order_by("position", "name")
        ]
        # Those without a category, so that the breakdown adds up to the total.
        + [{"code": "", "name": "", "name_en": "", "count": categories.get(None, 0)}],
        "by_community": [
            {
                "code": community.slug,
                "name": community.name,
                "name_en": community.name_en,
                "count": communities.get(community.pk, 0),
            }
            for community in Community.objects.order_by("name")
        ]
        + [{"code": "", "name": "", "name_en": "", "count": communities.get(None, 0)}],
        "by_month": [
            {
                "month": month.isoformat()[:7],
                "received": per_month.get(month, {}).get("received", 0),
                "complaints": per_month.get(month, {}).get("complaints", 0),
            }
            for month in months
        ],
        "formal_closed": formal_closed,
        "answered_in_time": in_time,
        "answered_in_time_share": (
            round(100 * in_time / formal_closed, 1)
            if formal_closed >= SUPPRESS_BELOW
            else None
        ),
        "median_days_to_first_reply": _median_days(
            complaints, "received_at", "first_reply_at"
        ),
        "median_days_to_resolution": _median_days(
            complaints.closed(), "received_at", "closed_at"
        ),
        "rated": rating["count"],
        "average_satisfaction": (
            round(rating["average"], 2) if rating["count"] >= SUPPRESS_BELOW else None
        ),
    }


def figures() -> dict:
    """The figures, kept as "hotline-figures" (see hotline.apps)."""
    return kept.value("hotline-figures", compute)
