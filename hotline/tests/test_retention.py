"""Personal data of long-closed complaints is erased; the statistics stay."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from hotline import actions, stats
from hotline.models import Attachment, Complaint
from tests.factories import complaint, image_bytes

pytestmark = pytest.mark.django_db


def test_complaints_closed_before_the_retention_period_lose_personal_data(
    role_user, settings, tmp_path
):
    from django.core.files.storage import FileSystemStorage, storages

    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    settings.HOTLINE_RETENTION_DAYS = 365
    operator = role_user("operator")
    old, _ = complaint(formal=True, officer_identification="Жетон 1")
    recent, _ = complaint(formal=True)
    for item in (old, recent):
        actions.change_status(
            item, new_status="resolved", actor=operator, public_text="Пан Іванов, ..."
        )
    Attachment.objects.create(
        complaint=old,
        file=ContentFile(image_bytes(), "a.jpg"),
        content_type="image/jpeg",
        size=1,
    )
    Complaint.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - timedelta(days=400)
    )
    before = stats.compute()

    call_command("erase_expired_complaints", stdout=open("/dev/null", "w"))  # noqa: SIM115

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.full_name, old.email, old.residence, old.description) == (
        "",
        "",
        "",
        "",
    )
    assert old.officer_identification == ""
    assert old.personal_data_erased_at is not None
    assert not old.events.exclude(public_text="").exists()
    assert not old.attachments.exists()
    assert not list(tmp_path.rglob("*.jpg"))
    assert recent.full_name == "Олена Петренко"
    after = stats.compute()
    for key in ["total", "by_kind", "by_category", "by_community", "formal_closed"]:
        assert after[key] == before[key]
