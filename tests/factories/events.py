from datetime import timedelta

from django.utils import timezone

from events.models import Event, Registration


def event(
    slug="training", *, capacity=2, days=7, status="scheduled", **fields
) -> Event:
    starts = timezone.now() + timedelta(days=days)
    fields.setdefault("kind", "training")
    return Event.objects.create(
        slug=slug,
        title="Тренінг",
        title_en="Training",
        description="Опис",
        description_en="About",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=capacity,
        status=status,
        **fields,
    )


def registration_data(**overrides) -> dict:
    data = {
        "name": "Марія Коваль",
        "email": "maria@example.org",
        "phone": "",
        "affiliation": "resident",
        "needs": "",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def registration(item: Event, n: int, status="confirmed") -> Registration:
    return Registration.objects.create(
        event=item,
        name=f"Person {n}",
        email=f"p{n}@example.org",
        affiliation="resident",
        status=status,
    )
