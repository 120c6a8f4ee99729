"""The operators' daily work in the queue: saved views, bulk actions through
hotline.actions, letters keyed in with the day they came and their scans, and a
complaint's page laid out once."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hotline import actions
from hotline.admin import BULK_LIMIT
from hotline.models import Attachment, Complaint, ComplaintEvent, Flag, PoliceUnit
from portal.models import AuditEntry
from tests.factories import complaint, image_bytes

pytestmark = pytest.mark.django_db

QUEUE = "/admin/hotline/complaint/"


@pytest.fixture
def private_files(tmp_path):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    return tmp_path


@pytest.fixture
def operator(client, role_user):
    user = role_user("operator")
    client.force_login(user)
    return user


def listed(response) -> set[int]:
    return {item.pk for item in response.context["cl"].result_list}


def test_each_saved_view_lists_what_it_names(client, operator, role_user):
    overdue, _ = complaint(formal=True, received_days_ago=40)
    this_week, _ = complaint(formal=True, received_days_ago=25)
    later, _ = complaint(formal=True, received_days_ago=1)
    anonymous, _ = complaint()
    closed, _ = complaint(formal=True, received_days_ago=40)
    actions.change_status(
        closed, new_status="rejected", actor=operator, public_text="Не підтвердилося."
    )
    actions.change_status(this_week, new_status="triage", actor=operator)
    monitor = role_user("monitor")
    actions.assign(later, actor=operator, to=operator)
    actions.assign(overdue, actor=operator, to=monitor)
    Flag.objects.create(complaint=anonymous, raised_by=monitor, reason="?")

    def view(name):
        return listed(client.get(QUEUE, {"view": name}))

    assert view("open") == {overdue.pk, this_week.pk, later.pk, anonymous.pk}
    assert view("new") == {overdue.pk, later.pk, anonymous.pk}
    assert view("mine") == {later.pk}
    assert view("overdue") == {overdue.pk}
    assert view("week") == {this_week.pk}
    assert view("flagged") == {anonymous.pk}


def test_the_views_are_links_above_the_list_and_mark_the_one_shown(client, operator):
    complaint()

    page = client.get(QUEUE, {"view": "mine"}).content.decode()

    assert 'aria-label="Вигляди черги"' in page
    assert '<a href="?view=mine" aria-current="page">мої</a>' in page
    assert '<a href="?view=overdue">прострочені</a>' in page


def test_the_deadline_views_put_what_is_due_first_first(client, operator):
    older, _ = complaint(formal=True, received_days_ago=60)
    newer, _ = complaint(formal=True, received_days_ago=35)

    response = client.get(QUEUE, {"view": "overdue"})

    assert [item.pk for item in response.context["cl"].result_list] == [
        older.pk,
        newer.pk,
    ]


def bulk(client, action, complaints, **data):
    return client.post(
        QUEUE,
        {
            "action": action,
            "_selected_action": [str(item.pk) for item in complaints],
            **data,
        },
        follow=True,
    )


def test_a_bulk_status_change_moves_each_complaint_its_status_allows(client, operator):
    first, _ = complaint(formal=True)
    second, _ = complaint()
    closed, _ = complaint()
    actions.change_status(closed, new_status="resolved", actor=operator)

    asked = bulk(client, "change_status_of_chosen", [first, second, closed])
    assert asked.status_code == 200
    assert "Змінити статус обраних звернень" in asked.content.decode()
    assert Complaint.objects.filter(status="triage").count() == 0

    done = bulk(
        client,
        "change_status_of_chosen",
        [first, second, closed],
        apply="1",
        new_status="triage",
        internal_note="Розбираємо разом.",
    )

    text = done.content.decode()
    assert "Змінено 2 звернення." in text
    assert f"{closed.reference} не змінено:" in text
    assert set(
        Complaint.objects.filter(status="triage").values_list("pk", flat=True)
    ) == {
        first.pk,
        second.pk,
    }
    assert Complaint.objects.get(pk=closed.pk).status == "resolved"
    # Each through the action: its history row and its audit entry.
    assert (
        ComplaintEvent.objects.filter(
            kind="status", new_status="triage", internal_note="Розбираємо разом."
        ).count()
        == 2
    )
    assert (
        AuditEntry.objects.filter(
            action="hotline.complaint.status_changed", data__new="triage"
        ).count()
        == 2
    )


def test_a_bulk_referral_needs_a_unit_and_keeps_what_was_typed(client, operator):
    first, _ = complaint()
    second, _ = complaint()

    refused = bulk(
        client,
        "refer_chosen",
        [first, second],
        apply="1",
        new_status="referred",
        public_text="Передаємо до сектору превенції.",
    )

    assert refused.status_code == 200
    form = refused.context["form"]
    assert "unit" in form.errors
    assert form["public_text"].value() == "Передаємо до сектору превенції."
    assert not Complaint.objects.filter(status="referred").exists()

    unit = PoliceUnit.objects.create(name="Сектор превенції", name_en="Prevention")
    bulk(
        client,
        "refer_chosen",
        [first, second],
        apply="1",
        new_status="referred",
        unit=str(unit.pk),
        public_text="Передаємо до сектору превенції.",
    )

    assert set(Complaint.objects.filter(status="referred", unit=unit)) == {
        first,
        second,
    }


def test_a_bulk_reply_with_a_phone_number_is_asked_about_first(client, operator):
    first, _ = complaint()

    asked = bulk(
        client,
        "change_status_of_chosen",
        [first],
        apply="1",
        new_status="in_progress",
        public_text="Зателефонуйте на +380 50 123 45 67.",
    )

    assert "public_text" in asked.context["form"].errors
    assert Complaint.objects.get(pk=first.pk).status == "received"


def test_more_than_a_request_may_change_is_refused_whole(client, operator):
    many = [complaint()[0] for _ in range(BULK_LIMIT + 1)]

    response = bulk(client, "take_on", many)

    assert f"не більше {BULK_LIMIT} звернень" in response.content.decode()
    assert not Complaint.objects.filter(assigned_to__isnull=False).exists()


def test_taking_on_is_noted_for_the_staff_and_not_shown_to_the_complainant(
    client, operator
):
    item, _ = complaint()

    response = bulk(client, "take_on", [item])

    assert "Тепер ви ведете 1 звернення." in response.content.decode()
    item.refresh_from_db()
    assert item.assigned_to == operator
    event = item.events.get(kind="assigned")
    assert (event.actor, event.internal_note, event.is_public) == (
        operator,
        "operator",
        False,
    )
    assert AuditEntry.objects.filter(action="hotline.complaint.assigned").exists()
    # Taking on a complaint that is one's own already changes nothing.
    assert actions.assign(item, actor=operator, to=operator) is False
    assert item.events.filter(kind="assigned").count() == 1


def test_a_complaint_can_be_taken_on_from_its_own_page(client, operator):
    item, _ = complaint()
    page = f"{QUEUE}{item.pk}/change/"

    assert ">Взяти це звернення собі</option>" in client.get(page).content.decode()
    client.post(
        page,
        {
            "CHANGE_FORM-action": "take_on",
            "_selected_action": str(item.pk),
        },
    )

    item.refresh_from_db()
    assert item.assigned_to == operator


def test_roles_that_do_not_triage_get_no_bulk_actions(client, role_user):
    complaint()
    for role in ["analyst", "monitor"]:
        user = role_user(role)
        client.force_login(user)
        actions_offered = client.get(QUEUE).context["action_form"]
        offered = (
            {value for value, _ in actions_offered.fields["action"].choices}
            if actions_offered
            else set()
        )
        expected = {"", "take_on", "change_status_of_chosen", "refer_chosen"}
        if user.has_perm("hotline.triage_complaint"):
            assert offered == expected
        else:
            assert offered <= {""}
            refused = bulk(client, "take_on", Complaint.objects.all())
            assert not Complaint.objects.filter(assigned_to=user).exists()
            assert refused.status_code == 200


def pdf_scan() -> bytes:
    output = io.BytesIO()
    Image.new("L", (200, 280), 250).save(output, "PDF")
    return output.getvalue()


def letter(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "category": "",
        "community": "",
        "settlement": "",
        "place": "",
        "occurred_on": (timezone.localdate() - timedelta(days=12)).isoformat(),
        "occurred_time": "",
        "channel": "letter",
        "received_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "path": "formal",
        "term": "month",
        "description": "Лист про грубість дільничного офіцера.",
        "officer_identification": "",
        "full_name": "Олена Петренко",
        "residence": "Чугуїв, вул. Миру, 1",
        "email": "",
        "phone": "+380 50 000 0001",
    }
    return data | overrides


def test_a_letter_keyed_in_late_runs_its_clock_from_the_day_it_came(
    client, operator, private_files
):
    received = timezone.localdate() - timedelta(days=10)
    scan = SimpleUploadedFile("лист Петренко.pdf", pdf_scan())

    response = client.post(f"{QUEUE}add/", {**letter(), "scans": [scan]}, follow=True)

    assert response.status_code == 200
    item = Complaint.objects.get()
    assert timezone.localdate(item.received_at) == received
    assert item.due_on == Complaint.due_date(received, "month")
    assert item.channel == "letter"
    (scanned,) = item.attachments.all()
    assert scanned.content_type == "application/pdf"
    assert scanned.file.read().startswith(b"%PDF-")
    assert "Петренко" not in (scanned.file.name or "")


@pytest.mark.parametrize(
    ("received_on", "error"),
    [
        (1, "Дата надходження не може бути в майбутньому."),
        (-400, "Вкажіть дату в межах останніх 365 днів."),
    ],
)
def test_an_impossible_received_date_is_refused_with_the_letter_kept(
    client, operator, received_on, error
):
    day = (timezone.localdate() + timedelta(days=received_on)).isoformat()

    response = client.post(
        f"{QUEUE}add/", letter(received_on=day, occurred_on=day), follow=True
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    form = response.context["adminform"].form
    assert form["description"].value() == "Лист про грубість дільничного офіцера."
    assert form["received_on"].value() == day
    assert not Complaint.objects.exists()


def test_a_file_that_is_not_a_scan_is_refused_with_the_letter_kept(client, operator):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a document")

    response = client.post(f"{QUEUE}add/", {**letter(), "scans": [fake]})

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "scans" in form.errors
    assert form["description"].value() == "Лист про грубість дільничного офіцера."
    assert not Complaint.objects.exists()


def test_staff_key_in_no_web_filings(client, operator):
    form = client.get(f"{QUEUE}add/").context["adminform"].form

    channels = [value for value, _ in form.fields["channel"].choices]
    assert "web" not in channels
    assert form["channel"].value() == "phone"


def test_a_complaints_page_shows_each_thing_once_with_its_photos(
    client, operator, private_files
):
    item, _ = complaint(formal=True, received_days_ago=20)
    photo = Attachment.objects.create(
        complaint=item,
        file=ContentFile(image_bytes(), name="x.jpg"),
        content_type="image/jpeg",
        size=len(image_bytes()),
    )
    scan = Attachment.objects.create(
        complaint=item,
        file=ContentFile(pdf_scan(), name="x.pdf"),
        content_type="application/pdf",
        size=len(pdf_scan()),
    )

    page = client.get(f"{QUEUE}{item.pk}/change/").content.decode()

    assert page.count("Строк розгляду за законом") == 1
    assert page.count(">Строк розгляду:<") == 1
    # The place is among what staff correct, not inside the complainant's words.
    wrote = page.split("Що написав заявник", 1)[1].split("Заявник</h2>", 1)[0]
    assert 'name="place"' not in wrote
    # A photo shows as its preview, opening the photo; the scan as a link.
    assert f'src="/hotline/attachments/{photo.public_id}/preview/"' in wrote
    assert f'href="/hotline/attachments/{photo.public_id}/"' in wrote
    assert f'href="/hotline/attachments/{scan.public_id}/"' in wrote
    assert "Документ PDF" in wrote


def test_a_photos_preview_is_small_and_written_to_the_audit_log(
    client, operator, private_files
):
    item, _ = complaint()
    big = io.BytesIO()
    Image.new("RGB", (1600, 1200), (120, 140, 160)).save(big, "JPEG")
    photo = Attachment.objects.create(
        complaint=item,
        file=ContentFile(big.getvalue(), name="x.jpg"),
        content_type="image/jpeg",
        size=len(big.getvalue()),
    )

    response = client.get(f"/hotline/attachments/{photo.public_id}/preview/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=600"
    with Image.open(io.BytesIO(response.content)) as preview:
        assert max(preview.size) == 240
        assert not preview.getexif()
    entry = AuditEntry.objects.get(action="hotline.attachment.viewed")
    assert entry.data == {"attachment": str(photo.public_id), "preview": True}


def test_a_pdf_has_no_preview(client, operator, private_files):
    item, _ = complaint()
    scan = Attachment.objects.create(
        complaint=item,
        file=ContentFile(pdf_scan(), name="x.pdf"),
        content_type="application/pdf",
        size=10,
    )

    assert client.get(
        f"/hotline/attachments/{scan.public_id}/preview/"
    ).status_code == (404)
