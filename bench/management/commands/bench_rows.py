"""Print, as JSON, every row `make bench` measures on this database (bench/plan.py):
the bench command asks each database it measures for its own rows, since the
objects they name, and the signed-in sessions, are that database's."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from bench import plan


class Command(BaseCommand):
    help = "Print the bench's rows for this database as JSON (used by `bench`)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps([asdict(row) for row in plan.rows()]))
