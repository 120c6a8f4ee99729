"""Measure the wide CSV export of one survey, for `make bench`.

Prints one line of JSON: responses exported, seconds taken, how far the process's
resident memory rose above where it started (sampled after every chunk), and, on
PostgreSQL, the seconds that
`COPY (the same query) TO STDOUT` takes on the same data.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from surveys.exports import csv_stream, wide_query, wide_rows
from surveys.models import Survey


def _rss_mb() -> float:
    """This process's resident memory now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Sink:
    """Counts what is written and keeps none of it."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)


class Command(BaseCommand):
    help = "Time the wide CSV export of a survey and compare it with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True, help="the survey's slug")

    def handle(self, *args, survey, **options):
        item = Survey.objects.get(slug=survey)
        before = highest = _rss_mb()

        def sample(done: int) -> None:
            nonlocal highest
            highest = max(highest, _rss_mb())

        started = time.perf_counter()
        sink, lines = _Sink(), -2  # the byte-order mark and the header are not rows
        for text in csv_stream(wide_rows(item, sample)):
            sink.write(text)
            lines += 1
        export_seconds = time.perf_counter() - started
        copy_seconds = None
        if connection.vendor == "postgresql":
            _header, sql, params = wide_query(item)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                query = raw.mogrify(sql, params).decode()
                started = time.perf_counter()
                raw.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV", _Sink())
                copy_seconds = time.perf_counter() - started
        self.stdout.write(
            json.dumps(
                {
                    "rows": lines,
                    "export_seconds": round(export_seconds, 3),
                    "copy_seconds": None
                    if copy_seconds is None
                    else round(copy_seconds, 3),
                    "memory_growth_mb": round(highest - before, 1),
                }
            )
        )
