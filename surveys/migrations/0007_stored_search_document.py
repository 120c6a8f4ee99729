"""The searched titles of surveys kept as words in a column PostgreSQL generates,
with the index over it (see portal.search.stored_search_document)."""

from django.db import migrations

from portal.search import stored_search_document


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_search_folding")]

    operations = [
        stored_search_document(
            "surveys.Survey", ["title", "title_en"], {"survey_search": None}
        ),
    ]
