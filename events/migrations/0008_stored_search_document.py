"""The searched text of events kept as words in a column PostgreSQL generates, with
the index over it (see portal.search.stored_search_document)."""

from django.db import migrations

from portal.search import stored_search_document


class Migration(migrations.Migration):
    dependencies = [("events", "0007_search_folding")]

    operations = [
        stored_search_document(
            "events.Event",
            ["title", "title_en", "description", "description_en"],
            {"event_search": None},
        ),
    ]
