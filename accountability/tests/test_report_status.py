"""Publishing and withdrawing reports on the admin status page: press officers only,
every change audited, and a withdrawal says why."""

import pytest
from django.contrib.auth.models import Permission

from accountability.models import Report
from portal.models import AuditEntry
from tests.factories import report

pytestmark = pytest.mark.django_db


def status_page(item: Report) -> str:
    return f"/en/admin/accountability/report/{item.pk}/status/"


def test_a_press_officer_publishes_a_draft(client, role_user):
    item = report(status="draft")
    client.force_login(role_user("press"))

    response = client.post(status_page(item), {"status": "published", "note": ""})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "published"
    assert item.published_at is not None


def test_a_coordinator_cannot_publish_or_withdraw(client, role_user):
    draft = report("draft", status="draft")
    published = report("published")
    client.force_login(role_user("coordinator"))

    publishing = client.post(status_page(draft), {"status": "published"})
    withdrawing = client.post(
        status_page(published), {"status": "withdrawn", "note": "Помилка."}
    )

    assert (publishing.status_code, withdrawing.status_code) == (403, 403)
    assert list(Report.objects.order_by("slug").values_list("status", flat=True)) == [
        "draft",
        "published",
    ]
    assert not AuditEntry.objects.filter(action="accountability.report_status").exists()


@pytest.mark.parametrize("role", ["deputy", "resident"])
def test_people_outside_the_back_office_are_sent_to_log_in(client, role_user, role):
    item = report(status="draft")
    client.force_login(role_user(role))

    response = client.post(status_page(item), {"status": "published"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    item.refresh_from_db()
    assert item.status == "draft"


def test_staff_who_edit_reports_but_do_not_publish_are_not_offered_publishing(
    client, django_user_model
):
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accountability",
            codename__in=["view_report", "change_report"],
        )
    )
    item = report(status="draft")
    client.force_login(editor)

    page = client.get(status_page(item))
    refused = client.post(status_page(item), {"status": "published"})

    assert [value for value, _ in page.context["form"].fields["status"].choices] == [
        "review"
    ]
    assert refused.status_code == 200
    item.refresh_from_db()
    assert item.status == "draft"


def test_every_transition_writes_an_audit_entry(client, role_user):
    item = report(status="draft")
    officer = role_user("press")
    client.force_login(officer)

    for status, note in [
        ("review", ""),
        ("published", ""),
        ("withdrawn", "Цифри подано з помилкою."),
        ("draft", ""),
    ]:
        response = client.post(status_page(item), {"status": status, "note": note})
        assert response.status_code == 302

    entries = AuditEntry.objects.filter(action="accountability.report_status")
    assert [(e.data["old"], e.data["new"]) for e in entries.order_by("pk")] == [
        ("draft", "review"),
        ("review", "published"),
        ("published", "withdrawn"),
        ("withdrawn", "draft"),
    ]
    assert {(e.actor, e.object_id) for e in entries} == {(officer, str(item.pk))}


def test_a_withdrawal_without_a_note_is_refused_with_a_clear_error(client, role_user):
    item = report()
    client.force_login(role_user("press"))

    response = client.post(status_page(item), {"status": "withdrawn", "note": "  "})

    assert response.status_code == 200
    assert "Say why the report is withdrawn." in response.text
    item.refresh_from_db()
    assert item.status == "published"
    assert not AuditEntry.objects.filter(action="accountability.report_status").exists()


def test_a_withdrawn_report_shows_its_note_to_everyone(client, role_user):
    item = report()
    client.force_login(role_user("press"))
    client.post(
        status_page(item), {"status": "withdrawn", "note": "Цифри подано з помилкою."}
    )
    client.logout()

    page = client.get(f"/accountability/reports/{item.slug}/")

    assert page.status_code == 200
    assert "Цифри подано з помилкою." in page.text


def test_a_status_the_table_forbids_is_refused(client, role_user):
    item = report()
    client.force_login(role_user("press"))

    response = client.post(status_page(item), {"status": "review"})

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "published"
