from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import parts


class Command(BaseCommand):
    help = (
        "Fill the database with a large data set for `make bench`. Scale 1 gives the "
        "sizes the issues name (such as 100,000 complaints); every app adds its share."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, scale, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        parts.seed(scale, self.stdout)
        # VACUUM cannot run inside a transaction (a test's, for one).
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum does on a server after such a load: the planner's
            # statistics, and the text indexes' pending entries merged (left
            # unmerged, a search reads them one by one).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
