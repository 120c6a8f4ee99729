"""The events' share of the demo data."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Audience, Event, Registration
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
    communities: dict[str | None, Community] = {
        c.slug: c for c in Community.objects.all()
    }
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
            venue_en="House of Culture",
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
            status_note_en="Postponed: the hall is being repaired."
            if status == "postponed"
            else "Cancelled at the participants' request."
            if status == "cancelled"
            else "",
            speakers="Ольга Шевчук, пресофіцерка відділу поліції\n"
            "Роман Ткаченко, аналітик правозахисної групи",
            speakers_en="Olha Shevchuk, press officer of the police department\n"
            "Roman Tkachenko, analyst of the human-rights group",
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
