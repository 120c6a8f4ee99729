"""The triage queue in the admin: who reaches what, and who sees personal data."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.models import Attachment, Complaint, PoliceUnit
from portal.models import AuditEntry
from tests.factories import complaint, image_bytes

pytestmark = pytest.mark.django_db

ROLES = ["resident", "operator", "monitor", "press", "analyst", "deputy", "coordinator"]
NAME, EMAIL, BADGE = "Олена Петренко", "olena@example.org", "Жетон 0451234"


@pytest.fixture
def filed(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    item, _ = complaint(formal=True, officer_identification=BADGE)
    attachment = Attachment.objects.create(
        complaint=item,
        file=ContentFile(image_bytes(), name="x.jpg"),
        content_type="image/jpeg",
        size=100,
    )
    return item, attachment


# What each role gets on each back-office page: 200 allowed, 403 refused by the
# admin, 302 sent to the log-in page (not staff), 404 not told the object exists.
PAGES = {
    "changelist": "/en/admin/hotline/complaint/",
    "change": "/en/admin/hotline/complaint/{pk}/change/",
    "add": "/en/admin/hotline/complaint/add/",
    "status": "/en/admin/hotline/complaint/{pk}/status/",
    "extend": "/en/admin/hotline/complaint/{pk}/extend/",
    "flag": "/en/admin/hotline/complaint/{pk}/flag/",
    "refer": "/en/admin/hotline/complaint/{pk}/refer/",
    "export": "/en/admin/hotline/complaint/export/",
    "attachment": "/en/hotline/attachments/{attachment}/",
    "preview": "/en/hotline/attachments/{attachment}/preview/",
}
EXPECTED = {
    "resident": dict.fromkeys(PAGES, 302) | {"attachment": 404, "preview": 404},
    "deputy": dict.fromkeys(PAGES, 302) | {"attachment": 404, "preview": 404},
    "press": dict.fromkeys(PAGES, 403) | {"attachment": 404, "preview": 404},
    "coordinator": dict.fromkeys(PAGES, 403) | {"attachment": 404, "preview": 404},
    "analyst": dict.fromkeys(PAGES, 403)
    | {
        "changelist": 200,
        "change": 200,
        "export": 200,
        "attachment": 404,
        "preview": 404,
    },
    "operator": dict.fromkeys(PAGES, 200) | {"flag": 403, "refer": 403},
    "monitor": dict.fromkeys(PAGES, 200) | {"add": 403, "extend": 403},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_back_office_pages(
    client, role_user, filed, role
):
    item, attachment = filed
    client.force_login(role_user(role))

    statuses = {
        name: client.get(
            url.format(pk=item.pk, attachment=attachment.public_id)
        ).status_code
        for name, url in PAGES.items()
    }

    assert statuses == EXPECTED[role]


def test_anonymous_visitors_get_nothing(client, filed):
    item, attachment = filed

    assert (
        client.get(f"/en/admin/hotline/complaint/{item.pk}/change/").status_code == 302
    )
    assert (
        client.get(f"/hotline/attachments/{attachment.public_id}/").status_code == 404
    )


@pytest.mark.parametrize("role", ["analyst"])
def test_analysts_never_see_personal_data_or_free_text(client, role_user, filed, role):
    item, _ = filed
    client.force_login(role_user(role))

    page = client.get(f"/en/admin/hotline/complaint/{item.pk}/change/").text
    listing = client.get("/en/admin/hotline/complaint/").text
    export = b"".join(
        client.get("/en/admin/hotline/complaint/export/").streaming_content
    )

    for text in [page, listing, export.decode()]:
        assert NAME not in text
        assert EMAIL not in text
        assert BADGE not in text
        assert item.description not in text
    assert not AuditEntry.objects.filter(
        action="hotline.complaint.personal_data_viewed"
    ).exists()


@pytest.mark.parametrize("role", ["operator", "monitor"])
def test_triage_staff_see_personal_data_and_each_view_is_audited(
    client, role_user, filed, role
):
    item, _ = filed
    user = role_user(role)
    client.force_login(user)

    page = client.get(f"/en/admin/hotline/complaint/{item.pk}/change/").text

    assert NAME in page and EMAIL in page and BADGE in page
    entry = AuditEntry.objects.get(action="hotline.complaint.personal_data_viewed")
    assert (entry.actor, entry.object_id) == (user, str(item.pk))


def test_opening_an_attachment_is_audited_and_never_cached(client, role_user, filed):
    _, attachment = filed
    client.force_login(role_user("monitor"))

    response = client.get(f"/hotline/attachments/{attachment.public_id}/")

    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="hotline.attachment.viewed").exists()


def test_an_operator_moves_a_complaint_through_the_status_page(
    client, role_user, filed
):
    item, _ = filed
    unit = PoliceUnit.objects.create(name="Сектор", name_en="Sector")
    client.force_login(role_user("operator"))

    response = client.post(
        f"/en/admin/hotline/complaint/{item.pk}/status/",
        {"new_status": "referred", "unit": unit.pk, "public_text": "Передано."},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.unit) == ("referred", unit)


def test_a_bad_status_change_shows_the_error_and_keeps_what_was_typed(
    client, role_user, filed
):
    item, _ = filed
    client.force_login(role_user("operator"))

    response = client.post(
        f"/en/admin/hotline/complaint/{item.pk}/status/",
        {"new_status": "referred", "internal_note": "Нотатка, яку треба зберегти"},
    )

    assert response.status_code == 200
    assert "Choose the police unit" in response.text
    assert "Нотатка, яку треба зберегти" in response.text
    item.refresh_from_db()
    assert item.status == "received"


def test_a_status_the_table_forbids_is_not_offered(client, role_user, filed):
    item, _ = filed
    client.force_login(role_user("operator"))

    response = client.post(
        f"/en/admin/hotline/complaint/{item.pk}/status/", {"new_status": "awaiting"}
    )

    assert "Select a valid choice" in response.text
    item.refresh_from_db()
    assert item.status == "received"


def test_an_analyst_cannot_post_a_status_change(client, role_user, filed):
    item, _ = filed
    client.force_login(role_user("analyst"))

    response = client.post(
        f"/en/admin/hotline/complaint/{item.pk}/status/",
        {"new_status": "triage"},
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "received"


def test_an_operator_records_a_phone_call_with_the_same_clock(client, role_user):
    from tests.factories import category, community

    client.force_login(role_user("operator"))

    response = client.post(
        "/en/admin/hotline/complaint/add/",
        {
            "kind": "complaint",
            "category": category().pk,
            "community": community().pk,
            "occurred_on": "2026-11-20",
            "channel": "phone",
            "path": "formal",
            "term": "short",
            "description": "Телефоном: екіпаж не приїхав на виклик.",
            "full_name": "Петро Коваль",
            "residence": "Малинівка",
            "phone": "+380501234567",
        },
        follow=True,
    )

    item = Complaint.objects.get()
    filed = AuditEntry.objects.get(action="hotline.complaint.filed")
    assert filed.actor is not None
    assert filed.actor.username == "operator"
    assert item.channel == "phone"
    assert item.term == "short" and item.due_on is not None
    assert "Give the complainant this receipt code now" in response.text


def test_a_formal_call_without_a_name_is_refused(client, role_user):
    from tests.factories import community

    client.force_login(role_user("operator"))

    response = client.post(
        "/en/admin/hotline/complaint/add/",
        {
            "kind": "problem",
            "community": community().pk,
            "occurred_on": "2026-11-20",
            "channel": "phone",
            "path": "formal",
            "description": "Телефоном: не працює освітлення.",
        },
    )

    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_the_export_has_no_personal_data_and_is_audited(client, role_user, filed):
    client.force_login(role_user("operator"))

    response = client.get("/en/admin/hotline/complaint/export/?status__exact=received")
    text = b"".join(response.streaming_content).decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["status"] == "received"
    assert NAME not in text and EMAIL not in text and BADGE not in text
    assert AuditEntry.objects.filter(action="hotline.complaints.exported").exists()


def test_the_due_filter_highlights_overdue_complaints(client, role_user):
    overdue, _ = complaint(formal=True, received_days_ago=40)
    complaint(formal=True)
    client.force_login(role_user("operator"))

    response = client.get("/en/admin/hotline/complaint/?due=overdue")

    assert list(response.context["cl"].result_list) == [overdue]
    assert "days overdue" in response.text


def test_the_changelist_query_count_does_not_grow(client, role_user):
    client.force_login(role_user("operator"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/admin/hotline/complaint/").status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        complaint()
    small = queries()
    for _ in range(30):
        complaint(formal=True)
    large = queries()

    assert small == large
