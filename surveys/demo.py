"""The surveys' share of the demo data, the benchmark data and the benchmark pages."""

import random
from datetime import timedelta

from django import forms
from django.db import transaction
from django.utils import timezone

from portal.bench import BenchPage
from portal.loadtest import BenchSubmission
from portal.models import Community
from surveys.forms import SurveyForm
from surveys.models import (
    AccessCode,
    Answer,
    Option,
    Question,
    Quota,
    Response,
    Section,
    Survey,
    SurveySeries,
)

AGE_GROUPS = [("18-29", "18–29"), ("30-44", "30–44"), ("45-59", "45–59"), ("60", "60+")]
GENDERS = [("f", "Жінка", "Woman"), ("m", "Чоловік", "Man"), ("x", "Інше", "Other")]
TRUST_ITEMS = [
    (
        "trust_police",
        "Наскільки ви довіряєте поліції у вашій громаді?",
        "How much do you trust the police in your community?",
    ),
    (
        "trust_fair",
        "Поліція ставиться до людей справедливо.",
        "The police treat people fairly.",
    ),
    (
        "trust_help",
        "Якщо я звернуся до поліції, мені допоможуть.",
        "If I turn to the police, they will help me.",
    ),
]
PROBLEMS = [
    ("roads", "Небезпека на дорогах", "Road safety"),
    (
        "alcohol",
        "Розпивання алкоголю в громадських місцях",
        "Drinking in public places",
    ),
    ("theft", "Крадіжки", "Theft"),
    ("violence", "Домашнє насильство", "Domestic violence"),
    ("lighting", "Неосвітлені вулиці", "Unlit streets"),
]


def build_questionnaire(survey: Survey) -> dict[str, Question]:
    """The trust-and-problems questionnaire of the demo and the benchmarks."""
    about, safety, you = (
        Section.objects.create(survey=survey, position=n, title=uk, title_en=en)
        for n, (uk, en) in enumerate(
            [
                ("Довіра до поліції", "Trust in the police"),
                ("Безпека у громаді", "Safety in the community"),
                ("Про вас", "About you"),
            ]
        )
    )
    questions = {}
    position = 0

    def add(code, kind, text, text_en, section, **fields):
        nonlocal position
        position += 10
        questions[code] = Question.objects.create(
            survey=survey,
            code=code,
            type=kind,
            text=text,
            text_en=text_en,
            section=section,
            position=position,
            **fields,
        )
        return questions[code]

    for code, text, text_en in TRUST_ITEMS:
        add(
            code,
            Question.Type.LIKERT,
            text,
            text_en,
            about,
            required=True,
            is_trust_item=True,
            low_label="зовсім ні",
            low_label_en="not at all",
            high_label="повністю",
            high_label_en="completely",
        )
    contact = add(
        "contacted",
        Question.Type.SINGLE,
        "Чи зверталися ви до поліції за останній рік?",
        "Did you contact the police in the last year?",
        about,
        required=True,
    )
    yes = Option.objects.create(
        question=contact, code="yes", label="Так", label_en="Yes", position=1
    )
    Option.objects.create(
        question=contact, code="no", label="Ні", label_en="No", position=2
    )
    add(
        "contact_rating",
        Question.Type.RATING,
        "Як ви оцінюєте те, як вас вислухали (0–10)?",
        "How well were you listened to (0 to 10)?",
        about,
        required=True,
        shown_if_option=yes,
    )
    problems = add(
        "problems",
        Question.Type.MULTIPLE,
        "Які проблеми безпеки найгостріші у вашій громаді?",
        "Which safety problems are most pressing in your community?",
        safety,
        allow_other=True,
        is_local_problem=True,
    )
    for n, (code, uk, en) in enumerate(PROBLEMS):
        Option.objects.create(
            question=problems, code=code, label=uk, label_en=en, position=n
        )
    add(
        "safe_evening",
        Question.Type.LIKERT,
        "Наскільки безпечно ви почуваєтеся ввечері на вулиці?",
        "How safe do you feel in the street in the evening?",
        safety,
        low_label="зовсім небезпечно",
        low_label_en="very unsafe",
        high_label="цілком безпечно",
        high_label_en="very safe",
    )
    add(
        "suggestion",
        Question.Type.LONG_TEXT,
        "Що поліція має змінити насамперед?",
        "What should the police change first?",
        safety,
    )
    add(
        "community",
        Question.Type.COMMUNITY,
        "Ваша громада",
        "Your community",
        you,
        demographic=Question.Demographic.COMMUNITY,
    )
    age = add(
        "age_group",
        Question.Type.SINGLE,
        "Ваш вік",
        "Your age",
        you,
        demographic=Question.Demographic.AGE_GROUP,
    )
    for n, (code, label) in enumerate(AGE_GROUPS):
        Option.objects.create(
            question=age, code=code, label=label, label_en=label, position=n
        )
    gender = add(
        "gender",
        Question.Type.SINGLE,
        "Ваша стать",
        "Your gender",
        you,
        demographic=Question.Demographic.GENDER,
    )
    for n, (code, uk, en) in enumerate(GENDERS):
        Option.objects.create(
            question=gender, code=code, label=uk, label_en=en, position=n
        )
    return questions


def fake_responses(survey, questions, count, rng, communities, *, trust_shift=0):
    """Plausible answers in bulk: trust leaning on the community and the wave."""
    options = {q.code: list(q.options.all()) for q in questions.values()}
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_on=timezone.localdate() - timedelta(days=rng.randint(0, 30)),
            channel="paper" if rng.random() < 0.2 else "web",
            community=rng.choice(communities),
            age_group=rng.choice(AGE_GROUPS)[0],
            gender=rng.choice(GENDERS)[0],
        )
        for _ in range(count)
    )
    answers = []
    for response in responses:
        lean = (response.community.pk % 3) - 1 + trust_shift
        for code, *_ in TRUST_ITEMS:
            value = min(5, max(1, rng.randint(2, 4) + lean))
            answers.append(
                Answer(response=response, question=questions[code], number=value)
            )
        contacted = rng.random() < 0.4
        answers.append(
            Answer(
                response=response,
                question=questions["contacted"],
                option=options["contacted"][0 if contacted else 1],
            )
        )
        if contacted:
            answers.append(
                Answer(
                    response=response,
                    question=questions["contact_rating"],
                    number=rng.randint(2, 10),
                )
            )
        for option in rng.sample(options["problems"], rng.randint(1, 3)):
            answers.append(
                Answer(response=response, question=questions["problems"], option=option)
            )
        answers.append(
            Answer(
                response=response,
                question=questions["safe_evening"],
                number=rng.randint(1, 5),
            )
        )
        answers.append(
            Answer(
                response=response,
                question=questions["community"],
                community=response.community,
            )
        )
        for code, value in [
            ("age_group", response.age_group),
            ("gender", response.gender),
        ]:
            option = next(o for o in options[code] if o.code == value)
            answers.append(
                Answer(response=response, question=questions[code], option=option)
            )
    Answer.objects.bulk_create(answers, batch_size=5000)


@transaction.atomic
def seed_demo(stdout) -> None:
    if Survey.objects.exists():
        stdout.write("Surveys: surveys exist already, none added.")
        return
    rng = random.Random(2017)  # noqa: S311 (demo data, not secrets)
    communities = list(
        Community.objects.filter(
            slug__in=["chuhuiv", "malynivka", "novopokrovka", "chkalovske"]
        )
    )
    now = timezone.now()
    series = SurveySeries.objects.create(
        title="Довіра до поліції в громадах Чугуївського району",
        title_en="Trust in the police in the communities of Chuhuiv raion",
        slug="trust",
        measures_trust=True,
    )
    for wave, years_ago in [(1, 2), (2, 1)]:
        survey = Survey.objects.create(
            series=series,
            wave=wave,
            title=f"Довіра до поліції, хвиля {wave}",
            title_en=f"Trust in the police, wave {wave}",
            slug=f"trust-wave-{wave}",
            introduction="Опитування проводить Чугуївська правозахисна група.",
            introduction_en="The survey is run by the Chuhuiv Human Rights Group.",
            opens_at=now - timedelta(days=365 * years_ago + 30),
            closes_at=now - timedelta(days=365 * years_ago),
            results_published_at=now - timedelta(days=365 * years_ago - 7),
        )
        questions = build_questionnaire(survey)
        fake_responses(survey, questions, 160, rng, communities, trust_shift=wave - 1)
    current = Survey.objects.create(
        series=series,
        wave=3,
        title="Довіра до поліції, хвиля 3",
        title_en="Trust in the police, wave 3",
        slug="trust-wave-3",
        introduction="Відповіді анонімні й займуть близько п'яти хвилин.",
        introduction_en="Answers are anonymous and take about five minutes.",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=40),
    )
    build_questionnaire(current)
    for community in communities:
        Quota.objects.create(survey=current, community=community, target=100)
    focus = Survey.objects.create(
        title="Фокус-група: молодь і поліція",
        title_en="Focus group: youth and the police",
        slug="focus-youth",
        access=Survey.Access.CODES,
        introduction="Для учасників фокус-групи, з кодом доступу.",
        introduction_en="For the focus group's participants, with an access code.",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=10),
    )
    build_questionnaire(focus)
    AccessCode.objects.bulk_create(
        AccessCode(survey=focus, batch="Школа №1") for _ in range(20)
    )
    stdout.write(
        f"Surveys: {Survey.objects.count()} surveys, "
        f"{Response.objects.count()} responses"
    )


BENCH_SLUG = "bench-trust"


def seed_bench(scale: float, stdout) -> None:
    """One published survey of 20 questions with 50,000 responses at scale 1, a
    copy with a tenth of them for the export's memory at two sizes, and an open
    survey for the answers of the mixed load."""
    _seed_bench_survey(BENCH_SLUG, int(50_000 * scale), wave=1, stdout=stdout)
    _seed_bench_survey(SMALL_BENCH_SLUG, int(5_000 * scale), wave=2, stdout=stdout)
    seed_open_bench_survey(stdout)


def _bench_questionnaire(survey: Survey) -> None:
    """The demo questionnaire, with Likert items added up to 20 questions."""
    questions = build_questionnaire(survey)
    for n in range(20 - len(questions)):
        Question.objects.create(
            survey=survey,
            code=f"extra{n}",
            type=Question.Type.LIKERT,
            text=f"Додаткове питання {n}",
            position=200 + n,
        )


OPEN_BENCH_SLUG = "bench-open"


def seed_open_bench_survey(stdout) -> Survey:
    """The survey the mixed load answers: open to anyone for years, in no series, so
    that the answers it collects change none of the other benchmark pages' data."""
    survey = Survey.objects.filter(slug=OPEN_BENCH_SLUG).first()
    if survey is None:
        now = timezone.now()
        with transaction.atomic():
            survey = Survey.objects.create(
                title="Безпека у громаді: відкрите опитування",
                title_en="Safety in the community: an open survey",
                slug=OPEN_BENCH_SLUG,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=3650),
            )
            _bench_questionnaire(survey)
    stdout.write(f"Surveys: {survey.responses.count()} responses in {survey.slug}")
    return survey


def _seed_bench_survey(slug: str, target: int, *, wave: int, stdout) -> None:
    survey = Survey.objects.filter(slug=slug).first()
    if survey and survey.responses.count() >= target:
        stdout.write(f"Surveys: {survey.responses.count()} responses in {slug} already")
        return
    now = timezone.now()
    series, _ = SurveySeries.objects.get_or_create(
        slug="bench-trust", defaults={"title": "Бенчмарк", "measures_trust": True}
    )
    if survey is None:
        survey = Survey.objects.create(
            series=series,
            wave=wave,
            title="Бенчмарк довіри",
            slug=slug,
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=1),
            results_published_at=now,
        )
        _bench_questionnaire(survey)
    questions = {q.code: q for q in survey.questions.prefetch_related("options")}
    extras = [q for code, q in questions.items() if code.startswith("extra")]
    rng = random.Random(11)  # noqa: S311 (benchmark data, not secrets)
    communities = list(Community.objects.all())
    while (have := survey.responses.count()) < target:
        batch = min(5000, target - have)
        with transaction.atomic():
            fake_responses(survey, questions, batch, rng, communities)
            fresh = survey.responses.order_by("-pk")[:batch].values_list(
                "pk", flat=True
            )
            Answer.objects.bulk_create(
                (
                    Answer(response_id=pk, question=q, number=rng.randint(1, 5))
                    for pk in fresh
                    for q in extras
                ),
                batch_size=10000,
            )
    stdout.write(f"Surveys: {survey.responses.count()} responses in {slug}")


def bench_pages() -> list[BenchPage]:
    return [
        BenchPage("surveys list", "/surveys/"),
        BenchPage(
            "survey results (uncached)", f"/surveys/{BENCH_SLUG}/results/", target=0.2
        ),
    ]


SUGGESTIONS = [
    "Більше патрулів увечері біля школи.",
    "Освітлити зупинки й відповідати на дзвінки швидше.",
    "Частіше зустрічатися з мешканцями громади.",
]


def _answer_bodies(survey: Survey, count: int) -> list[tuple[tuple[str, str], ...]]:
    """Complete, valid answers to the survey, read from its own form's fields, so
    that they follow any change to the questionnaire. Conditional questions are
    answered too: the form drops what does not apply, as it does for people."""
    questions = list(
        survey.questions.select_related("section", "shown_if_option__question")
        .prefetch_related("options")
        .order_by("position", "pk")
    )
    fields = SurveyForm(survey, questions).fields
    rng = random.Random(3)  # noqa: S311 (benchmark data, not secrets)
    bodies = []
    for _ in range(count):
        body = []
        for name, field in fields.items():
            if name == "homepage" or name.endswith("_other"):
                continue  # the honeypot, and the optional "other" texts
            if isinstance(field, forms.ChoiceField):
                values = [str(value) for value, _label in field.choices if value != ""]
                if isinstance(field, forms.MultipleChoiceField):
                    chosen = rng.sample(values, rng.randint(1, min(3, len(values))))
                else:
                    chosen = [rng.choice(values)]
                body += [(name, value) for value in chosen]
            elif isinstance(field, forms.DecimalField):
                body.append((name, str(rng.randint(0, 100))))
            else:
                body.append((name, rng.choice(SUGGESTIONS)))
        bodies.append(tuple(body))
    return bodies


def bench_mix() -> list[BenchSubmission]:
    """The mixed load's survey answer: a complete response to the open survey."""
    survey = Survey.objects.filter(slug=OPEN_BENCH_SLUG).first()
    if survey is None:
        return []
    return [
        BenchSubmission(
            "survey answer",
            f"/surveys/{survey.slug}/",
            bodies=tuple(_answer_bodies(survey, 50)),
            count=survey.responses.count,
            redirect_to=f"/surveys/{survey.slug}/thanks/",
        )
    ]


SMALL_BENCH_SLUG = "bench-trust-small"


def _export_measure(slug: str) -> dict:
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    output = subprocess.run(  # noqa: S603 (the portal's own command)
        [sys.executable, "manage.py", "bench_export", "--survey", slug],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench_measures() -> list[tuple[str, str, str, bool | None]]:
    """The CSV export against COPY, and its memory at two sizes (separate processes)."""
    large = _export_measure(BENCH_SLUG)
    small = _export_measure(SMALL_BENCH_SLUG)
    rows = []
    if large["copy_seconds"]:
        ratio = large["copy_seconds"] / large["export_seconds"]
        rows.append(
            (
                f"survey CSV export, {large['rows']} responses: rows/s as a ratio of "
                "COPY of the same query",
                f"{large['rows'] / large['export_seconds']:.0f} rows/s, "
                f"ratio {ratio:.2f}",
                "0.50",
                ratio >= 0.5,
            )
        )
    for measure in (small, large):
        rows.append(
            (
                f"survey CSV export, {measure['rows']} responses: memory growth",
                f"{measure['memory_growth_mb']} MB",
                "< 50 MB",
                measure["memory_growth_mb"] < 50,
            )
        )
    apart = abs(large["memory_growth_mb"] - small["memory_growth_mb"])
    rows.append(
        (
            "survey CSV export: memory at both sizes",
            f"{apart:.1f} MB apart",
            "within 10 MB",
            apart <= 10,
        )
    )
    return rows
