"""News about the project and the police, crime-prevention guides, and readers'
comments on them and on accountability reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.areas import Area
from portal.kept import Kept

# What filter forms offer, and what the lists and article pages show.
CHOICES = ("news.Topic", "portal.Community")
ARTICLES = ("news.Article", *CHOICES)
LIST_QUERY = ("topic", "community", "page")


class NewsConfig(AppConfig):
    name = "news"
    label = "news"
    verbose_name = _("News and prevention")
    # What the audit log calls this app's recorded actions (portal.audit).
    audit_actions = {
        "news.article_created": _("article created"),
        "news.article_changed": _("article changed"),
        "news.article_status": _("article status changed"),
        "news.comment_moderated": _("comment moderated"),
        "news.comment_hidden_by_reports": _("comment hidden after residents' reports"),
    }
    portal_area = Area(
        title=_("News and prevention"), url_name="news:news-list", order=50
    )
    seed_demo = "news.demo.seed_demo"
    search_kinds = "news.search.search_kinds"
    retention = "news.actions.retention_rules"
    sitemaps = "news.sitemaps.sitemaps"
    feeds = "news.feeds.advertised"
    comment_targets = "news.comments.comment_targets"
    # Articles scheduled for later appear with no change to any row: lists live a
    # minute at most, and article pages (whose related articles they join) ten.
    kept = (
        Kept("news-filters", models=CHOICES, by=("kind",), query=LIST_QUERY[:-1]),
        Kept(
            "news-list",
            models=ARTICLES,
            by=("kind",),
            query=LIST_QUERY,
            timeout=60,
        ),
        Kept("news-article", models=ARTICLES, by=("article",), timeout=600),
        Kept("news-feed", models=ARTICLES, by=("kind",), timeout=600),
        Kept("news-comments", models=("news.Comment",), by=("target", "pk", "page")),
        Kept(
            "news-sitemap",
            models=("news.Article",),
            by=("section",),
            query=("p",),
            languages=False,
            timeout=600,
            part_of=("sitemap-index",),
        ),
        Kept(
            "news-search",
            models=("news.Article",),
            by=("words", "page"),
            timeout=60,
            part_of=("search-results",),
        ),
    )

    def ready(self):
        from news.comments import connect_target_deletion

        # Comments are attached by content type, so nothing cascades to them.
        connect_target_deletion()
