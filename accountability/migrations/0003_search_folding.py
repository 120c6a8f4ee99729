"""The search indexes made again over folded text: stress marks and apostrophes
dropped, Latin accents taken off (see portal.search.fold)."""

from django.db import migrations

from portal.search import rebuilt_search_index


class Migration(migrations.Migration):
    dependencies = [("accountability", "0002_search_indexes")]

    operations = [
        rebuilt_search_index(
            "accountability.Report",
            "report_search",
            ["title", "title_en", "summary", "summary_en", "body", "body_en"],
            config="simple",
        ),
        rebuilt_search_index(
            "accountability.Priority",
            "priority_search",
            ["issue", "issue_en", "action", "action_en"],
            config="simple",
        ),
    ]
