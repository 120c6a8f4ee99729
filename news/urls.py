from django.urls import path

from news import feeds, views
from news.models import Kind
from portal import kept

app_name = "news"


def _feed(kind: str):
    """The kind's Atom feed, kept (see news.apps): feed readers ask for it often."""
    return kept.response("news-feed", kind=kind)(feeds.ArticleFeed(kind))


urlpatterns = [
    path("news/", views.article_list, {"kind": Kind.NEWS}, name="news-list"),
    path("news/feed/", _feed(Kind.NEWS), name="news-feed"),
    path(
        "news/<slug:slug>/",
        views.article_detail,
        {"kind": Kind.NEWS},
        name="news-detail",
    ),
    path(
        "prevention/",
        views.article_list,
        {"kind": Kind.PREVENTION},
        name="prevention-list",
    ),
    path("prevention/feed/", _feed(Kind.PREVENTION), name="prevention-feed"),
    path(
        "prevention/<slug:slug>/",
        views.article_detail,
        {"kind": Kind.PREVENTION},
        name="prevention-detail",
    ),
    path("comments/<str:target>/<int:pk>/", views.post_comment, name="comment-post"),
    path("comments/<int:pk>/report/", views.flag_comment, name="comment-flag"),
]
