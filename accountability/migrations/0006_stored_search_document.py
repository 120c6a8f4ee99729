"""The searched text of reports and priorities kept as words in a column PostgreSQL
generates, with the indexes over it (see portal.search.stored_search_document)."""

from django.db import migrations

from portal.search import stored_search_document


class Migration(migrations.Migration):
    dependencies = [("accountability", "0005_report_order_index")]

    operations = [
        stored_search_document(
            "accountability.Report",
            ["title", "title_en", "summary", "summary_en", "body", "body_en"],
            {"report_search": None},
        ),
        stored_search_document(
            "accountability.Priority",
            ["issue", "issue_en", "action", "action_en"],
            {"priority_search": None},
        ),
    ]
