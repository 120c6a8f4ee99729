"""Atom feeds of the news and of the prevention guides, advertised on every page."""

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from news.models import Article, Kind
from portal.feeds import PortalFeed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TITLES: dict[str, "StrOrPromise"] = {
    Kind.NEWS: _("News of the police and the communities"),
    Kind.PREVENTION: _("Crime-prevention guides"),
}
SUBTITLES: dict[str, "StrOrPromise"] = {
    Kind.NEWS: _("What the project and the police do in the communities."),
    Kind.PREVENTION: _(
        "How to protect yourself and your family: fraud, violence, roads, mines, "
        "the internet."
    ),
}


class ArticleFeed(PortalFeed):
    items_shown = 30

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def title(self) -> str:
        return str(TITLES[self.kind])

    def subtitle(self) -> str:
        return str(SUBTITLES[self.kind])

    def link(self) -> str:
        return reverse(f"news:{self.kind}-list")

    def feed_url(self) -> str:
        return reverse(f"news:{self.kind}-feed")

    def items(self):
        return (
            Article.objects.visible()
            .of_kind(self.kind)
            .select_related("topic", "author")
            .defer("body", "body_en")
            .order_by("-published_at", "-pk")[: self.items_shown]
        )

    def item_title(self, item: Article) -> str:
        return item.display_title

    def item_description(self, item: Article) -> str:
        return item.display_lead

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return (item.author.get_full_name() or None) if item.author else None

    def item_categories(self, item: Article):
        return [item.topic.display_name]


def advertised() -> list[tuple["StrOrPromise", str]]:
    """The feeds every page names in its head: (title, URL name)."""
    return [
        (TITLES[Kind.NEWS], "news:news-feed"),
        (TITLES[Kind.PREVENTION], "news:prevention-feed"),
    ]
