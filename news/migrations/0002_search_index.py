"""The full-text index that the site search reads on PostgreSQL (see portal.search)."""

from django.db import migrations

from portal.search import search_index


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [
        search_index(
            "news.Article",
            "article_search",
            ["title", "title_en", "lead", "lead_en", "body", "body_en"],
            config="simple",
        ),
    ]
