"""Exports remember whether their values are codes or labels; SPSS is one of their
formats."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_stored_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="export",
            name="values",
            field=models.CharField(
                choices=[
                    ("codes", "codes, as in the codebook"),
                    ("labels", "labels, in the language chosen"),
                ],
                default="codes",
                max_length=8,
                verbose_name="values",
            ),
        ),
        migrations.AlterField(
            model_name="export",
            name="format",
            field=models.CharField(
                choices=[
                    ("csv", "CSV"),
                    ("xlsx", "XLSX"),
                    ("spss", "SPSS: data and syntax (.sps), zipped"),
                ],
                max_length=8,
                verbose_name="format",
            ),
        ),
    ]
