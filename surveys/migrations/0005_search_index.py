"""The full-text index that the site search reads on PostgreSQL (see portal.search)."""

from django.db import migrations

from portal.search import search_index


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_question_local_problem")]

    operations = [
        search_index(
            "surveys.Survey", "survey_search", ["title", "title_en"], config="simple"
        ),
    ]
