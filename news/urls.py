from django.urls import path

from news import feeds, views
from news.models import Kind

app_name = "news"

urlpatterns = [
    path("news/", views.article_list, {"kind": Kind.NEWS}, name="news-list"),
    path("news/feed/", feeds.ArticleFeed(Kind.NEWS), name="news-feed"),
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
    path(
        "prevention/feed/", feeds.ArticleFeed(Kind.PREVENTION), name="prevention-feed"
    ),
    path(
        "prevention/<slug:slug>/",
        views.article_detail,
        {"kind": Kind.PREVENTION},
        name="prevention-detail",
    ),
    path("comments/<str:target>/<int:pk>/", views.post_comment, name="comment-post"),
    path("comments/<int:pk>/report/", views.flag_comment, name="comment-flag"),
]
