"""The events' share of the bench: events and registrations in bulk, the list and an
event page."""

import random
from datetime import timedelta

from django.utils import timezone

from bench.pages import BenchPage
from events.models import Audience, Event, Registration
from portal.models import Community


def seed(scale: float, stdout) -> None:
    """5,000 events and 100,000 registrations at scale 1, in bulk."""
    target = int(5_000 * scale)
    existing = Event.objects.filter(slug__startswith="bench-").count()
    if existing >= target:
        stdout.write(f"Events: {existing} bench events already")
        return
    rng = random.Random(5)  # noqa: S311 (benchmark data, not secrets)
    communities = [*Community.objects.all(), None]
    audiences = list(Audience.objects.all())
    now = timezone.now().replace(second=0, microsecond=0)
    kinds = [choice for choice, _ in Event.Kind.choices]
    for start in range(existing, target, 1000):
        events = []
        for n in range(start, min(start + 1000, target)):
            starts = now + timedelta(hours=rng.randint(-24 * 400, 24 * 400))
            events.append(
                Event(
                    slug=f"bench-{n}",
                    kind=rng.choice(kinds),
                    title=f"Захід {n}",
                    title_en=f"Event {n}",
                    description="Опис заходу.",
                    community=rng.choice(communities),
                    venue="Будинок культури",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    capacity=rng.choice([20, 30, 50, None]),
                    status="scheduled",
                )
            )
        created = Event.objects.bulk_create(events)
        links = [
            Event.audiences.through(event_id=event.pk, audience_id=audience.pk)
            for event in created
            for audience in rng.sample(audiences, 2)
        ]
        Event.audiences.through.objects.bulk_create(links)
        Registration.objects.bulk_create(
            (
                Registration(
                    event=event,
                    name=f"Учасник {i}",
                    email=f"r{event.pk}-{i}@example.org",
                    affiliation="resident",
                    status="confirmed",
                )
                for event in created
                for i in range(20)
            ),
            batch_size=5000,
        )

    stdout.write(
        f"Events: {Event.objects.count()} events, "
        f"{Registration.objects.count()} registrations"
    )


def pages() -> list[BenchPage]:
    upcoming = (
        Event.objects.upcoming().filter(slug__startswith="bench-").order_by("starts_at")
    )
    page = upcoming.first()
    pages = [BenchPage("events list", "/events/", target=0.3)]
    if page is not None:
        pages.append(BenchPage("event page", f"/events/{page.slug}/", target=0.3))
    return pages
