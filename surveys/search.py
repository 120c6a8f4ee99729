"""What the site search finds among the surveys: the titles of those the survey list
shows, open ones and closed ones with published results (see portal.search)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search import Hit, SearchKind
from surveys.models import Survey

# The same fields, in the same order, as the index in migrations/0005.
FIELDS = ("title", "title_en")


def rows():
    return (
        Survey.objects.listed()
        .only("slug", "title", "title_en", "opens_at", "closes_at")
        .order_by("-opens_at", "-pk")
    )


def hit(survey: Survey) -> Hit:
    url = (
        reverse("surveys:results", args=[survey.slug])
        if survey.is_closed
        else survey.get_absolute_url()
    )
    return Hit(title=survey.display_title, url=url, when=survey.opens_at)


def search_kinds() -> list[SearchKind]:
    return [
        SearchKind(
            "surveys", _("Surveys"), 60, rows, FIELDS, hit, kept="surveys-search"
        )
    ]
