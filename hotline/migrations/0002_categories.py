"""The managed list of complaint categories, as the portal starts with it."""

from django.db import migrations

CATEGORIES = [
    ("misconduct", "Грубість або неналежна поведінка", "Rudeness or misconduct"),
    ("inaction", "Бездіяльність або повільне реагування", "Inaction or slow response"),
    ("corruption", "Корупція або хабарництво", "Corruption or bribery"),
    (
        "force",
        "Незаконне затримання або застосування сили",
        "Unlawful detention or use of force",
    ),
    (
        "domestic-violence",
        "Реагування на домашнє насильство",
        "Domestic-violence response",
    ),
    ("road-policing", "Діяльність патрульної поліції на дорогах", "Road policing"),
    ("other", "Інше", "Other"),
]


def add_categories(apps, schema_editor):
    category = apps.get_model("hotline", "Category")
    for position, (slug, name, name_en) in enumerate(CATEGORIES):
        category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "position": position * 10},
        )


def remove_categories(apps, schema_editor):
    apps.get_model("hotline", "Category").objects.filter(
        slug__in=[slug for slug, *_ in CATEGORIES], complaints__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
