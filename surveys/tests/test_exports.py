"""Exports an analyst can use at once: typed XLSX cells, each variable once, values as
codes or labels, and an SPSS file whose labels match the questionnaire."""

import csv
import io
import random
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from portal.models import Community
from surveys import exports, tasks
from surveys.demo import fake_responses
from surveys.models import Answer, Export, Question, Response
from tests.factories import community, survey

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example","x")'


@pytest.fixture
def filled():
    item = survey()
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(
        item, questions, 12, random.Random(3), [community(), community("pechenihy")]
    )
    return item


@pytest.fixture
def analyst_client(client, role_user):
    client.force_login(role_user("analyst"))
    return client


def export(client, item, **choice) -> bytes:
    data = {"format": "csv", "layout": "wide", "language": "en", **choice}
    response = client.post(f"/en/admin/surveys/survey/{item.pk}/export/", data)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"))))


def sheet_rows(content: bytes, name="responses") -> list[dict]:
    rows = list(load_workbook(io.BytesIO(content))[name].iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def stored(item, code: str) -> dict[int, Answer]:
    """Each response's answer to one question."""
    return {
        a.response_id: a
        for a in Answer.objects.filter(question__survey=item, question__code=code)
        .select_related("option", "community")
        .order_by("pk")
    }


def scores(item, code: str) -> dict[int, int]:
    """Each response's whole-number answer to one question."""
    answers = Answer.objects.filter(
        question__survey=item, question__code=code, number__isnull=False
    )
    return {a.response_id: int(a.number or 0) for a in answers}


def add_number_question(item) -> Question:
    """A number question answered with a negative and a fractional number."""
    question = Question.objects.create(
        survey=item, code="budget", type="number", text="Скільки?", position=200
    )
    first, second = item.responses.order_by("pk")[:2]
    Answer.objects.create(response=first, question=question, number=Decimal("-5"))
    Answer.objects.create(response=second, question=question, number=Decimal("2.5"))
    return question


def test_the_export_page_offers_labelled_values_and_spss(analyst_client, filled):
    page = analyst_client.get(f"/en/admin/surveys/survey/{filled.pk}/export/")

    assert '<option value="spss">' in page.text
    assert '<option value="labels">' in page.text
    assert 'aria-describedby="id_values_helptext"' in page.text
    assert "The SPSS file always holds codes with their labels." in page.text


# XLSX cells


def test_xlsx_numbers_are_numeric_cells_and_days_are_date_cells(analyst_client, filled):
    add_number_question(filled)

    rows = sheet_rows(export(analyst_client, filled, format="xlsx"))

    trust = scores(filled, "trust_police")
    for row in rows:
        response = row["response"].value
        assert row["response"].data_type == "n" and isinstance(response, int)
        assert row["trust_police"].data_type == "n"
        assert row["trust_police"].value == trust[response]
        assert row["problems_roads"].value in {0, 1}
        day = row["submitted_on"]
        assert day.is_date and day.number_format == "yyyy-mm-dd"
        submitted = Response.objects.get(pk=response).submitted_on
        assert day.value.date() == submitted
    budget = [row["budget"] for row in rows if row["budget"].value is not None]
    assert [(c.data_type, c.value, c.quotePrefix) for c in budget] == [
        ("n", -5, False),
        ("n", 2.5, False),
    ]


def test_xlsx_text_like_a_formula_stays_text_and_text_like_a_number_stays_text(
    analyst_client, filled
):
    first, second = filled.responses.order_by("pk")[:2]
    suggestion = filled.questions.get(code="suggestion")
    Answer.objects.create(response=first, question=suggestion, text=FORMULA)
    Answer.objects.create(response=second, question=suggestion, text="-5")

    rows = sheet_rows(export(analyst_client, filled, format="xlsx"))

    cells = {row["response"].value: row["suggestion"] for row in rows}
    assert (cells[first.pk].value, cells[first.pk].data_type) == (FORMULA, "s")
    assert cells[first.pk].quotePrefix
    assert (cells[second.pk].value, cells[second.pk].data_type) == ("-5", "s")


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_xlsx_sheets_keep_the_header_in_view_and_have_column_widths(
    analyst_client, filled, layout
):
    book = load_workbook(
        io.BytesIO(export(analyst_client, filled, format="xlsx", layout=layout))
    )

    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        widths = {
            letter: dimension.width
            for letter, dimension in sheet.column_dimensions.items()
        }
        assert len(widths) == sheet.max_column
        assert all(8 <= width <= 60 for width in widths.values())
    header = [cell.value for cell in book["responses"][1]]
    width = {
        name: book["responses"].column_dimensions[get_column_letter(n)].width
        for n, name in enumerate(header, 1)
    }
    if layout == "long":
        assert width["text"] > width["number"]
    else:
        assert width["suggestion"] > width["trust_police"]


def test_the_long_xlsx_has_typed_numbers_and_days(analyst_client, filled):
    rows = sheet_rows(export(analyst_client, filled, format="xlsx", layout="long"))

    numbers = [row["number"] for row in rows if row["number"].value is not None]
    assert numbers and all(cell.data_type == "n" for cell in numbers)
    assert all(row["submitted_on"].is_date for row in rows)
    assert all(isinstance(row["response"].value, int) for row in rows)


# Each variable once


def test_the_wide_export_has_each_demographic_once(analyst_client, filled):
    header = next(csv.reader(io.StringIO(export(analyst_client, filled).decode())))

    header[0] = header[0].lstrip("\ufeff")
    assert len(header) == len(set(header))
    for name in ("community", "age_group", "gender"):
        assert header.count(name) == 1
    # The questions' columns, which the codebook explains, are the ones kept.
    assert header[:3] == ["response", "submitted_on", "channel"]
    assert header[-3:] == ["community", "age_group", "gender"]


def test_a_demographic_question_with_another_code_replaces_the_response_copy(
    analyst_client,
):
    item = survey()
    item.questions.filter(code="age_group").update(code="vik")

    header = export(analyst_client, item).decode().lstrip("\ufeff").split("\r\n")[0]

    columns = header.split(",")
    assert "vik" in columns and "age_group" not in columns
    assert columns.count("gender") == columns.count("community") == 1


def test_a_survey_without_demographic_questions_keeps_the_response_columns(
    analyst_client,
):
    item = survey(slug="short", trust=False)
    item.questions.exclude(code__in=["trust_police", "contacted"]).delete()
    place = community()
    Response.objects.create(survey=item, community=place, age_group="60", gender="f")

    rows = csv_rows(export(analyst_client, item))

    assert list(rows[0]) == [
        "response",
        "submitted_on",
        "channel",
        "community",
        "age_group",
        "gender",
        "trust_police",
        "contacted",
    ]
    assert (rows[0]["community"], rows[0]["age_group"]) == (place.slug, "60")


# Codes or labels


@pytest.mark.parametrize(
    ("language", "yes", "channel"), [("uk", "Так", "вебсайт"), ("en", "Yes", "web")]
)
def test_the_wide_csv_with_labels_shows_each_code_as_its_label(
    analyst_client, filled, language, yes, channel
):
    rows = csv_rows(export(analyst_client, filled, values="labels", language=language))

    contacted = stored(filled, "contacted")
    gender = stored(filled, "gender")
    place = stored(filled, "community")
    trust = scores(filled, "trust_police")
    for row in rows:
        pk = int(row["response"])
        label = "label_en" if language == "en" else "label"
        assert row["contacted"] == getattr(contacted[pk].option, label)
        assert row["gender"] == getattr(gender[pk].option, label)
        name = "name_en" if language == "en" else "name"
        assert row["community"] == getattr(place[pk].community, name)
        # Numbers and the 0/1 columns of multiple choice stay as they are.
        assert row["trust_police"] == str(trust[pk])
        assert row["problems_roads"] in {"0", "1"}
    assert yes in {row["contacted"] for row in rows}
    web = Response.objects.filter(survey=filled, channel="web").first()
    assert web is not None
    assert next(r for r in rows if r["response"] == str(web.pk))["channel"] == channel


def test_codes_stay_codes_unless_labels_are_asked_for(analyst_client, filled):
    rows = csv_rows(export(analyst_client, filled, language="uk"))

    assert {row["contacted"] for row in rows} <= {"yes", "no"}
    assert {row["gender"] for row in rows} <= {"f", "m", "x"}
    assert {row["channel"] for row in rows} <= {"web", "paper"}


def test_the_long_xlsx_with_labels_shows_options_and_communities_by_label(
    analyst_client, filled
):
    rows = sheet_rows(
        export(
            analyst_client,
            filled,
            format="xlsx",
            layout="long",
            values="labels",
            language="uk",
        )
    )

    by_pk = {
        (a.response_id, a.question.code, a.option.label if a.option else None): a
        for a in Answer.objects.filter(question__survey=filled).select_related(
            "question", "option", "community"
        )
    }
    assert len(rows) == len(by_pk)
    for row in rows:
        key = (row["response"].value, row["question"].value, row["option"].value)
        answer = by_pk[key]
        if answer.community:
            assert row["community"].value == answer.community.name
    options = {row["option"].value for row in rows}
    assert "Так" in options or "Ні" in options
    assert not options & {"yes", "no", "f", "m"}


def test_a_large_export_with_labels_is_built_with_labels(
    analyst_client,
    filled,
    monkeypatch,
    private_files,
    django_capture_on_commit_callbacks,
):
    from surveys import admin as survey_admin

    monkeypatch.setattr(survey_admin, "INLINE_EXPORT_LIMIT", 5)

    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(
            f"/en/admin/surveys/survey/{filled.pk}/export/",
            {"format": "csv", "layout": "wide", "language": "uk", "values": "labels"},
        )

    job = Export.objects.get()
    rows = csv_rows(job.file.read())
    assert {row["contacted"] for row in rows} <= {"Так", "Ні"}


# SPSS


def commands(syntax: str) -> list[list[str]]:
    """The syntax's commands as tokens, strings unquoted and joined where + joins
    them."""
    syntax = "\n".join(line for line in syntax.splitlines() if not line.startswith("*"))
    found, current, quoted = [], "", False
    for n, character in enumerate(syntax):
        current += character
        if character == "'":
            quoted = not quoted
        ends = n + 1 == len(syntax) or syntax[n + 1] == "\n"
        if character == "." and not quoted and ends:
            found.append(current[:-1])
            current = ""
    result = []
    for text in found:
        tokens: list[str] = []
        joining = False
        for token in re.findall(r"'(?:[^']|'')*'|\+|/|[^\s/+']+", text):
            if token == "+":
                joining = True
            elif token.startswith("'") and joining:
                tokens[-1] += token[1:-1].replace("''", "'")
                joining = False
            elif token.startswith("'"):
                tokens.append(token[1:-1].replace("''", "'"))
            else:
                tokens.append(token)
        result.append(tokens)
    return result


def groups(tokens: list[str]) -> dict[str, list[str]]:
    """A command's /-separated parts, keyed by their first token."""
    parts: dict[str, list[str]] = {}
    for part in " \0".join(tokens).split(" \0/ \0"):
        words = part.split(" \0")
        parts[words[0]] = words[1:]
    return parts


def read_spss(content: bytes) -> tuple[dict, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert names == ["trust.csv", "trust.sps"]
    syntax = archive.read("trust.sps").decode("utf-8")
    parsed = {" ".join(tokens[:2]): tokens for tokens in commands(syntax)}
    variables = groups(parsed["GET DATA"][2:])["VARIABLES="]
    formats = dict(zip(variables[::2], variables[1::2], strict=True))
    labels = groups(parsed["VARIABLE LABELS"][2:])
    value_labels = {
        name: dict(zip(map(int, rest[::2]), rest[1::2], strict=True))
        for name, rest in groups(parsed["VALUE LABELS"][2:]).items()
    }
    data = archive.read("trust.csv").decode("utf-8")
    assert not data.startswith("\ufeff")
    dictionary = {
        "formats": formats,
        "labels": {name: words[0] for name, words in labels.items()},
        "value_labels": value_labels,
        "file_label": parsed["FILE LABEL"][2],
        "commands": list(parsed),
    }
    return dictionary, list(csv.DictReader(io.StringIO(data)))


def test_the_spss_syntax_labels_every_variable_and_value_as_the_survey_does(
    analyst_client, filled
):
    dictionary, rows = read_spss(
        export(analyst_client, filled, format="spss", language="uk")
    )

    labels, value_labels = dictionary["labels"], dictionary["value_labels"]
    header, _sql, _params = exports.wide_query(filled)
    assert list(rows[0]) == list(dictionary["formats"]) == header
    assert set(labels) == set(header)
    assert dictionary["file_label"] == "Довіра до поліції"
    assert dictionary["commands"][-2:] == ["SAVE OUTFILE=", "EXECUTE"]
    assert labels["submitted_on"] == "дата подання"
    assert value_labels["channel"] == {1: "вебсайт", 2: "паперова анкета"}
    for question in filled.questions.prefetch_related("options"):
        options = list(question.options.all())
        if question.type == "multiple":
            for option in options:
                name = f"{question.code}_{option.code}"
                assert labels[name] == f"{question.text}: {option.label}"
                assert value_labels[name] == {0: "не обрано", 1: "обрано"}
            assert labels[f"{question.code}_other"].startswith(question.text)
            continue
        assert labels[question.code] == question.text
        if question.type == "single":
            assert value_labels[question.code] == {
                n: option.label for n, option in enumerate(options, 1)
            }
        elif question.type == "likert":
            assert value_labels[question.code] == {
                1: question.low_label,
                5: question.high_label,
            }
    # Only the communities that occur, by their numbers.
    places = Community.objects.filter(
        pk__in=Answer.objects.filter(question__code="community").values("community")
    )
    assert value_labels["community"] == {p.pk: p.name for p in places}
    assert dictionary["formats"]["submitted_on"] == "SDATE10"
    assert dictionary["formats"]["trust_police"].startswith("F")
    assert dictionary["formats"]["suggestion"].startswith("A")


def test_the_spss_data_holds_each_answer_as_its_labelled_number(analyst_client, filled):
    dictionary, rows = read_spss(export(analyst_client, filled, format="spss"))

    value_labels = dictionary["value_labels"]
    contacted, place = stored(filled, "contacted"), stored(filled, "community")
    trust = scores(filled, "trust_police")
    assert len(rows) == 12
    for row in rows:
        pk = int(row["response"])
        option = contacted[pk].option
        assert option is not None
        assert value_labels["contacted"][int(row["contacted"])] == option.label_en
        assert int(row["community"]) == place[pk].community_id
        assert row["trust_police"] == str(trust[pk])
        assert date.fromisoformat(row["submitted_on"])


def test_spss_text_keeps_to_one_line_and_is_defused_and_widths_fit_it(
    analyst_client, filled
):
    first = filled.responses.order_by("pk")[0]
    suggestion = filled.questions.get(code="suggestion")
    Answer.objects.create(
        response=first, question=suggestion, text="Більше патрулів,\nі «світла»"
    )
    second = filled.responses.order_by("pk")[1]
    Answer.objects.create(response=second, question=suggestion, text=FORMULA)

    dictionary, rows = read_spss(export(analyst_client, filled, format="spss"))

    texts = {int(row["response"]): row["suggestion"] for row in rows}
    assert texts[first.pk] == "Більше патрулів, і «світла»"
    assert texts[second.pk] == "'" + FORMULA
    widest = max(len(text.encode()) for text in texts.values())
    assert dictionary["formats"]["suggestion"] == f"A{widest}"


def test_spss_labels_keep_to_one_line_and_within_spss_limits(analyst_client, filled):
    long_text = "Питання, що «не вміщується»\nу рядок, з апострофом ' " * 20
    filled.questions.filter(code="suggestion").update(text=long_text)

    dictionary, _rows = read_spss(
        export(analyst_client, filled, format="spss", language="uk")
    )

    label = dictionary["labels"]["suggestion"]
    assert "\n" not in label and "' " in label
    assert len(label.encode()) <= 255
    assert " ".join(long_text.split()).startswith(label)


def test_spss_names_are_valid_and_unique():
    names = exports.spss_names(["q-1", "1st", "to", "Q_1", "q_1", "a" * 80, "a" * 80])

    assert names[:5] == ["q_1", "v_1st", "v_to", "Q_1_2", "q_1_3"]
    assert len({name.lower() for name in names}) == len(names)
    assert all(len(name) <= 64 for name in names)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) for name in names)


def test_an_spss_export_is_wide(analyst_client, filled):
    response = analyst_client.post(
        f"/en/admin/surveys/survey/{filled.pk}/export/",
        {"format": "spss", "layout": "long", "language": "uk"},
    )

    assert response.status_code == 200
    assert "The SPSS file is wide" in response.text


@pytest.fixture
def private_files(tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path / "private")
    private.base_location = str(tmp_path / "private")
    monkeypatch.setattr(tasks.tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path


def test_a_large_spss_export_is_built_by_the_task_as_a_zip(
    analyst_client,
    filled,
    monkeypatch,
    private_files,
    django_capture_on_commit_callbacks,
):
    from surveys import admin as survey_admin

    monkeypatch.setattr(survey_admin, "INLINE_EXPORT_LIMIT", 5)

    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(
            f"/en/admin/surveys/survey/{filled.pk}/export/",
            {"format": "spss", "layout": "wide", "language": "uk"},
        )

    job = Export.objects.get()
    assert response.status_code == 302
    assert (job.status, job.format, job.done) == ("done", "spss", 12)
    assert str(job.file.name).endswith("/trust-wide-uk.zip")
    download = analyst_client.get(
        f"/en/admin/surveys/survey/exports/{job.pk}/download/"
    )
    dictionary, rows = read_spss(b"".join(download.streaming_content))
    assert len(rows) == 12
    assert dictionary["labels"]["trust_police"] == (
        "Наскільки ви довіряєте поліції у вашій громаді?"
    )


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("/en", "SPSS: data and syntax (.sps), zipped"),
        ("", "SPSS: дані й синтаксис (.sps), у zip-архіві"),
    ],
)
def test_the_status_of_an_spss_export_names_its_format(
    analyst_client, filled, monkeypatch, prefix, label
):
    from surveys import admin as survey_admin

    monkeypatch.setattr(survey_admin, "INLINE_EXPORT_LIMIT", 5)
    analyst_client.post(
        f"/en/admin/surveys/survey/{filled.pk}/export/",
        {"format": "spss", "layout": "wide", "language": "uk"},
    )
    job = Export.objects.get()

    page = analyst_client.get(f"{prefix}/admin/surveys/survey/exports/{job.pk}/")

    assert page.status_code == 200
    assert f"<p>{label}, " in page.text


@pytest.mark.skipif(shutil.which("pspp") is None, reason="PSPP is not installed")
def test_pspp_reads_the_spss_export_with_its_labels(analyst_client, filled, tmp_path):
    """The syntax runs as it is in PSPP (free, and SPSS's syntax), and the file it
    saves holds the data as written."""
    content = export(analyst_client, filled, format="spss", language="uk")
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    syntax = tmp_path / "trust.sps"
    syntax.write_text(syntax.read_text() + "DISPLAY DICTIONARY.\n")

    run = subprocess.run(
        ["pspp", "-o", "dictionary.csv", "trust.sps"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    output = (tmp_path / "dictionary.csv").read_text()
    assert run.returncode == 0, run.stdout + run.stderr + output
    assert "error" not in output.lower() and "warning" not in output.lower()
    assert "Наскільки ви довіряєте поліції у вашій громаді?" in output
    assert ",2,паперова анкета" in output
    converted = subprocess.run(
        ["pspp-convert", "trust.sav", "back.csv"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert converted.returncode == 0
    back = list(csv.DictReader((tmp_path / "back.csv").open(encoding="utf-8")))
    original = list(csv.DictReader((tmp_path / "trust.csv").open(encoding="utf-8")))
    assert len(back) == len(original) == 12
    for was, now in zip(original, back, strict=True):
        assert float(now["response"]) == float(was["response"])
        assert float(now["contacted"]) == float(was["contacted"])
        day = datetime.strptime(now["submitted_on"], "%m/%d/%Y").date()  # noqa: DTZ007
        assert day == date.fromisoformat(was["submitted_on"])
