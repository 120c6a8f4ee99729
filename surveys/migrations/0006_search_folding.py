"""The search indexes made again over folded text: stress marks and apostrophes
dropped, Latin accents taken off (see portal.search.fold)."""

from django.db import migrations

from portal.search import rebuilt_search_index


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_search_index")]

    operations = [
        rebuilt_search_index(
            "surveys.Survey", "survey_search", ["title", "title_en"], config="simple"
        ),
    ]
