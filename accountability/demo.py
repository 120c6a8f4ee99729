"""Accountability's share of the demo data, the bench data and the benchmark pages."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accountability.figures import portal_figures
from accountability.models import (
    Formation,
    Period,
    Priority,
    PriorityUpdate,
    Report,
    period_dates,
    summarise_progress,
)
from events.models import Event
from portal.bench import BenchPage
from portal.models import Community

REPORT_BODY = """## Що зроблено

- Проведено зустрічі з мешканцями в кожному старостинському окрузі.
- Посилено патрулювання біля шкіл на початку та в кінці уроків.
- Разом з громадою встановлено освітлення на двох зупинках.

## Що далі

Наступного періоду поліція зосередиться на пріоритетах, погоджених на круглому
столі. Детальніше — у [переліку пріоритетів](/accountability/priorities/).
"""
REPORT_BODY_EN = """## What was done

- Meetings with residents in every starosta district.
- More patrols near schools at the start and the end of lessons.
- Lighting at two bus stops, installed together with the community.

## What comes next

Next period the police focus on the priorities agreed at the round table. See the
[list of priorities](/en/accountability/priorities/).
"""

UKRAINIAN_PERIODS = {Period.H1: "I півріччя", Period.H2: "II півріччя"}

# (issue, issue in English, action, action in English, source, status)
DEMO_PRIORITIES = [
    ("Перевищення швидкості біля школи №2", "Speeding near school no. 2",
     "Патрулі в години занять, вимірювання швидкості, лежачий поліцейський.",
     "Patrols during school hours, speed checks, a speed bump.",
     "round_table", "active"),
    ("Темні вулиці в приватному секторі", "Unlit streets in the private sector",
     "Спільно з громадою скласти карту неосвітлених вулиць і подати до бюджету.",
     "Map the unlit streets with the community and bid for the budget.",
     "survey", "active"),
    ("Крадіжки з дач восени", "Burglaries of summer houses in autumn",
     "Профілактичні обходи, контакти сторожів, інформування власників.",
     "Preventive rounds, watchmen's contacts, owners informed.",
     "hotline", "achieved"),
    ("Розпивання алкоголю біля магазину", "Drinking outside the shop",
     "Рейди разом з громадським формуванням, розмова з власником магазину.",
     "Joint raids with the civic formation, a talk with the shop owner.",
     "residents", "proposed"),
    ("Шахрайство телефоном щодо літніх людей", "Phone fraud against elderly people",
     "Лекції в центрах надання соціальних послуг, листівки в поштових відділеннях.",
     "Talks at social service centres, leaflets at post offices.",
     "police", "active"),
    ("Бродячі собаки біля дитячого майданчика", "Stray dogs by the playground",
     "Передати питання комунальній службі громади.",
     "Refer to the community's municipal service.",
     "residents", "dropped"),
]  # fmt: skip

DEMO_FORMATIONS = [
    ("chuhuiv", "ГФ «Варта Чугуєва»", "Chuhuiv Watch",
     "Спільні патрулі у вечірній час, чергування на масових заходах.",
     "Joint evening patrols, duty at public events.", 24, 51),
    ("malynivka", "ГФ «Малинівська дружина»", "Malynivka Volunteer Guard",
     "Патрулювання приватного сектору та дачних масивів.",
     "Patrols of the private sector and the summer-house areas.", 12, 18),
    ("chkalovske", "ГФ «Безпечне Чкаловське»", "Safe Chkalovske",
     "Чергування біля шкіл і на зупинках.",
     "Duty near schools and at bus stops.", 9, 7),
]  # fmt: skip


def _demo_reports(communities, today) -> None:
    periods = []
    for year in (today.year - 2, today.year - 1):
        periods += [(year, Period.H1), (year, Period.H2)]
    for community in [*communities, None]:
        for year, period in periods:
            starts_on, ends_on = period_dates(year, period)
            name = community.name if community else "Чугуївського району"
            name_en = community.name_en if community else "Chuhuiv raion"
            where = community.slug if community else "raion"
            published = timezone.now() - timedelta(days=(today - ends_on).days - 20)
            Report.objects.create(
                title=f"Звіт поліції: {name}, {UKRAINIAN_PERIODS[period]} {year}",
                title_en=f"Police report: {name_en}, {period.upper()} {year}",
                slug=f"{where}-{year}-{period}",
                community=community,
                year=year,
                period=period,
                summary=f"Що поліція зробила в громаді {name} за півроку, і що далі.",
                summary_en=f"What the police did in {name_en} in the half-year, "
                "and what comes next.",
                body=REPORT_BODY,
                body_en=REPORT_BODY_EN,
                registered_crimes=random.randint(40, 160),  # noqa: S311
                solved_percent=random.randint(35, 70),  # noqa: S311
                response_minutes=random.randint(9, 25),  # noqa: S311
                patrol_hours=random.randint(800, 3000),  # noqa: S311
                officers=random.randint(4, 30),  # noqa: S311
                status=Report.Status.PUBLISHED,
                published_at=published,
                changed_at=published,
                **portal_figures(community, starts_on, ends_on),
            )


def _demo_priorities(communities, today) -> None:
    past_round_table = Event.objects.filter(
        kind=Event.Kind.ROUND_TABLE, ends_at__lt=timezone.now()
    ).first()
    for n, community in enumerate(communities):
        for m, (issue, issue_en, action, action_en, source, status) in enumerate(
            DEMO_PRIORITIES
        ):
            if (n + m) % 2:
                continue  # each community gets about half of the list
            set_on = today - timedelta(days=30 * (m + 1))
            priority = Priority.objects.create(
                community=community,
                issue=issue,
                issue_en=issue_en,
                action=action,
                action_en=action_en,
                source=source,
                event=past_round_table if source == "round_table" else None,
                set_on=set_on,
                due_on=set_on + timedelta(days=180),
                responsible="Сектор превенції Чугуївського відділу поліції",
                status=status,
                status_note="Питання належить до повноважень комунальної служби."
                if status == "dropped"
                else "",
                achieved_on=today - timedelta(days=10)
                if status == "achieved"
                else None,
                support_count=random.randint(0, 60),  # noqa: S311
            )
            for k in range(2):
                PriorityUpdate.objects.create(
                    priority=priority,
                    created_at=timezone.now() - timedelta(days=20 * (2 - k)),
                    text=f"Проведено {k + 2} рейди, складено план на наступний місяць.",
                    text_en=f"{k + 2} raids held; next month's plan drawn up.",
                )


@transaction.atomic
def seed_demo(stdout) -> None:
    if Report.objects.exists() or Priority.objects.exists():
        stdout.write("Accountability: data exists already, none added.")
        return
    random.seed(6)
    today = timezone.localdate()
    communities = list(Community.objects.order_by("name"))
    _demo_priorities(communities, today)
    _demo_reports(communities, today)
    by_slug = {c.slug: c for c in communities}
    for slug, name, name_en, activity, activity_en, members, patrols in DEMO_FORMATIONS:
        if slug in by_slug:
            Formation.objects.create(
                community=by_slug[slug],
                name=name,
                name_en=name_en,
                activity=activity,
                activity_en=activity_en,
                members=members,
                joint_patrols=patrols,
                registered_on=today - timedelta(days=400),
                contact_person="Петро Іваненко",
                contact_phone="+380501112233",
            )
    stdout.write(
        f"Accountability: {Report.objects.count()} reports, "
        f"{Priority.objects.count()} priorities, {Formation.objects.count()} formations"
    )


BENCH_COMMUNITY = "bench-00"


def seed_bench(scale: float, stdout) -> None:
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


def bench_pages() -> list[BenchPage]:
    from portal.bench import signed_in_cookie

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
