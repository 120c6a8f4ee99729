"""What the hotline contributes to pages of other apps (the home page)."""

from datetime import timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from hotline import stats
from hotline.actions import STATS_FRAGMENT
from hotline.models import Complaint
from portal import fragments
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
    """The last 12 months of the hotline in one community, suppressed below five;
    kept like the statistics (see hotline.stats.FRESH_SECONDS)."""
    return fragments.cached_value(
        STATS_FRAGMENT,
        ("community", community.pk),
        lambda: community_figures(community),
        timeout=stats.FRESH_SECONDS,
    )


def community_figures(community) -> dict:
    """Three queries whatever the number of complaints."""
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
