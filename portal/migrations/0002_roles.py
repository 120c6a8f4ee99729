"""Create the role groups with their permissions (see portal/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.roles import sync_roles

    # On a new database the permissions themselves do not exist yet (Django creates
    # them after the migration run); the post_migrate handler in portal/roles.py then
    # gives each group its permissions.
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from portal.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(
        name__in=[role.group for role in ROLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
