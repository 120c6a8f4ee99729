"""Events remember when they last changed and how often what calendars show of them
changed (events.calendars: LAST-MODIFIED and SEQUENCE)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_stored_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="changed"),
        ),
    ]
