"""The search indexes made again over folded text: stress marks and apostrophes
dropped, Latin accents taken off (see portal.search.fold)."""

from django.db import migrations
from django.db.models import Q

from portal.search import rebuilt_search_index

FIELDS = ["title", "title_en", "lead", "lead_en", "body", "body_en"]


class Migration(migrations.Migration):
    dependencies = [("news", "0004_search_index_per_kind")]

    operations = [
        rebuilt_search_index(
            "news.Article",
            "article_search_news",
            FIELDS,
            config="simple",
            condition=Q(kind="news", status="published"),
        ),
        rebuilt_search_index(
            "news.Article",
            "article_search_prevention",
            FIELDS,
            config="simple",
            condition=Q(kind="prevention", status="published"),
        ),
    ]
