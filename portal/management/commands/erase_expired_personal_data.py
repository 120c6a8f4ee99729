from django.core.management.base import BaseCommand

from portal.retention import erase_expired, retention_rules


class Command(BaseCommand):
    help = (
        "Erase the personal data whose retention period is over, by every app's "
        "rules (see README, Privacy); Celery beat runs the same every night."
    )

    def handle(self, *args, **options):
        days = {rule.code: rule.days for rule in retention_rules()}
        for code, count in erase_expired().items():
            self.stdout.write(f"{code}: {count} erased (kept {days[code]} days)")
