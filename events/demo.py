"""The events' share of the demo data and the benchmark pages."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Audience, Event, Registration
from portal import kept
from portal.bench import BenchPage
from portal.models import Community

# (slug, kind, title, title in English, days from now, community slug, capacity,
#  audiences, status)
DEMO_EVENTS = [
    (
        "round-table-chuhuiv",
        "round_table",
        "Круглий стіл: пріоритети безпеки Чугуєва",
        "Round table: safety priorities of Chuhuiv",
        9,
        "chuhuiv",
        40,
        ["residents", "deputies", "police"],
        "scheduled",
    ),
    (
        "training-deputies",
        "training",
        "Тренінг для депутатів: community policing",
        "Training for deputies: community policing",
        14,
        None,
        3,
        ["deputies"],
        "scheduled",
    ),
    (
        "school-lecture-malynivka",
        "school_lecture",
        "Лекція в школі: кібербезпека",
        "School lecture: cyber-safety",
        5,
        "malynivka",
        60,
        ["youth"],
        "scheduled",
    ),
    (
        "focus-group-youth",
        "focus_group",
        "Фокус-група: молодь і поліція",
        "Focus group: youth and the police",
        20,
        "novopokrovka",
        12,
        ["youth"],
        "scheduled",
    ),
    (
        "public-meeting-chkalovske",
        "public_meeting",
        "Зустріч з дільничним офіцером",
        "Meeting with the community police officer",
        11,
        "chkalovske",
        None,
        ["residents"],
        "postponed",
    ),
    (
        "press-briefing-report",
        "press_briefing",
        "Брифінг: звіт поліції за пів року",
        "Briefing: the police's half-year report",
        25,
        None,
        30,
        ["journalists"],
        "scheduled",
    ),
    (
        "training-journalists",
        "training",
        "Тренінг для журналістів і активістів",
        "Training for journalists and activists",
        33,
        None,
        25,
        ["journalists", "activists"],
        "scheduled",
    ),
    (
        "round-table-malynivka-past",
        "round_table",
        "Круглий стіл у Малинівці",
        "Round table in Malynivka",
        -40,
        "malynivka",
        40,
        ["residents", "deputies", "police"],
        "completed",
    ),
    (
        "school-lecture-past",
        "school_lecture",
        "Лекція: безпека на дорогах",
        "Lecture: road safety",
        -20,
        "chuhuiv",
        80,
        ["youth"],
        "completed",
    ),
    (
        "training-residents-past",
        "training",
        "Тренінг для мешканців: сусідська варта",
        "Training for residents: neighbourhood watch",
        -60,
        "novopokrovka",
        30,
        ["residents", "activists"],
        "completed",
    ),
    (
        "focus-group-cancelled",
        "focus_group",
        "Фокус-група: домашнє насильство",
        "Focus group: domestic violence",
        3,
        "chuhuiv",
        10,
        ["residents"],
        "cancelled",
    ),
    (
        "public-meeting-raion",
        "public_meeting",
        "Відкрита зустріч з керівництвом відділу",
        "Open meeting with the department's leadership",
        45,
        None,
        100,
        ["residents", "deputies", "journalists"],
        "scheduled",
    ),
]


@transaction.atomic
def seed_demo(stdout) -> None:
    if Event.objects.exists():
        stdout.write("Events: events exist already, none added.")
        return
    audiences = {a.code: a for a in Audience.objects.all()}
    communities = {c.slug: c for c in Community.objects.all()}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for (
        slug,
        kind,
        title,
        title_en,
        days,
        community,
        capacity,
        who,
        status,
    ) in DEMO_EVENTS:
        starts = (now + timedelta(days=days)).replace(hour=15)
        event = Event.objects.create(
            slug=slug,
            kind=kind,
            title=title,
            title_en=title_en,
            description="Організатори: Чугуївська правозахисна група та Чугуївський "
            "відділ поліції.",
            description_en="Organised by the Chuhuiv Human Rights Group and the "
            "Chuhuiv Police Department.",
            community=communities.get(community),
            venue="Будинок культури",
            address="вул. Центральна, 1",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=capacity,
            status=status,
            status_note="Перенесено через ремонт зали."
            if status == "postponed"
            else "Скасовано на прохання учасників."
            if status == "cancelled"
            else "",
            speakers="Ольга Шевчук, пресофіцерка відділу поліції\n"
            "Роман Ткаченко, аналітик правозахисної групи",
        )
        event.audiences.set([audiences[code] for code in who])
    full = Event.objects.get(slug="training-deputies")
    for number, status in enumerate(["confirmed"] * 3 + ["waitlisted"] * 2):
        Registration.objects.create(
            event=full,
            name=f"Депутат {number + 1}",
            phone=f"+38050000{number:04d}",
            affiliation="deputy",
            status=status,
        )
    stdout.write(f"Events: {Event.objects.count()} events")


def bench_pages() -> list[BenchPage]:
    upcoming = (
        Event.objects.upcoming().filter(slug__startswith="bench-").order_by("starts_at")
    )
    page = upcoming.first()
    pages = [BenchPage("events list", "/events/", target=0.3)]
    if page is not None:
        pages.append(BenchPage("event page", f"/events/{page.slug}/", target=0.3))
    return pages


def seed_bench(scale: float, stdout) -> None:
    """5,000 events and 100,000 registrations at scale 1, in bulk."""
    import random

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
    kept.rows_changed(Event, Registration)  # bulk inserts send no signals
    stdout.write(
        f"Events: {Event.objects.count()} events, "
        f"{Registration.objects.count()} registrations"
    )
