from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.areas import app_hooks
from portal.demo import DEMO_USERS, demo_password, seed_users


class Command(BaseCommand):
    help = (
        "Fill the database with demo data in Ukrainian and one demo user per role. "
        "Safe to run again: it updates what is there instead of adding copies."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo users with a published password while DEBUG "
                "is off. Demo data is for a local machine only."
            )
        # The users first: the apps' demo data is handled by them (an operator
        # answers complaints and takes some on).
        password = demo_password()
        seed_users(password)
        for seed in app_hooks("seed_demo"):
            seed(self.stdout)
        users = ", ".join([*DEMO_USERS, "admin"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo users: {users}. Password: {password}")
        )
