"""Accountability's share of the bench: reports, priorities and their progress in
bulk, the community page and the priorities list."""

import random
from datetime import timedelta

from django.utils import timezone

from accountability.demo import REPORT_BODY
from accountability.models import (
    Period,
    Priority,
    PriorityUpdate,
    Report,
    summarise_progress,
)
from bench.pages import BenchPage, signed_in_cookie
from portal.models import Community

BENCH_COMMUNITY = "bench-00"


def seed(scale: float, stdout) -> None:
    """2,000 reports, 10,000 priorities and 100,000 updates at scale 1, in bulk."""
    rng = random.Random(7)  # noqa: S311 (benchmark data, not secrets)
    communities = list(Community.objects.order_by("pk"))
    today = timezone.localdate()
    now = timezone.now()
    reports = int(2_000 * scale)
    existing = Report.objects.filter(slug__startswith="bench-").count()
    if existing < reports:
        periods = [choice for choice, _label in Period.choices]
        Report.objects.bulk_create(
            (
                Report(
                    title=f"Звіт {n}",
                    title_en=f"Report {n}",
                    slug=f"bench-{n}",
                    community=rng.choice([*communities, None]),
                    year=rng.randint(today.year - 8, today.year - 1),
                    period=rng.choice(periods),
                    summary="Підсумки періоду.",
                    body=REPORT_BODY,
                    status=Report.Status.PUBLISHED,
                    published_at=now - timedelta(days=rng.randint(1, 3000)),
                    registered_crimes=rng.randint(10, 300),
                    complaints_received=rng.randint(0, 200),
                )
                for n in range(existing, reports)
            ),
            batch_size=1000,
        )
    priorities = int(10_000 * scale)
    existing = Priority.objects.filter(responsible="bench").count()
    statuses = [choice for choice, _label in Priority.Status.choices]
    sources = [choice for choice, _label in Priority.Source.choices]
    for start in range(existing, priorities, 2000):
        created = Priority.objects.bulk_create(
            Priority(
                community=rng.choice(communities),
                issue=f"Проблема безпеки {n}",
                issue_en=f"Safety issue {n}",
                action=f"Дія {n}",
                action_en=f"Action {n}",
                source=rng.choice(sources),
                set_on=today - timedelta(days=rng.randint(0, 1500)),
                responsible="bench",
                status=rng.choice(statuses),
                support_count=rng.randint(0, 500),
            )
            for n in range(start, min(start + 2000, priorities))
        )
        PriorityUpdate.objects.bulk_create(
            (
                PriorityUpdate(
                    priority=priority,
                    created_at=now - timedelta(days=rng.randint(0, 1500)),
                    text=f"Оновлення {k}",
                )
                for priority in created
                for k in range(10)
            ),
            batch_size=5000,
        )
        # Entries made in bulk send no signal: copy the latest onto each priority.
        summarise_progress(Priority.objects.filter(pk__in=[p.pk for p in created]))
    stdout.write(
        f"Accountability: {Report.objects.count()} reports, "
        f"{Priority.objects.count()} priorities, "
        f"{PriorityUpdate.objects.count()} updates"
    )


def pages() -> list[BenchPage]:
    cookie = (("Cookie", signed_in_cookie()),)
    community = f"/communities/{BENCH_COMMUNITY}/"
    return [
        BenchPage("community page (uncached)", community, target=0.2, headers=cookie),
        BenchPage("community page (cached)", community, target=0.7),
        BenchPage(
            "priorities list (uncached)",
            "/accountability/priorities/",
            target=0.2,
            headers=cookie,
        ),
        BenchPage(
            "priorities list (cached)", "/accountability/priorities/", target=0.7
        ),
    ]
