"""The topics the portal starts with; press officers add others in the admin."""

from django.db import migrations

TOPICS = [
    ("news", "project", "Проєкт «Моя громада. Моя поліція»", "The project"),
    (
        "news",
        "police-in-communities",
        "Поліція в громадах",
        "Police in the communities",
    ),
    ("news", "meetings", "Зустрічі та круглі столи", "Meetings and round tables"),
    ("news", "results", "Результати роботи", "Results"),
    ("prevention", "phone-fraud", "Шахрайство телефоном", "Fraud by phone"),
    ("prevention", "domestic-violence", "Домашнє насильство", "Domestic violence"),
    (
        "prevention",
        "road-safety-children",
        "Безпека дітей на дорогах",
        "Road safety for children",
    ),
    (
        "prevention",
        "mines",
        "Міни та вибухонебезпечні предмети",
        "Mines and explosive objects",
    ),
    ("prevention", "cyber-safety", "Кібербезпека", "Cyber-safety"),
]


def add_topics(apps, schema_editor):
    topic = apps.get_model("news", "Topic")
    for position, (kind, slug, name, name_en) in enumerate(TOPICS):
        topic.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "name_en": name_en,
                "position": position * 10,
            },
        )


def remove_topics(apps, schema_editor):
    apps.get_model("news", "Topic").objects.filter(
        slug__in=[slug for _kind, slug, *_ in TOPICS], articles__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0002_search_index")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
