"""The search indexes made again over folded text: stress marks and apostrophes
dropped, Latin accents taken off (see portal.search.fold)."""

from django.db import migrations

from portal.search import rebuilt_search_index


class Migration(migrations.Migration):
    dependencies = [("events", "0006_search_index")]

    operations = [
        rebuilt_search_index(
            "events.Event",
            "event_search",
            ["title", "title_en", "description", "description_en"],
            config="simple",
        ),
    ]
