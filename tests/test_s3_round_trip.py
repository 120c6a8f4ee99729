"""Uploaded files in S3-compatible buckets, end to end.

A local S3 server (moto's) stands in for the provider: the portal's own storages,
built from MEDIA_STORAGE_URL as the settings build them, talk to it over HTTP. Files
are uploaded through the portal's forms and read back through its views and from the
buckets themselves.
"""

import csv
import io
import random
from datetime import timedelta

import boto3
import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from moto.server import ThreadedMotoServer
from PIL import Image

from hotline import actions as hotline_actions
from hotline.models import Attachment
from news.models import Article
from news.tests.test_article_admin import form as article_form
from portal import env
from surveys.demo import fake_responses
from surveys.models import Export
from tests.factories import community, form_data, image_bytes, photo_with_gps, survey

pytestmark = pytest.mark.django_db

PUBLIC, PRIVATE, PREFIX = "portal-media", "portal-private", "chuhuiv"
REGION = "eu-central-1"
KEYS = {"aws_access_key_id": "portal-test", "aws_secret_access_key": "portal-secret"}
EVERYONE = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """Empty buckets, and the portal's storages pointed at them."""
    monkeypatch.setenv(
        "MEDIA_STORAGE_URL",
        f"s3://{PUBLIC}/{PREFIX}?private_bucket={PRIVATE}&endpoint_url={s3_endpoint}"
        f"&region={REGION}&addressing_style=path&public_acl=public-read",
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
    options = env.s3_storage("MEDIA_STORAGE_URL")
    assert options is not None
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)
    for bucket in (PUBLIC, PRIVATE):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    backends = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.s3storage.PublicS3Storage",
            "OPTIONS": options["public"],
        },
        "private": {
            "BACKEND": "portal.s3storage.PrivateS3Storage",
            "OPTIONS": options["private"],
        },
    }
    # The storages built before: files fields hold them, and other tests reach them
    # through `storages`, so the same objects must be there again afterwards.
    kept = dict(storages._storages)  # type: ignore[attr-defined]  # the handler's own
    try:
        with override_settings(STORAGES=backends):
            # Fields with a storage of their own took it when their model was built.
            for model in (Attachment, Export):
                monkeypatch.setattr(
                    model._meta.get_field("file"), "storage", storages["private"]
                )
            yield client
    finally:
        storages._storages.update(kept)  # type: ignore[attr-defined]
        requests.post(f"{s3_endpoint}/moto-api/reset", timeout=10)


def keys(client, bucket: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def read(client, bucket: str, key: str) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def readable_by_everyone(client, bucket: str, key: str) -> bool:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") == EVERYONE for grant in grants)


def test_a_residents_photo_is_kept_in_the_private_bucket_for_staff_only(
    s3, client, role_user
):
    photo = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")

    filed = client.post("/en/hotline/new/", {**form_data(), "attachments": photo})

    assert filed.status_code == 200
    attachment = Attachment.objects.get()
    key = f"{PREFIX}/{attachment.file.name}"
    assert keys(s3, PRIVATE) == [key]
    assert keys(s3, PUBLIC) == []
    assert not readable_by_everyone(s3, PRIVATE, key)
    stored = read(s3, PRIVATE, key)
    assert len(Image.open(io.BytesIO(stored)).getexif()) == 0
    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018

    client.force_login(role_user("operator"))
    opened = client.get(f"/hotline/attachments/{attachment.public_id}/")
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == stored
    client.force_login(role_user("analyst", username="analyst"))
    assert client.get(f"/hotline/attachments/{attachment.public_id}/").status_code == (
        404
    )


def test_an_article_cover_is_public_and_linked_on_the_portals_own_address(
    s3, client, role_user, s3_endpoint
):
    client.force_login(role_user("press"))
    cover = SimpleUploadedFile("phone.jpg", photo_with_gps(), "image/jpeg")

    response = client.post("/en/admin/news/article/add/", article_form(cover=cover))

    assert response.status_code == 302
    item = Article.objects.get()
    stored = {f"{PREFIX}/{item.cover.name}", f"{PREFIX}/{item.cover_thumb.name}"}
    assert set(keys(s3, PUBLIC)) == stored
    assert keys(s3, PRIVATE) == []
    for key in stored:
        assert readable_by_everyone(s3, PUBLIC, key)
        head = s3.head_object(Bucket=PUBLIC, Key=key)
        assert head["CacheControl"] == "public, max-age=86400"
        assert len(Image.open(io.BytesIO(read(s3, PUBLIC, key))).getexif()) == 0
    # The proxy forwards MEDIA_URL to the bucket: pages name no other host.
    assert item.cover.url == f"{settings.MEDIA_URL}{item.cover.name}"
    assert s3_endpoint not in item.cover.url


def test_an_export_built_by_the_task_is_kept_in_the_private_bucket(
    s3, client, role_user, monkeypatch, django_capture_on_commit_callbacks
):
    from surveys import admin as survey_admin

    item = survey()
    questions = {q.code: q for q in item.questions.prefetch_related("options")}
    fake_responses(item, questions, 12, random.Random(3), [community()])
    monkeypatch.setattr(survey_admin, "INLINE_EXPORT_LIMIT", 5)
    client.force_login(role_user("analyst"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/admin/surveys/survey/{item.pk}/export/",
            {"format": "csv", "layout": "wide", "language": "en"},
        )

    job = Export.objects.get()
    assert job.status == "done"
    key = f"{PREFIX}/{job.file.name}"
    assert keys(s3, PRIVATE) == [key]
    assert not readable_by_everyone(s3, PRIVATE, key)
    download = client.get(f"/en/admin/surveys/survey/exports/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    assert content == read(s3, PRIVATE, key)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"))))
    assert len(rows) == 12


def test_the_nightly_sweep_removes_only_files_that_no_complaint_names(s3, client):
    photo = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")
    client.post("/en/hotline/new/", {**form_data(), "attachments": photo})
    attachment = Attachment.objects.get()
    folder = str(attachment.file.name).rsplit("/", 1)[0]
    storages["private"].save(f"{folder}/left-behind.jpg", ContentFile(b"orphan"))

    removed = hotline_actions.remove_orphan_files(older_than=timedelta(0))

    assert removed == 1
    assert keys(s3, PRIVATE) == [f"{PREFIX}/{attachment.file.name}"]
