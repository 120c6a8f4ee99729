"""An attachment leaves the portal only to those allowed: streamed by the portal, or,
behind nginx, handed to nginx's internal location with X-Accel-Redirect."""

import pytest
from django.core.files.base import ContentFile

from hotline.models import Attachment
from portal.models import AuditEntry
from tests.factories import complaint, image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def private_media(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage, storages

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    return tmp_path


def attach(content: bytes, name: str, content_type: str) -> Attachment:
    item, _ = complaint(formal=True)
    return Attachment.objects.create(
        complaint=item,
        file=ContentFile(content, name=name),
        content_type=content_type,
        size=len(content),
    )


def test_without_a_proxy_the_portal_streams_the_file(client, role_user, private_media):
    photo = image_bytes()
    attachment = attach(photo, "x.jpg", "image/jpeg")
    client.force_login(role_user("operator"))

    response = client.get(f"/hotline/attachments/{attachment.public_id}/")

    assert b"".join(response.streaming_content) == photo
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_the_portal_names_the_file_for_the_internal_location(
    client, role_user, private_media, settings
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/protected/"
    attachment = attach(PDF, "letter.pdf", "application/pdf")
    client.force_login(role_user("monitor"))

    response = client.get(f"/hotline/attachments/{attachment.public_id}/")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{attachment.file.name}"
    assert (private_media / attachment.file.name).read_bytes() == PDF
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    reference = attachment.complaint.reference
    assert response["Content-Disposition"] == (
        f'attachment; filename="{reference}-{attachment.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="hotline.attachment.viewed").count() == 1


def test_behind_nginx_a_reader_without_the_permission_gets_no_redirect(
    client, role_user, private_media, settings
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/protected/"
    attachment = attach(image_bytes(), "x.jpg", "image/jpeg")
    client.force_login(role_user("analyst"))

    response = client.get(f"/hotline/attachments/{attachment.public_id}/")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    assert not AuditEntry.objects.filter(action="hotline.attachment.viewed").exists()


def test_an_attachment_is_never_given_a_url(private_media):
    attachment = attach(image_bytes(), "x.jpg", "image/jpeg")

    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018
