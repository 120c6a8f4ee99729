from django.urls import reverse
from django.utils import timezone

from portal.sitemaps import PagesSitemap, PortalSitemap
from surveys.models import Survey


class SurveySitemap(PortalSitemap):
    """Open surveys, and the results of closed ones that were published."""

    kept = "surveys-sitemap"

    def items(self):
        return Survey.objects.listed().only("slug", "closes_at").order_by("pk")

    def location(self, survey: Survey) -> str:
        if survey.closes_at <= timezone.now():
            return reverse("surveys:results", args=[survey.slug])
        return survey.get_absolute_url()


def sitemaps() -> dict[str, PortalSitemap]:
    return {"surveys": PagesSitemap("surveys:list"), "survey-pages": SurveySitemap()}
