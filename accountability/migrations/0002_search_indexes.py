"""The full-text indexes that the site search reads on PostgreSQL (see
portal.search)."""

from django.db import migrations

from portal.search import search_index


class Migration(migrations.Migration):
    dependencies = [("accountability", "0002_priority_progress")]

    operations = [
        search_index(
            "accountability.Report",
            "report_search",
            ["title", "title_en", "summary", "summary_en", "body", "body_en"],
            config="simple",
        ),
        search_index(
            "accountability.Priority",
            "priority_search",
            ["issue", "issue_en", "action", "action_en"],
            config="simple",
        ),
    ]
