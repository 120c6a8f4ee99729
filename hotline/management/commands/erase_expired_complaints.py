from django.conf import settings
from django.core.management.base import BaseCommand

from hotline.tasks import erase_expired_personal_data


class Command(BaseCommand):
    help = (
        "Erase the personal data of complaints closed more than HOTLINE_RETENTION_DAYS "
        "ago (names, contacts, free texts, files); statistics stay intact. Celery beat "
        "runs the same every night."
    )

    def handle(self, *args, **options):
        erased = erase_expired_personal_data()
        self.stdout.write(
            f"Erased personal data of {erased} complaint(s) closed more than "
            f"{settings.HOTLINE_RETENTION_DAYS} days ago."
        )
