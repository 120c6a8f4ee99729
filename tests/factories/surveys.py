"""Builders for the surveys' tests: the demo questionnaire, open or closed."""

from datetime import timedelta

from django.utils import timezone

from surveys.demo import build_questionnaire
from surveys.models import Option, Survey, SurveySeries
from tests.factories.portal import community


def survey(
    *,
    state="open",
    access=Survey.Access.ANYONE,
    trust=True,
    wave=1,
    slug="trust",
    series=None,
) -> Survey:
    now = timezone.now()
    opens, closes = {
        "open": (now - timedelta(days=1), now + timedelta(days=10)),
        "closed": (now - timedelta(days=20), now - timedelta(days=1)),
        "future": (now + timedelta(days=1), now + timedelta(days=10)),
    }[state]
    if series is None and trust:
        series = SurveySeries.objects.get_or_create(
            slug="trust-series", defaults={"title": "Довіра", "measures_trust": True}
        )[0]
    item = Survey.objects.create(
        series=series,
        wave=wave,
        title="Довіра до поліції",
        title_en="Trust in police",
        slug=slug,
        opens_at=opens,
        closes_at=closes,
        access=access,
    )
    build_questionnaire(item)
    return item


def answers(item: Survey, **overrides) -> dict:
    """A complete, valid set of answers as the form posts them."""
    q = {question.code: question for question in item.questions.all()}

    def option(code, value):
        return str(Option.objects.get(question=q[code], code=value).pk)

    data = {
        q["trust_police"].field_name: "4",
        q["trust_fair"].field_name: "3",
        q["trust_help"].field_name: "5",
        q["contacted"].field_name: option("contacted", "no"),
        q["safe_evening"].field_name: "2",
        q["community"].field_name: str(community().pk),
        q["age_group"].field_name: option("age_group", "30-44"),
        q["gender"].field_name: option("gender", "f"),
    }
    for code, value in overrides.items():
        if value is None:
            data.pop(q[code].field_name, None)
        else:
            data[q[code].field_name] = value
    return data


def question(item: Survey, code: str):
    return item.questions.get(code=code)


def option_pk(item: Survey, code: str, value: str) -> str:
    return str(
        Option.objects.get(question__survey=item, question__code=code, code=value).pk
    )
