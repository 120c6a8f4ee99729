"""Small builders for the accountability tests."""

from datetime import timedelta

from django.utils import timezone

from accountability.models import Follow, Formation, Priority, PriorityUpdate, Report
from events.models import Event, Registration
from surveys.models import Answer, Option, Question, Response, Survey, SurveySeries
from surveys.results import count_cells
from tests.factories.portal import community

PUBLIC = {Report.Status.PUBLISHED, Report.Status.WITHDRAWN}


def report(
    slug="chuhuiv-2025-q1",
    *,
    status=Report.Status.PUBLISHED,
    place=None,
    year=2025,
    period="q1",
    **fields,
) -> Report:
    values = {
        "title": f"Звіт {slug}",
        "title_en": f"Report {slug}",
        "summary": "Що поліція зробила за період.",
        "summary_en": f"What the police did ({slug}).",
        "body": "## Зроблено\n\nБільше патрулів біля шкіл.",
        "body_en": "## Done\n\nMore patrols near schools.",
        "published_at": timezone.now() if status in PUBLIC else None,
    }
    return Report.objects.create(
        slug=slug,
        status=status,
        community=place,
        year=year,
        period=period,
        **{**values, **fields},
    )


def priority(
    place=None,
    *,
    issue_en="Speeding near the school",
    status=Priority.Status.ACTIVE,
    source=Priority.Source.RESIDENTS,
    **fields,
) -> Priority:
    values = {
        "community": place or community(),
        "issue": f"Укр: {issue_en}",
        "issue_en": issue_en,
        "action": "Патрулі в години занять.",
        "action_en": f"Patrols against: {issue_en}",
        "source": source,
        "status": status,
    }
    return Priority.objects.create(**{**values, **fields})


def progress(item: Priority, text_en: str, *, days_ago: int = 1) -> PriorityUpdate:
    return PriorityUpdate.objects.create(
        priority=item,
        created_at=timezone.now() - timedelta(days=days_ago),
        text=f"Укр: {text_en}",
        text_en=text_en,
    )


def formation(place=None, name_en="Chuhuiv Watch", **fields) -> Formation:
    values = {
        "community": place or community(),
        "name": f"ГФ {name_en}",
        "name_en": name_en,
        "activity": "Спільні патрулі ввечері.",
        "activity_en": "Joint evening patrols.",
        "members": 24,
        "joint_patrols": 51,
        "contact_person": "Петро Контактенко",
        "contact_phone": "+380501112233",
        "contact_email": "varta@example.org",
    }
    return Formation.objects.create(**{**values, **fields})


def follower(
    place=None, email="deputy@example.org", *, confirmed_days_ago=None, **fields
) -> Follow:
    """A follower of a community; confirmed (and last digested) days ago, if given."""
    if confirmed_days_ago is not None:
        confirmed = timezone.now() - timedelta(days=confirmed_days_ago)
        fields = {"confirmed_at": confirmed, "last_digest_at": confirmed, **fields}
    if "priority" not in fields:
        fields["community"] = place or community()
    return Follow.objects.create(email=email, **fields)


def meeting(slug, *, starts_at, status=Event.Status.COMPLETED, place=None) -> Event:
    return Event.objects.create(
        slug=slug,
        kind=Event.Kind.PUBLIC_MEETING,
        title=f"Зустріч {slug}",
        title_en=f"Meeting {slug}",
        description="Опис",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=status,
        community=place,
    )


def attendee(item: Event, n: int, *, attended=True) -> Registration:
    return Registration.objects.create(
        event=item,
        name=f"Person {n}",
        email=f"p{n}@example.org",
        affiliation="resident",
        status="confirmed",
        attended=attended,
    )


def trust_survey(
    place,
    *,
    trust=(4, 4, 4, 4, 4),
    problems=None,
    closes_at=None,
    wave=1,
) -> Survey:
    """A published wave of the trust series with one trust item and one question on
    local problems: a response per value of `trust`, and `problems` maps an option's
    code to how many of those respondents chose it."""
    series = SurveySeries.objects.get_or_create(
        slug="trust", defaults={"title": "Довіра", "measures_trust": True}
    )[0]
    closes = closes_at or timezone.now() - timedelta(days=1)
    survey = Survey.objects.create(
        series=series,
        wave=wave,
        title=f"Довіра, хвиля {wave}",
        title_en=f"Trust, wave {wave}",
        slug=f"trust-{wave}",
        opens_at=closes - timedelta(days=20),
        closes_at=closes,
        results_published_at=closes,
    )
    item = Question.objects.create(
        survey=survey, code="trust", type="likert", text="Довіра?", is_trust_item=True
    )
    local = Question.objects.create(
        survey=survey,
        code="problems",
        type="multiple",
        text="Проблеми?",
        is_local_problem=True,
    )
    options = {
        code: Option.objects.create(
            question=local, code=code, label=f"Укр: {code}", label_en=f"Problem {code}"
        )
        for code in (problems or {})
    }
    for n, value in enumerate(trust):
        response = Response.objects.create(survey=survey, community=place)
        Answer.objects.create(response=response, question=item, number=value)
        for code, chosen in (problems or {}).items():
            if n < chosen:
                Answer.objects.create(
                    response=response, question=local, option=options[code]
                )
    count_cells(survey)
    return survey
