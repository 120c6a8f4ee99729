"""Answering a survey: skip logic on the server, one response per browser, access codes,
and responses that carry nothing identifying."""

import pytest
from django.test import Client

from surveys.models import AccessCode, Answer, Response, Survey
from tests.factories import answers, option_pk, question, survey

pytestmark = pytest.mark.django_db


def test_the_questionnaire_renders_in_both_languages(client):
    item = survey()

    uk = client.get(f"/surveys/{item.slug}/")
    en = client.get(f"/en/surveys/{item.slug}/")

    assert "Наскільки ви довіряєте поліції" in uk.text
    assert "How much do you trust the police" in en.text
    assert "never used to identify you" in en.text


def test_a_complete_response_is_stored_with_its_demographics(client):
    item = survey()

    response = client.post(f"/surveys/{item.slug}/", answers(item))

    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.channel, stored.age_group, stored.gender) == ("web", "30-44", "f")
    assert stored.community is not None
    assert stored.community.slug == "chuhuiv"
    trust = Answer.objects.get(question__code="trust_police")
    assert trust.number == 4


def test_a_skipped_question_is_neither_required_nor_stored(client):
    item = survey()
    rating = question(item, "contact_rating")

    data = answers(item, contacted=option_pk(item, "contacted", "no"))
    data[rating.field_name] = "7"  # typed, but the question does not apply
    client.post(f"/surveys/{item.slug}/", data)

    assert Response.objects.count() == 1
    assert not Answer.objects.filter(question=rating).exists()


def test_a_question_that_applies_is_required(client):
    item = survey()

    response = client.post(
        f"/en/surveys/{item.slug}/",
        answers(item, contacted=option_pk(item, "contacted", "yes")),
    )

    assert response.status_code == 200
    assert "Please answer this question." in response.text
    assert Response.objects.count() == 0


def test_when_it_applies_its_answer_is_stored(client):
    item = survey()
    rating = question(item, "contact_rating")

    data = answers(item, contacted=option_pk(item, "contacted", "yes"))
    data[rating.field_name] = "8"
    client.post(f"/surveys/{item.slug}/", data)

    assert Answer.objects.get(question=rating).number == 8


def test_errors_keep_what_was_typed(client):
    item = survey()
    text = question(item, "suggestion")

    data = answers(item, trust_police=None)
    data[text.field_name] = "Більше патрулів увечері"
    response = client.post(f"/en/surveys/{item.slug}/", data)

    assert response.status_code == 200
    assert "Більше патрулів увечері" in response.text
    assert "This field is required." in response.text


@pytest.mark.parametrize("value", ["0", "6", "x", "1.5"])
def test_a_value_off_the_scale_is_an_error(client, value):
    item = survey()

    response = client.post(
        f"/en/surveys/{item.slug}/", answers(item, trust_police=value)
    )

    assert response.status_code == 200
    assert Response.objects.count() == 0


def test_one_response_per_browser(client):
    item = survey()
    client.post(f"/surveys/{item.slug}/", answers(item))

    again = client.post(f"/en/surveys/{item.slug}/", answers(item))
    page = client.get(f"/en/surveys/{item.slug}/")

    assert Response.objects.count() == 1
    assert "You have already answered this survey" in again.text
    assert "You have already answered this survey" in page.text


def test_the_answered_cookie_is_signed_so_it_cannot_be_faked_away():
    item = survey()
    browser = Client()
    browser.post(f"/surveys/{item.slug}/", answers(item))
    browser.cookies[f"survey-{item.pk}"] = "tampered"

    browser.post(f"/surveys/{item.slug}/", answers(item))

    # A broken signature is not an "answered" mark: the tampering browser may answer,
    # but a real second browser is what it would take anyway.
    assert Response.objects.count() == 2


def test_an_access_code_works_once_and_is_not_linked_to_the_response(client):
    item = survey(access=Survey.Access.CODES, trust=False, slug="focus")
    code = AccessCode.objects.create(survey=item)

    first = client.post(
        f"/en/surveys/{item.slug}/", {**answers(item), "access_code": code.code}
    )
    second = Client().post(
        f"/en/surveys/{item.slug}/", {**answers(item), "access_code": code.code}
    )

    assert first.status_code == 302
    assert "not valid or was used already" in second.text
    assert Response.objects.count() == 1
    code.refresh_from_db()
    assert code.used
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not {"access_code", "code"} & field_names


def test_a_wrong_access_code_is_refused(client):
    item = survey(access=Survey.Access.CODES, trust=False, slug="focus")

    response = client.post(
        f"/en/surveys/{item.slug}/", {**answers(item), "access_code": "NOPE1234"}
    )

    assert "not valid or was used already" in response.text
    assert Response.objects.count() == 0


def test_responses_store_no_address_agent_or_time_of_day(client):
    item = survey()

    client.post(
        f"/surveys/{item.slug}/",
        answers(item),
        REMOTE_ADDR="203.0.113.50",
        HTTP_USER_AGENT="SurveyAgent/9",
    )

    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "id",
        "survey",
        "submitted_on",
        "channel",
        "community",
        "age_group",
        "gender",
        "answers",
    }
    from hotline.tests.test_anonymity import every_text_in_the_database

    stored = every_text_in_the_database()
    assert "203.0.113.50" not in stored and "SurveyAgent" not in stored


def test_a_survey_not_yet_open_is_not_found(client):
    item = survey(state="future")

    assert client.get(f"/surveys/{item.slug}/").status_code == 404


def test_a_closed_survey_says_so_and_takes_no_answers(client):
    item = survey(state="closed")

    response = client.post(f"/en/surveys/{item.slug}/", answers(item))

    assert "This survey is closed." in response.text
    assert Response.objects.count() == 0


def test_the_printable_version_lists_every_question(client):
    item = survey()

    response = client.get(f"/en/surveys/{item.slug}/print/")

    for q in item.questions.all():
        assert q.text_en in response.text


def test_the_list_shows_open_surveys_and_published_results(client):
    survey(slug="open-one")
    closed = survey(state="closed", slug="closed-one", wave=2)
    closed.results_published_at = closed.closes_at
    closed.save()
    survey(state="closed", slug="sealed-one", wave=3)

    response = client.get("/en/surveys/")

    assert "/en/surveys/open-one/" in response.text
    assert "/en/surveys/closed-one/results/" in response.text
    assert "sealed-one" not in response.text
