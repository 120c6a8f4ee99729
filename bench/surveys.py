"""The surveys' share of the bench: a large published survey and a small copy of
it, the open survey that the mixed load answers, and the export's measures."""

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bench.loadtest import BenchSubmission
from bench.pages import BenchPage
from portal.models import Community
from surveys import results
from surveys.demo import build_questionnaire, fake_responses
from surveys.forms import SurveyForm
from surveys.models import Answer, Question, Survey, SurveySeries

# The survey whose results page and export are measured, its copy with a tenth of
# the responses (the export's memory at two sizes), and the open survey.
BENCH_SLUG = "bench-trust"
SMALL_BENCH_SLUG = "bench-trust-small"
OPEN_BENCH_SLUG = "bench-open"


def seed(scale: float, stdout) -> None:
    """One published survey of 20 questions with 50,000 responses at scale 1, a
    copy with a tenth of them for the export's memory at two sizes, and an open
    survey for the answers of the mixed load."""
    seed_survey(BENCH_SLUG, int(50_000 * scale), wave=1, stdout=stdout)
    seed_survey(SMALL_BENCH_SLUG, int(5_000 * scale), wave=2, stdout=stdout)
    seed_open_survey(stdout)


def _questionnaire(survey: Survey) -> None:
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


def seed_open_survey(stdout) -> Survey:
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
            _questionnaire(survey)
    stdout.write(f"Surveys: {survey.responses.count()} responses in {survey.slug}")
    return survey


def seed_survey(slug: str, target: int, *, wave: int, stdout) -> None:
    """A closed survey of 20 questions, published, in the bench series, filled up to
    `target` responses."""
    survey = Survey.objects.filter(slug=slug).first()
    if survey and survey.responses.count() >= target:
        results.count_cells(survey)
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
        _questionnaire(survey)
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
    # Counted as the worker counts published results, before anyone reads them.
    Survey.objects.filter(pk=survey.pk).update(results_counted_at=None)
    results.count_cells(survey)
    stdout.write(f"Surveys: {survey.responses.count()} responses in {slug}")


def pages() -> list[BenchPage]:
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
                # Read, choices are pairs; the stubs also allow what may be assigned.
                choices = cast(Iterable[tuple[Any, Any]], field.choices)
                values = [str(value) for value, _label in choices if value != ""]
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


def mix() -> list[BenchSubmission]:
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


def _export_measure(slug: str) -> dict:
    output = subprocess.run(  # noqa: S603 (the portal's own command)
        [sys.executable, "manage.py", "bench_export", "--survey", slug],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measures() -> list[tuple[str, str, str, bool | None]]:
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
