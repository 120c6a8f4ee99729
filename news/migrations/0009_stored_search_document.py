"""The searched text of every article kept as words in a column PostgreSQL generates,
with the indexes over it (see portal.search.stored_search_document)."""

from django.db import migrations
from django.db.models import Q

from portal.search import stored_search_document

FIELDS = ["title", "title_en", "lead", "lead_en", "body", "body_en"]


class Migration(migrations.Migration):
    dependencies = [("news", "0008_article_list_indexes")]

    operations = [
        stored_search_document(
            "news.Article",
            FIELDS,
            {
                "article_search_news": Q(kind="news", status="published"),
                "article_search_prevention": Q(kind="prevention", status="published"),
            },
        ),
    ]
