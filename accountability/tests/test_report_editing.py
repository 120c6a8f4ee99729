"""Editing a report in the admin: once published, every change is noted on its page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accountability.models import ReportChange
from portal.models import AuditEntry
from tests.factories import report
from tests.forms import admin_form

pytestmark = pytest.mark.django_db


def change_page(item) -> str:
    return f"/en/admin/accountability/report/{item.pk}/change/"


@pytest.fixture
def officer(client, role_user):
    client.force_login(role_user("press"))


@pytest.fixture
def published():
    long_ago = timezone.now() - timedelta(days=30)
    return report(published_at=long_ago, changed_at=long_ago)


def edited(client, item, **changes) -> dict:
    data = admin_form(client.get(change_page(item)), "report_form")
    return {**data, **changes}


def test_the_unchanged_form_saves_without_a_note(client, officer, published):
    response = client.post(change_page(published), edited(client, published))

    assert response.status_code == 302
    assert not ReportChange.objects.exists()


def test_editing_a_published_report_without_a_note_is_refused(
    client, officer, published
):
    response = client.post(
        change_page(published),
        edited(client, published, summary_en="Corrected summary."),
    )

    assert response.status_code == 200
    assert "Say what changed" in response.text
    published.refresh_from_db()
    assert published.summary_en != "Corrected summary."


def test_the_change_note_is_listed_on_the_page_and_bumps_last_changed(
    client, officer, published
):
    before = published.changed_at

    response = client.post(
        change_page(published),
        edited(
            client,
            published,
            summary_en="Corrected summary.",
            change_note="Виправлено кількість патрулів.",
        ),
    )

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.summary_en == "Corrected summary."
    assert published.changed_at > before
    assert ReportChange.objects.get().note == "Виправлено кількість патрулів."
    assert AuditEntry.objects.filter(action="accountability.report_changed").exists()
    page = client.get(f"/en/accountability/reports/{published.slug}/").text
    assert "Changes after publication" in page
    assert "Виправлено кількість патрулів." in page
    assert "Corrected summary." in page


def test_a_second_change_is_listed_after_the_first(client, officer, published):
    for note, summary in [("Перша правка.", "First fix."), ("Друга.", "Second.")]:
        response = client.post(
            change_page(published),
            edited(client, published, summary_en=summary, change_note=note),
        )
        assert response.status_code == 302

    assert [c.note for c in published.changes.all()] == ["Перша правка.", "Друга."]


def test_a_draft_is_edited_without_a_note(client, officer):
    draft = report(status="draft")

    response = client.post(
        change_page(draft), edited(client, draft, summary_en="Better summary.")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary_en == "Better summary."
    assert not ReportChange.objects.exists()
