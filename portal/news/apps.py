"""News about the project and the police, crime-prevention guides, and readers'
comments on them and on accountability reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = _("News and prevention")
    portal_area = Area(
        title=_("News and prevention"), url_name="news:news-list", order=50
    )
    seed_demo = "portal.news.demo.seed_demo"
    seed_bench = "portal.news.demo.seed_bench"
    bench_pages = "portal.news.demo.bench_pages"
    search_kinds = "portal.news.search.search_kinds"
    sitemaps = "portal.news.sitemaps.sitemaps"
    feeds = "portal.news.feeds.advertised"
    comment_targets = "portal.news.comments.comment_targets"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.models import Community

        # The cached filter forms name the topics and the communities.
        for model in (Community, self.get_model("Topic")):
            post_save.connect(_choices_changed, sender=model)
            post_delete.connect(_choices_changed, sender=model)
        # Comments are attached by content type, so nothing cascades to them.
        from portal.news.comments import connect_target_deletion

        connect_target_deletion()


def _choices_changed(**kwargs):
    from portal import fragments

    fragments.bump("news-filters")
