"""The analysts' back office: exports that parse back, codes, paper entry, locks."""

import csv
import io
import random
import re
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from portal.models import AuditEntry
from surveys.demo import fake_responses
from surveys.models import AccessCode, Answer, Export, Response
from tests.factories import answers, community, survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled():
    item = survey()
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, 12, random.Random(3), [community()])
    return item


@pytest.fixture
def analyst_client(client, role_user):
    client.force_login(role_user("analyst"))
    return client


def export(client, item, **choice):
    data = {"format": "csv", "layout": "wide", "language": "en", **choice}
    return client.post(f"/en/admin/surveys/survey/{item.pk}/export/", data)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def stored_wide(item) -> dict[int, dict[str, str]]:
    """What every response holds, keyed as the wide export names its columns."""
    expected = {}
    for response in Response.objects.filter(survey=item):
        row = {}
        for answer in Answer.objects.filter(response=response).select_related(
            "question", "option", "community"
        ):
            code = answer.question.code
            if answer.question.type == "multiple":
                if answer.option:
                    row[f"{code}_{answer.option.code}"] = "1"
            elif answer.option:
                row[code] = answer.option.code
            elif answer.number is not None:
                row[code] = str(int(answer.number))
            elif answer.community:
                row[code] = answer.community.slug
            else:
                row[code] = answer.text
        expected[response.pk] = row
    return expected


def test_the_wide_csv_parses_back_to_exactly_the_stored_answers(analyst_client, filled):
    rows = csv_rows(export(analyst_client, filled))

    expected = stored_wide(filled)
    assert len(rows) == len(expected) == 12
    problem_columns = [
        c for c in rows[0] if c.startswith("problems_") and c != "problems_other"
    ]
    for row in rows:
        stored = expected[int(row["response"])]
        for column, value in stored.items():
            assert row[column] == value, column
        for column in problem_columns:
            assert row[column] == stored.get(column, "0")


def test_the_long_csv_has_one_row_per_answer(analyst_client, filled):
    rows = csv_rows(export(analyst_client, filled, layout="long"))

    assert len(rows) == Answer.objects.filter(response__survey=filled).count()
    assert {r["question"] for r in rows} <= set(
        filled.questions.values_list("code", flat=True)
    )


def test_the_xlsx_holds_the_same_rows_and_a_matching_codebook(analyst_client, filled):
    response = export(analyst_client, filled, format="xlsx", language="uk")
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    )

    sheet = list(book["responses"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    expected = stored_wide(filled)
    assert len(body) == 12
    for values in body:
        row: dict[Any, Any] = dict(zip(header, values, strict=True))
        for column, value in expected[int(row["response"])].items():
            assert str(row[column]) == value
    codebook = list(book["codebook"].iter_rows(values_only=True))
    variables = {entry[0] for entry in codebook[1:]}
    assert set(header[6:]) <= variables
    trust = next(entry for entry in codebook if entry[0] == "trust_police")
    assert trust[1] == "Наскільки ви довіряєте поліції у вашій громаді?"


def test_every_export_is_audited(analyst_client, filled):
    export(analyst_client, filled)

    entry = AuditEntry.objects.get(action="surveys.responses_exported")
    assert entry.data == {"format": "csv", "layout": "wide"}


@pytest.mark.parametrize("role", ["operator", "monitor", "press", "coordinator"])
def test_only_analysts_export(client, role_user, filled, role):
    client.force_login(role_user(role))

    response = export(client, filled)

    assert response.status_code == 403


def test_a_large_export_is_built_by_a_task_with_progress(
    analyst_client,
    filled,
    monkeypatch,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from django.core.files.storage import FileSystemStorage, storages

    from surveys import admin as survey_admin

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    monkeypatch.setattr(survey_admin, "INLINE_EXPORT_LIMIT", 5)

    with django_capture_on_commit_callbacks(execute=True):
        response = export(analyst_client, filled)

    job = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/exports/{job.pk}/")
    assert (job.status, job.done, job.total) == ("done", 12, 12)
    status = analyst_client.get(response["Location"])
    assert "Download" in status.text
    download = analyst_client.get(
        f"/en/admin/surveys/survey/exports/{job.pk}/download/"
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(download.streaming_content).decode("utf-8").lstrip("\ufeff")
            )
        )
    )
    assert len(rows) == 12


def test_access_codes_are_made_in_batches_and_listed_for_printing(analyst_client):
    item = survey(access="codes", trust=False, slug="focus")

    analyst_client.post(
        f"/en/admin/surveys/survey/{item.pk}/codes/", {"count": 15, "batch": "School 1"}
    )
    page = analyst_client.get(f"/en/admin/surveys/survey/{item.pk}/codes/")

    codes = AccessCode.objects.filter(survey=item)
    assert codes.count() == 15
    assert all(code.code in page.text for code in codes)


def test_a_paper_questionnaire_is_keyed_in_with_the_paper_channel(client, role_user):
    item = survey()
    client.force_login(role_user("coordinator"))

    response = client.post(f"/en/admin/surveys/survey/{item.pk}/paper/", answers(item))

    assert response.status_code == 302
    assert Response.objects.get().channel == "paper"
    assert AuditEntry.objects.filter(action="surveys.paper_response_entered").exists()


def test_questions_are_locked_once_answers_exist(analyst_client, filled):
    trust = filled.questions.get(code="trust_police")

    page = analyst_client.get(f"/en/admin/surveys/question/{trust.pk}/change/")
    analyst_client.post(
        f"/en/admin/surveys/question/{trust.pk}/change/",
        {
            "type": "short_text",
            "code": "changed",
            "text": "Змінений текст",
            "position": 1,
            "options-TOTAL_FORMS": 0,
            "options-INITIAL_FORMS": 0,
        },
    )

    trust.refresh_from_db()
    assert "codes, types, options and skip logic are locked" in page.text
    assert (trust.type, trust.code) == ("likert", "trust_police")
    delete = analyst_client.post(
        f"/en/admin/surveys/question/{trust.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403


def test_copy_as_new_wave_keeps_the_questionnaire_and_its_skip_logic(
    analyst_client, filled
):
    analyst_client.post(
        "/en/admin/surveys/survey/",
        {"action": "copy_as_new_wave", "_selected_action": [filled.pk]},
    )

    copy = filled.series.surveys.get(wave=2)
    assert copy.questions.count() == filled.questions.count()
    rating = copy.questions.get(code="contact_rating")
    assert rating.shown_if_option.question.survey == copy
    assert copy.opens_at > timezone.now()


def test_the_codebook_csv_lists_every_variable_of_the_wide_export(
    analyst_client, filled
):
    wide = csv_rows(export(analyst_client, filled))
    response = analyst_client.get(
        f"/en/admin/surveys/survey/{filled.pk}/codebook/?language=en"
    )

    book = csv_rows(response)
    assert {row["variable"] for row in book} >= set(wide[0]) - {
        "response",
        "submitted_on",
        "channel",
        "community",
        "age_group",
        "gender",
    }
    trust = next(row for row in book if row["variable"] == "trust_police")
    assert trust["question"] == "How much do you trust the police in your community?"


@pytest.mark.parametrize(
    ("role", "tools"),
    [
        ("analyst", {"codes", "export", "paper", "exports/"}),
        ("coordinator", {"paper"}),
    ],
)
def test_the_survey_page_links_each_role_only_to_what_it_may_open(
    client, role_user, django_user_model, role, tools
):
    item = survey(access="codes", trust=False, slug="focus")
    job = Export.objects.create(
        survey=item,
        format="csv",
        layout="wide",
        language="en",
        requested_by=django_user_model.objects.create_user("requester"),
    )
    client.force_login(role_user(role))

    page = client.get(f"/en/admin/surveys/survey/{item.pk}/change/")

    base = f"/en/admin/surveys/survey/{item.pk}/"
    links = set(re.findall(r'href="(/en/admin/surveys/survey/[^"]+)"', page.text))
    offered = {
        name
        for name, link in {
            "codes": f"{base}codes/",
            "export": f"{base}export/",
            "paper": f"{base}paper/",
            "exports/": f"/en/admin/surveys/survey/exports/{job.pk}/",
        }.items()
        if link in links
    }
    assert offered == tools
    for link in links:
        assert client.get(link).status_code == 200, link
