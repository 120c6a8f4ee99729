"""What accountability contributes to pages of other apps: the home page and the
community page."""

from django.db.models import F, Q

from accountability.models import Formation, Priority, Report


def home_context(request) -> dict:
    return {
        "latest_reports": list(
            Report.objects.published()
            .select_related("community")
            .order_by("-published_at")[:3]
        ),
    }


def community_context(community) -> dict:
    """Current priorities with their latest progress, the latest report and the
    formations of one community: three queries whatever the data."""
    priorities = list(
        Priority.objects.current()
        .filter(community=community)
        .select_related("community")
        .order_by("status", "-support_count", "-set_on")[:10]
    )
    report = (
        Report.objects.published()
        .filter(Q(community=community) | Q(community__isnull=True))
        # The newest; of two for the same period, the community's own.
        .order_by("-published_at", F("community").desc(nulls_last=True))
        .first()
    )
    formations = list(
        Formation.objects.filter(community=community, is_active=True).order_by("name")
    )
    return {
        "priorities": priorities,
        "report": report,
        "formations": formations,
    }
