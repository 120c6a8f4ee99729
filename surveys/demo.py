"""The surveys' share of the demo data."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import Community
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
        lean = ((response.community_id or 0) % 3) - 1 + trust_shift
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
