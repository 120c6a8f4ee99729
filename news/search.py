"""What the site search finds among the articles: news and prevention guides, as two
groups of results."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from news.models import Article, Kind
from portal.search import Hit, SearchKind

# The same fields, in the same order, as the indexes in migrations/0004.
FIELDS = ("title", "title_en", "lead", "lead_en", "body", "body_en")


def rows(kind: str):
    return (
        Article.objects.visible()
        .of_kind(kind)
        .only("kind", "slug", "title", "title_en", "lead", "lead_en", "published_at")
        .order_by("-published_at", "-pk")
    )


def hit(article: Article) -> Hit:
    return Hit(
        title=article.display_title,
        url=article.get_absolute_url(),
        summary=article.display_lead,
        when=article.published_at,
    )


def search_kinds() -> list[SearchKind]:
    return [
        SearchKind(
            "news",
            _("News"),
            10,
            partial(rows, Kind.NEWS),
            FIELDS,
            hit,
            kept="news-search",
        ),
        SearchKind(
            "prevention",
            _("Prevention guides"),
            20,
            partial(rows, Kind.PREVENTION),
            FIELDS,
            hit,
            kept="news-search",
        ),
    ]
