"""Accountability's share of the demo data."""

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
)
from events.models import Event
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
