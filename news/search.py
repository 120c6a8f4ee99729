"""What the site search finds among the articles: news and prevention guides, as two
groups of results."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from news.models import Article, Kind
from portal.search import Hit, Query, SearchKind

# The same fields, in the same order, as the indexes in migrations/0004.
FIELDS = ("title", "title_en", "lead", "lead_en", "body", "body_en")


def find(kind: str, query: Query):
    return (
        query.filter(Article.objects.visible().of_kind(kind), FIELDS)
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
            "news", _("News"), 10, partial(find, Kind.NEWS), hit, kept="news-search"
        ),
        SearchKind(
            "prevention",
            _("Prevention guides"),
            20,
            partial(find, Kind.PREVENTION),
            hit,
            kept="news-search",
        ),
    ]
