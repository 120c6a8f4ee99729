"""Result cells come in three levels; the old cells are dropped and counted again."""

from django.db import migrations, models


def forget_counts(apps, schema_editor):
    apps.get_model("surveys", "ResultCell").objects.all().delete()
    apps.get_model("surveys", "Survey").objects.update(results_counted_at=None)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_survey_results_counted_at_resultcell")]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="resultcell", name="cell_survey"),
        migrations.AddField(
            model_name="resultcell",
            name="level",
            field=models.CharField(
                choices=[
                    ("all", "all"),
                    ("community", "community"),
                    ("detail", "detail"),
                ],
                max_length=10,
                default="detail",
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="resultcell",
            index=models.Index(fields=["survey", "level"], name="cell_survey_level"),
        ),
    ]
