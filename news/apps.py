"""News about the project and the police, crime-prevention guides, and readers'
comments on them and on accountability reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class NewsConfig(AppConfig):
    name = "news"
    label = "news"
    verbose_name = _("News and prevention")
    portal_area = Area(
        title=_("News and prevention"), url_name="news:news-list", order=50
    )
    seed_demo = "news.demo.seed_demo"
    search_kinds = "news.search.search_kinds"
    sitemaps = "news.sitemaps.sitemaps"
    feeds = "news.feeds.advertised"
    comment_targets = "news.comments.comment_targets"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from news.comments import connect_target_deletion
        from portal.models import Community

        # Cached filter forms name topics and communities; cached article pages name
        # them too, and list related articles.
        for model in (Community, self.get_model("Topic")):
            post_save.connect(_choices_changed, sender=model)
            post_delete.connect(_choices_changed, sender=model)
        for model in (self.get_model("Article"),):
            post_save.connect(_articles_changed, sender=model)
            post_delete.connect(_articles_changed, sender=model)
        post_delete.connect(_comments_deleted, sender=self.get_model("Comment"))
        # Comments are attached by content type, so nothing cascades to them.
        connect_target_deletion()


def _bump_on_commit(*names: str) -> None:
    from django.db import transaction

    from portal import fragments

    for name in names:
        transaction.on_commit(lambda name=name: fragments.bump(name), robust=True)


def _choices_changed(**kwargs):
    _bump_on_commit("news-filters", "news-articles")


def _articles_changed(**kwargs):
    _bump_on_commit("news-articles")


def _comments_deleted(**kwargs):
    _bump_on_commit("news-comments", "news-articles")
