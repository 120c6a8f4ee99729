"""One full-text index per kind of article, over published ones only: a search of
the news no longer reads the prevention guides that match, only to drop them."""

from django.db import migrations
from django.db.models import Q

from portal.search import search_index

FIELDS = ["title", "title_en", "lead", "lead_en", "body", "body_en"]
whole_table = search_index("news.Article", "article_search", FIELDS, config="simple")


class Migration(migrations.Migration):
    dependencies = [("news", "0003_topics")]

    operations = [
        search_index(
            "news.Article",
            "article_search_news",
            FIELDS,
            config="simple",
            condition=Q(kind="news", status="published"),
        ),
        search_index(
            "news.Article",
            "article_search_prevention",
            FIELDS,
            config="simple",
            condition=Q(kind="prevention", status="published"),
        ),
        # The index over every article, dropped (and made again when going back).
        migrations.RunPython(whole_table.reverse_code, whole_table.code),
    ]
