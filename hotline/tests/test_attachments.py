"""Attachments are checked by content and cleaned of every metadata tag."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from PIL import Image

from hotline import actions
from hotline.models import Attachment, Complaint
from hotline.uploads import clean_upload
from tests import factories
from tests.factories import form_data, formal_data, gps_exif, image_bytes

pytestmark = pytest.mark.django_db

URL = "/en/hotline/new/"
TEXT_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment"}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage, storages

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    private.location = str(tmp_path)
    private.base_location = str(tmp_path)
    yield tmp_path


def upload(name: str, content: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_image(attachment: Attachment) -> Image.Image:
    with attachment.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def assert_clean(image: Image.Image):
    assert len(image.getexif()) == 0
    assert not TEXT_KEYS & set(image.info), image.info.keys()


def test_a_photo_loses_its_gps_and_camera_tags_but_keeps_its_orientation(client):
    photo = image_bytes("JPEG", size=(60, 40), exif=gps_exif())
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # GPS is there

    response = client.post(URL, {**form_data(), "attachments": upload("me.jpg", photo)})

    assert response.status_code == 200
    attachment = Attachment.objects.get()
    image = stored_image(attachment)
    assert_clean(image)
    assert image.format == "JPEG"
    assert image.size == (40, 60)  # turned upright by its orientation tag
    assert attachment.content_type == "image/jpeg"
    assert "me.jpg" not in str(attachment.file.name)


def test_a_png_with_exif_and_text_chunks_loses_them(client):
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "taken at Myru street 1")
    png = image_bytes("PNG", exif=gps_exif(), pnginfo=text)
    assert Image.open(io.BytesIO(png)).info.get("Comment")
    assert Image.open(io.BytesIO(png)).getexif()

    client.post(URL, {**form_data(), "attachments": upload("a.png", png, "image/png")})

    image = stored_image(Attachment.objects.get())
    assert image.format == "PNG"
    assert_clean(image)


def test_a_webp_with_exif_loses_it(client):
    webp = image_bytes("WEBP", exif=gps_exif())
    assert Image.open(io.BytesIO(webp)).getexif()

    client.post(
        URL, {**form_data(), "attachments": upload("a.webp", webp, "image/webp")}
    )

    image = stored_image(Attachment.objects.get())
    assert image.format == "WEBP"
    assert_clean(image)


def test_a_pdf_is_accepted_by_its_signature(client):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    client.post(
        URL,
        {**form_data(), "attachments": upload("letter.pdf", pdf, "application/pdf")},
    )

    assert Attachment.objects.get().content_type == "application/pdf"


def test_up_to_five_files_are_kept(client):
    files = [upload(f"{n}.jpg", image_bytes()) for n in range(5)]

    client.post(URL, {**form_data(), "attachments": files})

    assert Attachment.objects.count() == 5


def refused(client, files, message: str):
    data = form_data(description="Біля зупинки розбили вікно, ось фото.")
    response = client.post(URL, {**data, "attachments": files})
    assert response.status_code == 200
    assert message in response.text
    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0
    # The rest of what the resident typed is still there.
    assert "Біля зупинки розбили вікно, ось фото." in response.text
    return response


def test_a_renamed_executable_is_refused(client):
    program = (
        b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    )

    refused(client, upload("photo.jpg", program), "is not a JPEG, PNG or WebP photo")


def test_a_decompression_bomb_is_refused(client):
    # A tiny PNG that claims 20,000 x 20,000 pixels (400 megapixels) when decoded.
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    bomb = buffer.getvalue()
    assert len(bomb) < 200_000

    refused(client, upload("bomb.png", bomb, "image/png"), "is too large a picture")


def test_a_broken_image_is_refused(client):
    broken = image_bytes("JPEG")[:100]

    refused(client, upload("broken.jpg", broken), "could not be read")


def test_a_file_over_ten_megabytes_is_refused(client):
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)

    refused(client, upload("big.pdf", big, "application/pdf"), "is larger than 10 MB")


def test_more_than_five_files_are_refused(client):
    files = [upload(f"{n}.jpg", image_bytes()) for n in range(6)]

    refused(client, files, "Attach at most 5 files.")


def test_files_are_stored_outside_the_public_media_folder(
    client, private_media, settings
):
    client.post(URL, {**form_data(), "attachments": upload("a.jpg", image_bytes())})

    path = Attachment.objects.get().file.path
    assert path.startswith(str(private_media))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def refuse_rows(table: str):
    """A database that fails a write made after the files were stored."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'table unavailable'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_row()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'table unavailable'); END"
            )


def test_a_filing_that_fails_in_the_database_leaves_no_file_behind(
    client, private_media
):
    refuse_rows("portal_outboxmessage")
    photo = upload("me.png", image_bytes("PNG"), "image/png")

    with pytest.raises(DatabaseError):
        client.post(URL, {**formal_data(), "attachments": photo})

    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert [path for path in private_media.rglob("*") if path.is_file()] == []


def test_added_information_that_fails_in_the_database_leaves_no_file_behind(
    client, private_media
):
    complaint, _ = factories.complaint(formal=True)
    refuse_rows("portal_auditentry")
    photo = upload("more.png", image_bytes("PNG"), "image/png")

    with pytest.raises(DatabaseError):
        actions.add_information(complaint, text="More", files=[clean_upload(photo)])

    assert Attachment.objects.count() == 0
    assert [path for path in private_media.rglob("*") if path.is_file()] == []


def test_the_sweep_removes_files_that_no_complaint_names(tmp_path, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile

    storage = Attachment.file.field.storage
    orphan = storage.save(
        "hotline/999999/left-by-a-failed-commit.jpg", ContentFile(b"x")
    )
    item, _receipt = factories.complaint()
    kept = storage.save(f"hotline/{item.pk}/kept.jpg", ContentFile(b"y"))
    Attachment.objects.create(
        complaint=item, file=kept, content_type="image/jpeg", size=1
    )

    assert actions.remove_orphan_files() == 0  # younger than an hour: left alone
    assert actions.remove_orphan_files(timedelta(0)) == 1

    assert not storage.exists(orphan)
    assert storage.exists(kept)
    storage.delete(kept)
