"""What the hotline contributes to pages of other apps (the home page, reports)."""

from datetime import datetime, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from hotline import stats
from hotline.models import Complaint
from portal.suppression import SUPPRESS_BELOW, suppressed


def home_context(request) -> dict:
    figures = stats.figures()
    return {
        "total": figures["total"],
        "suppressed": suppressed(figures["total"]),
        "answered_in_time_share": figures["answered_in_time_share"],
        "average_satisfaction": figures["average_satisfaction"],
    }


def community_context(community) -> dict:
    """The last 12 months of the hotline in one community, suppressed below five:
    three queries whatever the number of complaints."""
    since = timezone.now() - timedelta(days=365)
    complaints = Complaint.objects.filter(community=community, received_at__gte=since)
    in_time = complaints.answered_in_time().count()
    totals = complaints.aggregate(
        received=Count("id"),
        closed=Count(
            "id",
            filter=Q(
                status__in=Complaint.CLOSED_STATUSES,
                path=Complaint.Path.FORMAL,
                due_on__isnull=False,
            ),
        ),
        rated=Count("id", filter=Q(satisfaction__isnull=False)),
        satisfaction=Avg("satisfaction"),
    )
    by_category = (
        complaints.filter(category__isnull=False)
        .values("category__name", "category__name_en")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")[:5]
    )
    closed = totals["closed"]
    return {
        "received": totals["received"],
        "received_suppressed": suppressed(totals["received"]),
        "in_time_share": (
            round(100 * in_time / closed, 1) if closed >= SUPPRESS_BELOW else None
        ),
        "satisfaction": (
            round(totals["satisfaction"], 1)
            if totals["rated"] >= SUPPRESS_BELOW
            else None
        ),
        "categories": [
            {
                "name": row["category__name"],
                "name_en": row["category__name_en"],
                "count": row["n"],
            }
            for row in by_category
            if row["n"] >= SUPPRESS_BELOW
        ],
    }


def period_figures(community, start: datetime, end: datetime) -> dict:
    """What a police report says of the hotline from `start` to `end`: appeals
    received, formal appeals answered and answered in time, and the average rating
    (None under five ratings); for the whole raion when `community` is None."""
    complaints = Complaint.objects.all()
    if community is not None:
        complaints = complaints.in_community(community)
    closed = complaints.closed().closed_between(start, end)
    rating = closed.rating()
    return {
        "received": complaints.received_between(start, end).count(),
        "answered": closed.with_clock().count(),
        "answered_in_time": (
            complaints.answered_in_time().closed_between(start, end).count()
        ),
        "average_satisfaction": (
            round(rating["average"], 2) if rating["rated"] >= SUPPRESS_BELOW else None
        ),
    }
