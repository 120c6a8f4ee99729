"""Uploaded files: local folders by default, S3-compatible storage from one URL.

Private files (hotline attachments, survey exports) never get a URL, whichever
storage holds them. Nothing here talks to a network: the storages are only built.
"""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from portal import env
from portal.storage import NO_URL
from portal.tests.test_settings import production_environment, run_python

S3_URL = (
    "s3://portal-media/chuhuiv?private_bucket=portal-private"
    "&endpoint_url=https://s3.example.org&region=eu-central-1&addressing_style=path"
)

PRINT_STORAGES = """
import json
import django
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage
django.setup()
report = {}
for alias in ["default", "private"]:
    storage = storages[alias]
    try:
        url = storage.url("news/covers/a b.jpg")
    except ValueError as error:
        url = "refused: " + str(error)
    report[alias] = {
        "class": type(storage).__name__,
        "s3": isinstance(storage, S3Storage),
        "bucket": getattr(storage, "bucket_name", None),
        "location": getattr(storage, "location", None),
        "endpoint": getattr(storage, "endpoint_url", None),
        "region": getattr(storage, "region_name", None),
        "acl": getattr(storage, "default_acl", None),
        "signed": getattr(storage, "querystring_auth", None),
        "overwrite": getattr(storage, "file_overwrite", None),
        "key": getattr(storage, "access_key", None),
        "url": url,
    }
print(json.dumps(report))
"""


def storages_for(**variables) -> dict:
    result = run_python(PRINT_STORAGES, **production_environment(**variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_storage_url_files_stay_on_the_local_disk():
    report = storages_for()

    assert report["default"]["class"] == "FileSystemStorage"
    assert report["default"]["url"] == "/media/news/covers/a%20b.jpg"
    assert report["private"]["class"] == "PrivateFileSystemStorage"
    assert report["private"]["url"] == f"refused: {NO_URL}"


def test_a_storage_url_puts_public_and_private_files_in_separate_buckets():
    report = storages_for(
        MEDIA_STORAGE_URL=S3_URL,
        AWS_ACCESS_KEY_ID="portal-key",
        AWS_SECRET_ACCESS_KEY="portal-secret",
    )

    public, private = report["default"], report["private"]
    assert public["s3"] and private["s3"]
    assert (public["bucket"], private["bucket"]) == ("portal-media", "portal-private")
    for storage in (public, private):
        assert storage["location"] == "chuhuiv"
        assert storage["endpoint"] == "https://s3.example.org"
        assert storage["region"] == "eu-central-1"
        assert storage["key"] == "portal-key"
        assert storage["overwrite"] is False
    assert private["acl"] == "private"
    assert public["signed"] is False


def test_public_files_in_the_bucket_are_linked_on_the_portals_own_address():
    report = storages_for(MEDIA_STORAGE_URL=S3_URL)

    # The proxy forwards /media/ to the bucket; pages load nothing from elsewhere.
    assert report["default"]["url"] == "/media/news/covers/a%20b.jpg"


def test_private_files_in_the_bucket_get_no_url_not_even_a_signed_one():
    report = storages_for(MEDIA_STORAGE_URL=S3_URL)

    assert report["private"]["url"] == f"refused: {NO_URL}"


def test_the_local_private_storage_refuses_to_name_a_url():
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url("hotline/1/photo.jpg")


def test_x_accel_redirect_and_a_bucket_do_not_go_together():
    result = run_python(
        PRINT_STORAGES,
        **production_environment(
            MEDIA_STORAGE_URL=S3_URL, PRIVATE_MEDIA_ACCEL_REDIRECT="/protected/"
        ),
    )

    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ACCEL_REDIRECT" in result.stderr.strip().splitlines()[-1]


def test_the_storage_url_is_parsed_into_both_storages_options(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE_URL", S3_URL + "&public_acl=public-read")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)

    options = env.s3_storage("MEDIA_STORAGE_URL")
    assert options is not None

    common = {
        "location": "chuhuiv",
        "file_overwrite": False,
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-central-1",
        "addressing_style": "path",
    }
    assert options["public"] == {
        **common,
        "bucket_name": "portal-media",
        "default_acl": "public-read",
        "querystring_auth": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    assert options["private"] == {
        **common,
        "bucket_name": "portal-private",
        "default_acl": "private",
        "querystring_auth": True,
    }


def test_an_unset_storage_url_means_local_files(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE_URL", raising=False)

    assert env.s3_storage("MEDIA_STORAGE_URL") is None


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("https://portal-media?private_bucket=portal-private", "scheme"),
        ("s3://portal-media", "private_bucket"),
        ("s3://portal-media?private_bucket=portal-media", "must differ"),
        ("s3://Portal_Media?private_bucket=portal-private", "bucket name"),
        ("s3://portal-media?private_bucket=x", "private_bucket must be a bucket"),
        ("s3://portal-media?private_bucket=portal-private&colour=red", "colour"),
        ("s3://portal-media?private_bucket=portal-private&region=", "with a value"),
        (
            "s3://portal-media?private_bucket=portal-private&region=a&region=b",
            "once",
        ),
        (
            "s3://portal-media?private_bucket=portal-private&endpoint_url=s3.org",
            "endpoint_url",
        ),
        (
            "s3://portal-media?private_bucket=portal-private&addressing_style=odd",
            "addressing_style",
        ),
        (
            "s3://portal-media?private_bucket=portal-private&public_acl=private",
            "public_acl",
        ),
    ],
)
def test_a_bad_storage_url_names_the_variable_and_the_fault(
    monkeypatch, value, complaint
):
    monkeypatch.setenv("MEDIA_STORAGE_URL", value)

    with pytest.raises(ImproperlyConfigured) as error:
        env.s3_storage("MEDIA_STORAGE_URL")

    assert "MEDIA_STORAGE_URL" in str(error.value)
    assert complaint in str(error.value)


def test_a_key_without_its_secret_is_refused(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE_URL", S3_URL)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "portal-key")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="AWS_SECRET_ACCESS_KEY"):
        env.s3_storage("MEDIA_STORAGE_URL")


@pytest.mark.parametrize("value", ["protected/", "/protected", "/", "//x/"])
def test_a_bad_accel_redirect_prefix_is_refused(monkeypatch, value):
    monkeypatch.setenv("PRIVATE_MEDIA_ACCEL_REDIRECT", value)

    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ACCEL_REDIRECT"):
        env.url_prefix("PRIVATE_MEDIA_ACCEL_REDIRECT")


def test_public_files_of_unpublished_things_get_addresses_nobody_can_guess():
    from django.db import models

    from accountability.models import Report, ReportAttachment
    from news.models import Article

    fields = [
        (Report, "cover", "reports/covers/"),
        (ReportAttachment, "file", "reports/files/"),
        (Article, "cover", "news/covers/"),
        (Article, "cover_thumb", "news/thumbs/"),
    ]
    for model, name, folder in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.FileField)
        first = field.generate_filename(model(), "plan.pdf")
        second = field.generate_filename(model(), "plan.pdf")

        assert first.startswith(folder) and first.endswith("/plan.pdf")
        assert first != second
        assert len(first.split("/")[2]) >= 16  # a random folder of its own
