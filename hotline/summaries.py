"""What the hotline contributes to pages of other apps (the home page)."""

from datetime import timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from hotline import stats
from hotline.models import Complaint


def home_context(request) -> dict:
    figures = stats.figures()
    return {
        "total": figures["total"],
        "suppressed": stats.suppressed(figures["total"]),
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
        "received_suppressed": stats.suppressed(totals["received"]),
        "in_time_share": (
            round(100 * in_time / closed, 1) if closed >= stats.SUPPRESS_BELOW else None
        ),
        "satisfaction": (
            round(totals["satisfaction"], 1)
            if totals["rated"] >= stats.SUPPRESS_BELOW
            else None
        ),
        "categories": [
            {
                "name": row["category__name"],
                "name_en": row["category__name_en"],
                "count": row["n"],
            }
            for row in by_category
            if row["n"] >= stats.SUPPRESS_BELOW
        ],
    }
