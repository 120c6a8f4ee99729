"""The audiences events are meant for."""

from django.db import migrations

AUDIENCES = [
    ("residents", "Мешканці", "Residents"),
    ("deputies", "Депутати", "Deputies"),
    ("journalists", "Журналісти", "Journalists"),
    ("activists", "Активісти", "Activists"),
    ("youth", "Молодь", "Youth"),
    ("police", "Поліція", "Police"),
]


def add_audiences(apps, schema_editor):
    audience = apps.get_model("events", "Audience")
    for code, name, name_en in AUDIENCES:
        audience.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
