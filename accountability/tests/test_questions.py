"""Residents' questions about a report: anonymous, moderated, before the hearing, and
limited per client."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accountability.models import ReportQuestion
from portal.models import AuditEntry
from tests.factories import report

pytestmark = pytest.mark.django_db

QUESTION = "Коли освітлять зупинку біля школи №2?"
TOO_SHORT = "Write your question in a sentence or more (10 characters at least)."


def ask(client, item, text=QUESTION, *, lang="", **extra):
    prefix = f"/{lang}" if lang else ""
    return client.post(
        f"{prefix}/accountability/reports/{item.slug}/questions/",
        {"text": text, "homepage": ""},
        **extra,
    )


def test_a_question_is_kept_pending_with_nothing_about_the_asker(client):
    item = report()

    response = ask(
        client,
        item,
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="AskerBrowser/1.0",
        HTTP_REFERER="https://example.org/from",
    )

    assert response.status_code == 302
    stored = ReportQuestion.objects.get()
    assert {field.attname for field in ReportQuestion._meta.concrete_fields} == {
        "id",
        "report_id",
        "text",
        "asked_at",
        "status",
        "answer",
        "answered_at",
    }
    assert (stored.report, stored.text, stored.status) == (item, QUESTION, "pending")
    row = str(ReportQuestion.objects.values().get())
    assert "203.0.113.7" not in row and "AskerBrowser" not in row
    assert not AuditEntry.objects.exists()


def test_a_pending_question_is_not_shown_on_the_report(client):
    item = report()
    ask(client, item)

    page = client.get(f"/accountability/reports/{item.slug}/")

    assert QUESTION not in page.text


def test_a_too_short_question_is_refused_with_the_text_kept(client):
    item = report()

    response = ask(client, item, "Коли?", lang="en")

    assert response.status_code == 400
    assert TOO_SHORT in response.text
    assert "Коли?</textarea>" in response.text
    assert not ReportQuestion.objects.exists()


def test_the_error_for_a_too_short_question_is_in_the_readers_language(client):
    item = report()
    with translation.override("uk"):
        expected = escape(gettext(TOO_SHORT))

    response = ask(client, item, "Коли?")

    assert response.status_code == 400
    assert expected in response.text
    assert "Коли?</textarea>" in response.text


def test_questions_after_the_hearing_are_refused(client):
    item = report(hearing_at=timezone.now() - timedelta(hours=1))

    response = ask(client, item, lang="en")
    page = client.get(response["Location"])

    assert response.status_code == 302
    assert not ReportQuestion.objects.exists()
    assert "Questions about this report are closed." in page.text
    assert 'name="text"' not in page.text


def test_questions_before_the_hearing_are_taken(client):
    item = report(hearing_at=timezone.now() + timedelta(days=2))

    ask(client, item)

    assert ReportQuestion.objects.count() == 1


def test_a_report_that_takes_no_questions_refuses_them(client):
    item = report(accepts_questions=False)

    ask(client, item)

    assert not ReportQuestion.objects.exists()


def test_a_press_officer_approves_with_an_answer_and_both_are_shown(client, role_user):
    item = report()
    ask(client, item)
    question = ReportQuestion.objects.get()
    officer = role_user("press")
    client.force_login(officer)

    response = client.post(
        f"/en/admin/accountability/reportquestion/{question.pk}/change/",
        {"answer": "Освітлення встановлять до 1 березня."},
    )
    client.logout()
    page = client.get(f"/accountability/reports/{item.slug}/").text

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "approved" and question.answered_at is not None
    assert QUESTION in page
    assert "Освітлення встановлять до 1 березня." in page
    entry = AuditEntry.objects.get(action="accountability.question_moderated")
    assert (entry.actor, entry.data["status"]) == (officer, "approved")


def test_a_rejected_question_stays_hidden(client, role_user):
    item = report()
    ask(client, item)
    client.force_login(role_user("press"))

    client.post(
        "/en/admin/accountability/reportquestion/",
        {
            "action": "reject",
            "_selected_action": [ReportQuestion.objects.get().pk],
        },
    )
    client.logout()

    assert ReportQuestion.objects.get().status == "rejected"
    assert QUESTION not in client.get(f"/accountability/reports/{item.slug}/").text


def test_a_coordinator_cannot_moderate_questions(client, role_user):
    item = report()
    ask(client, item)
    question = ReportQuestion.objects.get()
    client.force_login(role_user("coordinator"))

    response = client.post(
        f"/en/admin/accountability/reportquestion/{question.pk}/change/",
        {"answer": "Відповідь."},
    )

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == "pending"


def test_the_thirty_first_question_in_an_hour_from_one_address_gets_429(client):
    item = report()

    statuses = [
        ask(client, item, f"{QUESTION} ({n})", REMOTE_ADDR="203.0.113.5").status_code
        for n in range(31)
    ]

    assert statuses == [302] * 30 + [429]
    assert ReportQuestion.objects.count() == 30
    assert ask(client, item, REMOTE_ADDR="203.0.113.6").status_code == 302


def test_refused_questions_do_not_count_against_the_limit(client):
    item = report()
    for _ in range(31):
        ask(client, item, "Коли?", REMOTE_ADDR="203.0.113.5")

    assert ask(client, item, REMOTE_ADDR="203.0.113.5").status_code == 302


def test_a_filled_in_hidden_field_gives_the_program_away(client):
    item = report()

    response = client.post(
        f"/en/accountability/reports/{item.slug}/questions/",
        {"text": QUESTION, "homepage": "http://spam.example"},
    )

    assert response.status_code == 400
    assert not ReportQuestion.objects.exists()
