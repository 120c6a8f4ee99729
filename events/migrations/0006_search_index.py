"""The full-text index that the site search reads on PostgreSQL (see portal.search)."""

from django.db import migrations

from portal.search import search_index


class Migration(migrations.Migration):
    dependencies = [("events", "0005_date_indexes")]

    operations = [
        search_index(
            "events.Event",
            "event_search",
            ["title", "title_en", "description", "description_en"],
            config="simple",
        ),
    ]
